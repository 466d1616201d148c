import { useQuery } from '@apollo/client';
import { useEffect } from 'react';
import { graphql } from '../../gql';
import { ErrorNote } from '../../components/ErrorNote';

const LedgerDocument = graphql(`
  query StockLedger($sku: ID!, $first: Int!) {
    stockMovements(sku: $sku, first: $first) {
      edges {
        node {
          id
          locationId
          kind
          onHandDelta
          reservedDelta
          onHandAfter
          reservedAfter
          reason
          reference
          actor
          createdAt
        }
      }
    }
  }
`);

const SHOWN = 20;
const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

/** The sku's newest ledger rows, read again after every change (`changes` counts them). */
export function StockLedger({ sku, changes }: { sku: string; changes: number }) {
  const { data, error, refetch } = useQuery(LedgerDocument, {
    variables: { sku, first: SHOWN },
    fetchPolicy: 'network-only',
  });
  useEffect(() => {
    if (changes > 0) void refetch();
  }, [changes, refetch]);
  return (
    <section aria-labelledby="ledger">
      <h3 id="ledger">Ledger (newest first)</h3>
      <ErrorNote error={error} />
      <ol className="ledger" data-testid="ledger" aria-live="polite" aria-relevant="additions">
        {data?.stockMovements.edges.map(({ node }) => (
          <li key={node.id}>
            <time dateTime={node.createdAt}>{new Date(node.createdAt).toLocaleTimeString()}</time> {node.kind} at{' '}
            {node.locationId}: on hand {signed(node.onHandDelta)} → {node.onHandAfter}, reserved{' '}
            {signed(node.reservedDelta)} → {node.reservedAfter} · {node.actor}
            {node.reason ? ` · ${node.reason}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
