import { useMutation } from '@apollo/client';
import { type FormEvent, useState } from 'react';
import { apiErrorMessage, inventoryOutcomeMessage } from '../../errors/messages';
import { graphql } from '../../gql';
import type { AdjustmentReason } from '../../gql/graphql';

const AdjustStockDocument = graphql(`
  mutation OpsAdjustStock($idempotencyKey: String!, $input: AdjustStockInput!) {
    adjustStock(idempotencyKey: $idempotencyKey, input: $input) {
      stockLevel {
        onHand
        version
      }
      userErrors {
        code
        message
        field
      }
    }
  }
`);

const REASONS: AdjustmentReason[] = [
  'CYCLE_COUNT',
  'RECEIVED',
  'RESTOCK',
  'CORRECTION',
  'DAMAGED',
  'SHRINKAGE',
  'PROMOTION',
  'OTHER',
];

/**
 * Adjusts on-hand stock at one location, by a delta or to a value, with compare-and-set:
 * `changeFrom` starts as the figure shown when the form appeared and does not follow later
 * changes, so if someone else changed the stock meanwhile the API refuses and nothing changes.
 */
export function AdjustStockForm({
  sku,
  location,
  shownOnHand,
}: {
  sku: string;
  location: { id: string; name: string };
  shownOnHand: number;
}) {
  const [mode, setMode] = useState<'set' | 'delta'>('set');
  const [amount, setAmount] = useState(String(shownOnHand));
  const [changeFrom, setChangeFrom] = useState(String(shownOnHand));
  const [reason, setReason] = useState<AdjustmentReason>('CYCLE_COUNT');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [adjust, { loading }] = useMutation(AdjustStockDocument);
  const id = `adjust-${location.id}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const value = Number(amount);
    const expected = changeFrom.trim() === '' ? null : Number(changeFrom);
    if (
      !Number.isInteger(value) ||
      (mode === 'delta' && value === 0) ||
      (expected !== null && !Number.isInteger(expected))
    ) {
      setOutcome({
        ok: false,
        text: mode === 'delta' ? 'Give a whole, non-zero number of units.' : 'Give a whole number of units.',
      });
      return;
    }
    try {
      const { data } = await adjust({
        variables: {
          idempotencyKey: crypto.randomUUID(),
          input: {
            sku,
            locationId: location.id,
            reason,
            ...(mode === 'set' ? { set: value } : { delta: value }),
            ...(expected === null ? {} : { changeFrom: expected }),
          },
        },
      });
      const payload = data?.adjustStock;
      const first = payload?.userErrors[0];
      if (first) setOutcome({ ok: false, text: inventoryOutcomeMessage(first.code) });
      else if (payload?.stockLevel) {
        setOutcome({
          ok: true,
          text: `Done: ${payload.stockLevel.onHand} on hand now (version ${payload.stockLevel.version}).`,
        });
        setChangeFrom(String(payload.stockLevel.onHand));
      }
    } catch (error) {
      setOutcome({ ok: false, text: apiErrorMessage(error as Error) });
    }
  };

  return (
    <form className="form adjust" onSubmit={(event) => void submit(event)} aria-labelledby={id} data-testid={id}>
      <h3 id={id}>Adjust at {location.name}</h3>
      <fieldset className="adjust__mode">
        <legend>Change</legend>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === 'set'} onChange={() => setMode('set')} /> set on
          hand to
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={mode === 'delta'} onChange={() => setMode('delta')} /> change
          by
        </label>
      </fieldset>
      <label className="field field--inline">
        <span>Units</span>
        <input
          name="amount"
          type="number"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          required
        />
      </label>
      <label className="field field--inline">
        <span>Only if on hand is still</span>
        <input
          name="changeFrom"
          type="number"
          min={0}
          value={changeFrom}
          onChange={(event) => setChangeFrom(event.target.value)}
        />
      </label>
      <label className="field field--inline">
        <span>Reason</span>
        <select name="reason" value={reason} onChange={(event) => setReason(event.target.value as AdjustmentReason)}>
          {REASONS.map((value) => (
            <option key={value} value={value}>
              {value.toLowerCase().replace('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" disabled={loading}>
        Adjust
      </button>
      <p role="status" className={outcome?.ok === false ? 'error' : 'ok'} data-testid={`${id}-outcome`}>
        {outcome?.text}
      </p>
      {outcome?.ok === false && changeFrom !== String(shownOnHand) ? (
        <button type="button" className="link-button" onClick={() => setChangeFrom(String(shownOnHand))}>
          Start from the current figure ({shownOnHand})
        </button>
      ) : null}
    </form>
  );
}
