import { send } from './answer';

/** Each subgraph's own GraphQL URL. */
export type SubgraphUrls = Readonly<Record<'catalog' | 'inventory' | 'order' | 'accounts', string>>;

/** What a snapshot covers besides the skus: the order and hold a case works on, if any. */
export interface SnapshotScope {
  skus: readonly string[];
  orderId?: string | undefined;
  reservationId?: string | undefined;
}

const CATALOG = `query ($skus: [ID!]) {
  products(first: 100, filter: { skus: $skus }) { edges { node { sku name description active price { amount currency } category { id } updatedAt } } }
}`;

const INVENTORY = `query ($skus: [ID!]!, $reservationId: ID!, $withReservation: Boolean!) {
  stockLevels(skus: $skus) { sku onHand reserved safetyStock version updatedAt location { id } }
  locations { id name kind region priority }
  reservation(id: $reservationId) @include(if: $withReservation) { id status expiresAt updatedAt lines { sku quantity location { id } } }
}`;

const ORDER = `query ($orderId: ID!, $withOrder: Boolean!) {
  orders(first: 5) { edges { node { id status customerId updatedAt } } }
  order(id: $orderId) @include(if: $withOrder) { id status customerId paymentReference updatedAt history { from to cause } }
}`;

/**
 * The state a call about `scope` could change, read as operations straight from each
 * subgraph: the skus' products and stock levels at every location (a version bumps on
 * every movement), the locations, the newest orders, and the case's own order and hold.
 * Two equal snapshots around a refused call mean it changed nothing there.
 */
export async function snapshotState(
  urls: SubgraphUrls,
  opsAuthorization: string,
  scope: SnapshotScope,
): Promise<Record<string, unknown>> {
  const read = async (url: string, query: string, variables: Record<string, unknown>) => {
    const answer = await send(url, query, variables, opsAuthorization);
    if (answer.errors.length > 0 || answer.data === null)
      throw new Error(`reading state from ${url} failed: ${JSON.stringify(answer.errors)}`);
    return answer.data;
  };
  const [catalog, inventory, order] = await Promise.all([
    read(urls.catalog, CATALOG, { skus: scope.skus }),
    read(urls.inventory, INVENTORY, {
      skus: scope.skus,
      reservationId: scope.reservationId ?? '',
      withReservation: scope.reservationId !== undefined,
    }),
    read(urls.order, ORDER, { orderId: scope.orderId ?? '', withOrder: scope.orderId !== undefined }),
  ]);
  return { catalog, inventory, order };
}
