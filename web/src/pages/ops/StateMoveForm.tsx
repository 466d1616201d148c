import { useMutation } from '@apollo/client';
import { type FormEvent, useState } from 'react';
import { apiErrorMessage } from '../../errors/messages';
import { graphql } from '../../gql';
import { LocationSelect } from './LocationSelect';
import type { StateMoveReason, StockStateName } from '../../gql/graphql';

const MoveStockStateDocument = graphql(`
  mutation OpsMoveStockState($idempotencyKey: String!, $input: MoveStockStateInput!) {
    moveStockState(idempotencyKey: $idempotencyKey, input: $input) {
      stockLevel {
        onHand
        damaged
        qualityControl
        available
      }
      userErrors {
        code
        message
      }
    }
  }
`);

const STATE_WORDS: Record<StockStateName, string> = {
  SELLABLE: 'sellable',
  DAMAGED: 'damaged',
  QUALITY_CONTROL: 'in quality control',
  WRITTEN_OFF: 'written off',
};
const FROM: StockStateName[] = ['SELLABLE', 'DAMAGED', 'QUALITY_CONTROL'];
const TO: StockStateName[] = ['DAMAGED', 'QUALITY_CONTROL', 'SELLABLE', 'WRITTEN_OFF'];
const REASON_WORDS: Record<StateMoveReason, string> = {
  INSPECTION: 'inspection',
  TRANSPORT_DAMAGE: 'damaged in transport',
  CUSTOMER_RETURN: 'customer return',
  EXPIRED: 'expired',
  REPAIRED: 'repaired',
  QUALITY_PASSED: 'passed quality control',
  QUALITY_FAILED: 'failed quality control',
  OTHER: 'other',
};

/** Moves units of a sku at one of its locations between sellable, damaged and quality control, or writes them off. */
export function StateMoveForm({
  sku,
  locations,
}: {
  sku: string;
  locations: ReadonlyArray<{ id: string; name: string }>;
}) {
  const [locationId, setLocationId] = useState(locations[0]?.id ?? '');
  const [quantity, setQuantity] = useState('1');
  const [from, setFrom] = useState<StockStateName>('SELLABLE');
  const [to, setTo] = useState<StockStateName>('DAMAGED');
  const [reason, setReason] = useState<StateMoveReason>('INSPECTION');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [move, { loading }] = useMutation(MoveStockStateDocument);
  const place = locations.find((location) => location.id === locationId) ?? locations[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(null);
    const units = Number(quantity);
    if (!Number.isInteger(units) || units < 1) {
      setOutcome('Type a whole number of units, at least 1.');
      return;
    }
    try {
      const answer = await move({
        variables: {
          idempotencyKey: crypto.randomUUID(),
          input: { sku, locationId: place?.id ?? '', quantity: units, from, to, reason },
        },
      });
      const result = answer.data?.moveStockState;
      const refused = result?.userErrors[0];
      setOutcome(
        refused
          ? `Nothing moved: ${refused.message}.`
          : `Moved ${units} from ${STATE_WORDS[from]} to ${STATE_WORDS[to]}: ${result?.stockLevel?.available ?? '?'} available now.`,
      );
    } catch (error) {
      setOutcome(apiErrorMessage(error as Error));
    }
  };
  if (!place) return null;
  return (
    <form className="form panel__sub" onSubmit={(event) => void submit(event)} aria-labelledby={`state-move-${sku}`}>
      <h3 id={`state-move-${sku}`}>Move units between states</h3>
      <LocationSelect label="At" value={place.id} locations={locations} onChange={setLocationId} />
      <label className="field field--inline">
        <span>Units to move</span>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          value={quantity}
          onChange={(event) => setQuantity(event.target.value)}
        />
      </label>
      <label className="field">
        <span>From</span>
        <select value={from} onChange={(event) => setFrom(event.target.value as StockStateName)}>
          {FROM.map((state) => (
            <option key={state} value={state}>
              {STATE_WORDS[state]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>To</span>
        <select value={to} onChange={(event) => setTo(event.target.value as StockStateName)}>
          {TO.filter((state) => state !== from).map((state) => (
            <option key={state} value={state}>
              {STATE_WORDS[state]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Why</span>
        <select value={reason} onChange={(event) => setReason(event.target.value as StateMoveReason)}>
          {(Object.keys(REASON_WORDS) as StateMoveReason[]).map((value) => (
            <option key={value} value={value}>
              {REASON_WORDS[value]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button" disabled={loading}>
        Move
      </button>
      <p role="status" data-testid="state-move-outcome">
        {outcome}
      </p>
    </form>
  );
}
