import { useMutation, useQuery } from '@apollo/client';
import { type FormEvent, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { graphql } from '../../gql';
import { LocationSelect } from './LocationSelect';
import { useOpsAction } from './use-ops-action';
import type { TransferStatus } from '../../gql/graphql';

const TransfersDocument = graphql(`
  query OpsTransfers {
    locations {
      id
      name
    }
    transfers(first: 20) {
      id
      sourceId
      destinationId
      status
      lines {
        sku
        quantity
        received
        writtenOff
        inTransit
      }
    }
  }
`);

graphql(`
  fragment TransferOutcome on TransferPayload {
    transfer {
      id
      status
    }
    userErrors {
      code
      message
    }
  }
`);

const CreateTransferDocument = graphql(`
  mutation OpsCreateTransfer($input: CreateTransferInput!, $key: String!) {
    createTransfer(input: $input, idempotencyKey: $key) {
      ...TransferOutcome
    }
  }
`);
const ShipTransferDocument = graphql(`
  mutation OpsShipTransfer($id: ID!, $key: String!) {
    shipTransfer(id: $id, idempotencyKey: $key) {
      ...TransferOutcome
    }
  }
`);
const ReceiveTransferDocument = graphql(`
  mutation OpsReceiveTransfer($id: ID!, $key: String!, $received: [TransferLineInput!]!) {
    receiveTransfer(id: $id, idempotencyKey: $key, received: $received) {
      ...TransferOutcome
    }
  }
`);
const CancelTransferDocument = graphql(`
  mutation OpsCancelTransfer($id: ID!, $key: String!) {
    cancelTransfer(id: $id, idempotencyKey: $key) {
      ...TransferOutcome
    }
  }
`);

const STATUS_WORDS: Record<TransferStatus, string> = {
  DRAFT: 'draft',
  SHIPPED: 'on its way',
  RECEIVED: 'received',
  CANCELLED: 'cancelled',
};

/** Transfers between locations: draft one, ship it, receive what is on the way, or cancel a draft (asked twice). */
export function Transfers() {
  const { data, error, refetch } = useQuery(TransfersDocument, { fetchPolicy: 'cache-and-network' });
  const [create] = useMutation(CreateTransferDocument);
  const [ship] = useMutation(ShipTransferDocument);
  const [receive] = useMutation(ReceiveTransferDocument);
  const [cancel] = useMutation(CancelTransferDocument);
  const [form, setForm] = useState({ sourceId: '', destinationId: '', sku: '', quantity: '1' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const locations = data?.locations ?? [];
  const nameOf = (id: string) => locations.find((location) => location.id === id)?.name ?? id;

  const { status, act: run } = useOpsAction(refetch);
  const act: typeof run = (done, work) => {
    setConfirming(null);
    return run(done, work);
  };
  const key = () => crypto.randomUUID();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act('Transfer drafted: ship it when the units leave.', async () => {
      const answer = await create({
        variables: {
          key: key(),
          input: {
            sourceId: form.sourceId || (locations[0]?.id ?? ''),
            destinationId: form.destinationId || (locations[1]?.id ?? ''),
            lines: [{ sku: form.sku.trim().toUpperCase(), quantity: Number(form.quantity) }],
          },
        },
      });
      return answer.data?.createTransfer;
    });
  };

  return (
    <section aria-labelledby="transfers" className="panel panel--wide">
      <h2 id="transfers">Transfers</h2>
      <form className="form" onSubmit={submit} aria-labelledby="new-transfer">
        <h3 id="new-transfer">New transfer</h3>
        {(['sourceId', 'destinationId'] as const).map((end, i) => (
          <LocationSelect
            key={end}
            label={end === 'sourceId' ? 'From' : 'To'}
            value={form[end] || (locations[i]?.id ?? '')}
            locations={locations}
            onChange={(locationId) => setForm({ ...form, [end]: locationId })}
          />
        ))}
        <label className="field">
          <span>Sku to send</span>
          <input
            value={form.sku}
            maxLength={64}
            required
            onChange={(event) => setForm({ ...form, sku: event.target.value })}
          />
        </label>
        <label className="field field--inline">
          <span>Units</span>
          <input
            type="number"
            min={1}
            max={1_000_000}
            value={form.quantity}
            onChange={(event) => setForm({ ...form, quantity: event.target.value })}
          />
        </label>
        <button type="submit" className="button">
          Draft transfer
        </button>
      </form>
      <ErrorNote error={error} />
      <ul className="transfers" data-testid="transfers">
        {data?.transfers.map((transfer) => (
          <li key={transfer.id} className="transfer">
            <p>
              <strong>
                {nameOf(transfer.sourceId)} → {nameOf(transfer.destinationId)}
              </strong>
              , {STATUS_WORDS[transfer.status]}:{' '}
              {transfer.lines
                .map(
                  (line) =>
                    `${line.quantity} × ${line.sku}${line.inTransit ? ` (${line.inTransit} on the way)` : ''}${line.received ? ` (${line.received} received)` : ''}`,
                )
                .join(', ')}
            </p>
            {transfer.status === 'DRAFT' ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() =>
                  void act(
                    'Shipped: the units left the source.',
                    async () => (await ship({ variables: { id: transfer.id, key: key() } })).data?.shipTransfer,
                  )
                }
              >
                Ship {transfer.lines.map((line) => line.sku).join(', ')}
              </button>
            ) : null}
            {transfer.status === 'SHIPPED' ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() =>
                  void act(
                    'Received: the units are on hand at the destination.',
                    async () =>
                      (
                        await receive({
                          variables: {
                            id: transfer.id,
                            key: key(),
                            received: transfer.lines
                              .filter((line) => line.inTransit > 0)
                              .map((line) => ({ sku: line.sku, quantity: line.inTransit })),
                          },
                        })
                      ).data?.receiveTransfer,
                  )
                }
              >
                Receive all on the way
              </button>
            ) : null}
            {transfer.status === 'DRAFT' && confirming !== transfer.id ? (
              <button type="button" className="link-button" onClick={() => setConfirming(transfer.id)}>
                Cancel…
              </button>
            ) : null}
            {confirming === transfer.id ? (
              <span className="confirm">
                <button
                  type="button"
                  className="button button--danger"
                  onClick={() =>
                    void act(
                      'Cancelled.',
                      async () => (await cancel({ variables: { id: transfer.id, key: key() } })).data?.cancelTransfer,
                    )
                  }
                >
                  Confirm: cancel this transfer
                </button>
                <button type="button" className="link-button" onClick={() => setConfirming(null)}>
                  Keep it
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {data && data.transfers.length === 0 ? <p>No transfers yet.</p> : null}
      <p role="status" data-testid="transfer-outcome">
        {status}
      </p>
    </section>
  );
}
