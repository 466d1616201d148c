import { useMutation } from '@apollo/client';
import { useCallback, useEffect, useState } from 'react';
import type { CartLine } from '../cart/cart';
import { apiErrorMessage } from '../errors/messages';
import { graphql } from '../gql';
import type { ValidateStockMutation } from '../gql/graphql';

const ValidateStockDocument = graphql(`
  mutation ValidateStock($input: ValidateStockInput!) {
    validateStock(input: $input) {
      ok
      degraded
      warning
      items {
        sku
        requested
        available
        currentStock
      }
    }
  }
`);

/**
 * The cart checked live against inventory, again whenever the cart changes or the
 * shopper asks. The answer holds nothing; it may be degraded (from the projected view)
 * when inventory cannot answer in time.
 */
export function useStockValidation(lines: readonly CartLine[]) {
  const [validate] = useMutation(ValidateStockDocument);
  const [result, setResult] = useState<ValidateStockMutation['validateStock'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (lines.length === 0) return;
    let current = true;
    setChecking(true);
    setError(null);
    validate({ variables: { input: { items: lines.map(({ sku, quantity }) => ({ sku, quantity })) } } })
      .then(({ data }) => {
        if (current) setResult(data?.validateStock ?? null);
      })
      .catch((caught: unknown) => {
        if (current) {
          setResult(null);
          setError(apiErrorMessage(caught as Error));
        }
      })
      .finally(() => {
        if (current) setChecking(false);
      });
    return () => {
      current = false;
    };
  }, [lines, round, validate]);
  const recheck = useCallback(() => setRound((value) => value + 1), []);
  return { result, error, checking, recheck };
}
