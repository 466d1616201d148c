/** A tab GraphiQL opens with (its TabDefinition, which it does not export). */
export interface ConsoleTab {
  query: string;
  variables?: string;
}

/** The console's first tabs: what operations staff reach for most. */
export const CONSOLE_TABS: ConsoleTab[] = [
  {
    query: `# Products with their live availability: names and prices from catalog, stock from inventory.
query Browse($first: Int = 10) {
  products(first: $first, filter: { active: true }) {
    edges {
      node {
        sku
        name
        price { amount currency }
        inventory { available byLocation { location { id name } available } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    query: `# Holds stock for every line or none (sign in as ops or store staff first).
# Retrying with the same idempotency key returns the first answer.
mutation Reserve($key: String!) {
  reserveStock(idempotencyKey: $key, input: { lines: [{ sku: "SG-0001", quantity: 1 }], ttlSeconds: 300, reference: "console" }) {
    reservation { id status expiresAt lines { sku quantity location { id } } }
    userErrors { code message field }
  }
}`,
    variables: '{ "key": "console-reserve-1" }',
  },
  {
    query: `# Sets on-hand stock, only if it is still what you saw (changeFrom); CHANGE_FROM_STALE otherwise.
mutation Adjust($key: String!) {
  adjustStock(idempotencyKey: $key, input: { sku: "SG-0001", locationId: "madrid-dc", set: 40, changeFrom: 0, reason: CYCLE_COUNT }) {
    stockLevel { sku onHand reserved available version location { id } }
    userErrors { code message field }
  }
}`,
    variables: '{ "key": "console-adjust-1" }',
  },
  {
    query: `# Every committed stock change of these skus, as it happens (graphql-ws).
subscription WatchStock {
  stockChanged(skus: ["SG-0001", "SG-0002"]) {
    sku
    location { name }
    onHand
    reserved
    available
    cause
    changedAt
    product { name }
  }
}`,
  },
  {
    query: `# An order now, then after every status change.
subscription WatchOrder($id: ID!) {
  orderUpdated(id: $id) {
    id
    status
    customerId
    holdExpiresAt
    history { from to cause at }
  }
}`,
    variables: '{ "id": "<an order id>" }',
  },
];
