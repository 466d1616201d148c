import { useQuery } from '@apollo/client';
import { Link } from 'wouter';
import { useSession } from '../auth/session';
import { formatMoney } from '../components/format-money';
import { ORDER_STATUS_WORDS, orderNumber } from '../components/order-status';
import { Pager } from '../components/Pager';
import { graphql } from '../gql';
import { useCursorPages } from '../hooks/use-cursor-pages';
import { ErrorNote } from '../components/ErrorNote';

const PAGE_SIZE = 20;

const MyOrdersDocument = graphql(`
  query MyOrders($first: Int!, $after: String) {
    orders(first: $first, after: $after, excludeStatuses: [FAILED]) {
      edges {
        node {
          id
          status
          createdAt
          total {
            amount
            currency
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** `/orders`: the signed-in shopper's orders, newest first (an order the shop could not place is not one). */
export function OrdersPage() {
  const session = useSession();
  const pages = useCursorPages();
  const { data, error } = useQuery(MyOrdersDocument, {
    variables: { first: PAGE_SIZE, after: pages.after },
    skip: !session,
    fetchPolicy: 'cache-and-network',
  });
  if (!session) {
    return (
      <section aria-labelledby="orders-title">
        <h1 id="orders-title">Your orders</h1>
        <Link href="/signin?next=/orders">Sign in to see your orders</Link>
      </section>
    );
  }
  const connection = data?.orders;
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Your orders</h1>
      <ErrorNote error={error} />
      {connection && connection.edges.length === 0 ? <p>No orders yet.</p> : null}
      <ul className="orders">
        {connection?.edges.map(({ node }) => (
          <li key={node.id}>
            <Link href={`/order?id=${encodeURIComponent(node.id)}`}>Order {orderNumber(node.id)}</Link> —{' '}
            {new Date(node.createdAt).toLocaleString()} — {ORDER_STATUS_WORDS[node.status]} —{' '}
            {formatMoney(node.total.amount, node.total.currency)}
          </li>
        ))}
      </ul>
      <Pager pages={pages} pageInfo={connection?.pageInfo} />
    </section>
  );
}
