import { useMutation, useQuery, useSubscription } from '@apollo/client';
import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { useSession } from '../auth/session';
import { formatMoney } from '../components/format-money';
import { ORDER_STATUS_WORDS, orderNumber } from '../components/order-status';
import { HoldCountdown } from '../components/HoldCountdown';
import { PaymentForm } from '../components/PaymentForm';
import { orderOutcomeMessage, problemOf } from '../errors/messages';
import { graphql } from '../gql';
import type { OrderStatus } from '../gql/graphql';
import { ErrorNote } from '../components/ErrorNote';

/** What the order page shows of an order, from the query and from every live update alike. */
export const OrderDetailsFields = graphql(`
  fragment OrderDetails on Order {
    id
    status
    createdAt
    holdExpiresAt
    paymentReference
    total {
      amount
      currency
    }
    failure {
      code
      message
    }
    lines {
      quantity
      unitPrice {
        amount
        currency
      }
      product {
        sku
        name
      }
    }
    history {
      from
      to
      at
    }
  }
`);

const OrderDocument = graphql(`
  query OrderPage($id: ID!) {
    order(id: $id) {
      ...OrderDetails
    }
  }
`);

/** The order as it stands, then after every change: the cache updates the page. */
const OrderUpdatedDocument = graphql(`
  subscription OrderPageUpdates($id: ID!) {
    orderUpdated(id: $id) {
      ...OrderDetails
    }
  }
`);

const CancelOrderDocument = graphql(`
  mutation CancelOrder($id: ID!) {
    cancelOrder(id: $id, reason: "cancelled by the shopper") {
      order {
        ...OrderDetails
      }
      userErrors {
        code
        message
      }
    }
  }
`);

/** What each status means to the shopper. */
const STATUS_TEXT: Record<OrderStatus, string> = {
  PENDING: 'Placing your order: holding the stock…',
  RESERVED: 'Your items are held for you: pay to complete the order.',
  CONFIRMED: 'Paid and confirmed. Thank you!',
  CANCELLED: 'Cancelled. Nothing was charged.',
  EXPIRED: 'The time to pay ran out and the items went back on sale. Nothing was charged.',
  FAILED: 'This order could not be placed. Nothing was charged.',
};

/** `/order?id=…`: one order, its status and history updating live, with payment while its stock is held. */
export function OrderPage() {
  const id = new URLSearchParams(useSearch()).get('id')?.slice(0, 64) ?? '';
  const session = useSession();
  const { data, loading, error } = useQuery(OrderDocument, { variables: { id }, skip: !id || !session });
  useSubscription(OrderUpdatedDocument, { variables: { id }, skip: !id || !session });
  const [cancel, cancelling] = useMutation(CancelOrderDocument);
  const [problem, setProblem] = useState<string | null>(null);

  if (!session) {
    return (
      <section aria-labelledby="order-title">
        <h1 id="order-title">Your order</h1>
        <p>Sign in to see your order.</p>
        <Link href={`/signin?next=${encodeURIComponent(`/order?id=${id}`)}`} className="button">
          Sign in
        </Link>
      </section>
    );
  }
  if (error) return <ErrorNote error={error} />;
  const order = data?.order;
  if (!order) return loading ? <p>Loading your order…</p> : <p role="alert">There is no order {id} for you.</p>;

  const onCancel = async () => {
    setProblem(null);
    setProblem(
      await problemOf(
        () => cancel({ variables: { id: order.id } }),
        ({ data: answer }) => {
          const first = answer?.cancelOrder.userErrors[0];
          return first ? orderOutcomeMessage(first.code) : null;
        },
      ),
    );
  };
  const held = order.status === 'RESERVED';
  return (
    <article aria-labelledby="order-title">
      <h1 id="order-title">Order {orderNumber(order.id)}</h1>
      <div aria-live="polite" className="order__status">
        <p>
          Status:{' '}
          <strong data-testid="order-status" data-status={order.status}>
            {ORDER_STATUS_WORDS[order.status]}
          </strong>
        </p>
        <p>{STATUS_TEXT[order.status]}</p>
        {order.failure ? <p className="error">{orderOutcomeMessage(order.failure.code)}</p> : null}
      </div>
      {held && order.holdExpiresAt ? <HoldCountdown expiresAt={order.holdExpiresAt} /> : null}
      <table className="table">
        <caption className="visually-hidden">Order lines</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Quantity</th>
            <th scope="col">Price</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.product.sku}>
              <th scope="row">{line.product.name}</th>
              <td>{line.quantity}</td>
              <td>{formatMoney(line.unitPrice.amount * line.quantity, line.unitPrice.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="cart__total">
        Total <strong>{formatMoney(order.total.amount, order.total.currency)}</strong>
      </p>
      <ErrorNote message={problem} />
      {held ? <PaymentForm orderId={order.id} total={formatMoney(order.total.amount, order.total.currency)} /> : null}
      {held || order.status === 'PENDING' ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void onCancel()}
          disabled={cancelling.loading}
        >
          Cancel order
        </button>
      ) : null}
      <h2 id="history">History</h2>
      <ol aria-labelledby="history" className="history" data-testid="order-history">
        {order.history.map((event) => (
          <li key={`${event.at}-${event.to}`}>
            <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time> —{' '}
            {event.from ? `${ORDER_STATUS_WORDS[event.from]} → ` : ''}
            {ORDER_STATUS_WORDS[event.to]}
          </li>
        ))}
      </ol>
      <Link href="/orders">All your orders</Link>
    </article>
  );
}
