import { useMutation, useQuery } from '@apollo/client';
import { type FormEvent, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { graphql } from '../../gql';
import type { PurchaseOrderStatus } from '../../gql/graphql';
import { LocationSelect } from './LocationSelect';
import { useOpsAction } from './use-ops-action';

const PurchaseOrdersDocument = graphql(`
  query OpsPurchaseOrders {
    locations {
      id
      name
    }
    purchaseOrders(first: 20) {
      id
      locationId
      supplierReference
      expectedAt
      status
      lines {
        sku
        expected
        received
        outstanding
      }
    }
  }
`);

graphql(`
  fragment PurchaseOrderOutcome on PurchaseOrderPayload {
    purchaseOrder {
      id
      status
    }
    userErrors {
      code
      message
    }
  }
`);

const CreatePurchaseOrderDocument = graphql(`
  mutation OpsCreatePurchaseOrder($input: CreatePurchaseOrderInput!, $key: String!) {
    createPurchaseOrder(input: $input, idempotencyKey: $key) {
      ...PurchaseOrderOutcome
    }
  }
`);
const ReceivePurchaseOrderDocument = graphql(`
  mutation OpsReceivePurchaseOrder($id: ID!, $key: String!, $lines: [TransferLineInput!]!) {
    receivePurchaseOrder(id: $id, idempotencyKey: $key, lines: $lines) {
      ...PurchaseOrderOutcome
    }
  }
`);

const STATUS_WORDS: Record<PurchaseOrderStatus, string> = {
  OPEN: 'expected',
  RECEIVED: 'received',
  CLOSED: 'closed short',
};

/** Stock expected from suppliers: order it (it shows as incoming), then receive what arrives. */
export function PurchaseOrders() {
  const { data, error, refetch } = useQuery(PurchaseOrdersDocument, { fetchPolicy: 'cache-and-network' });
  const [create] = useMutation(CreatePurchaseOrderDocument);
  const [receive] = useMutation(ReceivePurchaseOrderDocument);
  const [form, setForm] = useState({ locationId: '', supplierReference: '', sku: '', quantity: '1', expected: '' });
  const locations = data?.locations ?? [];
  const nameOf = (id: string) => locations.find((location) => location.id === id)?.name ?? id;

  const { status, act } = useOpsAction(refetch);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act('Ordered: the units show as incoming until they arrive.', async () => {
      const answer = await create({
        variables: {
          key: crypto.randomUUID(),
          input: {
            locationId: form.locationId || (locations[0]?.id ?? ''),
            supplierReference: form.supplierReference.trim(),
            expectedAt: form.expected ? new Date(form.expected).toISOString() : new Date().toISOString(),
            lines: [{ sku: form.sku.trim().toUpperCase(), quantity: Number(form.quantity) }],
          },
        },
      });
      return answer.data?.createPurchaseOrder;
    });
  };

  return (
    <section aria-labelledby="purchase-orders" className="panel panel--wide">
      <h2 id="purchase-orders">Incoming stock</h2>
      <form className="form" onSubmit={submit} aria-labelledby="new-purchase-order">
        <h3 id="new-purchase-order">New purchase order</h3>
        <LocationSelect
          label="Deliver to"
          value={form.locationId || (locations[0]?.id ?? '')}
          locations={locations}
          onChange={(locationId) => setForm({ ...form, locationId })}
        />
        <label className="field">
          <span>Supplier reference</span>
          <input
            value={form.supplierReference}
            maxLength={200}
            required
            onChange={(event) => setForm({ ...form, supplierReference: event.target.value })}
          />
        </label>
        <label className="field">
          <span>Sku expected</span>
          <input
            value={form.sku}
            maxLength={64}
            required
            onChange={(event) => setForm({ ...form, sku: event.target.value })}
          />
        </label>
        <label className="field field--inline">
          <span>Units expected</span>
          <input
            type="number"
            min={1}
            max={1_000_000}
            value={form.quantity}
            onChange={(event) => setForm({ ...form, quantity: event.target.value })}
          />
        </label>
        <label className="field">
          <span>Expected on</span>
          <input
            type="datetime-local"
            value={form.expected}
            onChange={(event) => setForm({ ...form, expected: event.target.value })}
          />
        </label>
        <button type="submit" className="button">
          Order
        </button>
      </form>
      <ErrorNote error={error} />
      <ul className="transfers" data-testid="purchase-orders">
        {data?.purchaseOrders.map((order) => (
          <li key={order.id} className="transfer">
            <p>
              <strong>{order.supplierReference}</strong> to {nameOf(order.locationId)}, {STATUS_WORDS[order.status]}
              {order.status === 'OPEN' ? ` for ${new Date(order.expectedAt).toLocaleDateString()}` : ''}:{' '}
              {order.lines.map((line) => `${line.received} of ${line.expected} × ${line.sku} received`).join(', ')}
            </p>
            {order.status === 'OPEN' ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() =>
                  void act(
                    'Received: the units are on hand.',
                    async () =>
                      (
                        await receive({
                          variables: {
                            id: order.id,
                            key: crypto.randomUUID(),
                            lines: order.lines
                              .filter((line) => line.outstanding > 0)
                              .map((line) => ({ sku: line.sku, quantity: line.outstanding })),
                          },
                        })
                      ).data?.receivePurchaseOrder,
                  )
                }
              >
                Receive {order.supplierReference} in full
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {data && data.purchaseOrders.length === 0 ? <p>Nothing expected.</p> : null}
      <p role="status" data-testid="purchase-order-outcome">
        {status}
      </p>
    </section>
  );
}
