import { randomUUID } from 'node:crypto';
import { GraphQLClient } from '@stockgraph/runtime';
import { OPS, stackTokens } from './stack-tokens';
import { type StoreCentre, startStoreProcess, type StoreProcess } from './store-process';

/** A cashier of every shop `openShop` opens, and the PIN it signs in with. */
const CASHIER = { name: 'e2e-cashier', pin: 'e2e-till-pin' };

export interface ShopOptions {
  /** The shop's location, created (or changed) as a STORE location of `region`. */
  locationId: string;
  region: string;
  /** Allocation order of the location: high, so that holds naming no location go elsewhere first. */
  priority: number;
  /** On hand per sku at the shop, set before its store starts. */
  stock: Readonly<Record<string, number>>;
  /** Its store process's environment over startStoreProcess's (KAFKA_BROKERS, allowance and retry settings). */
  env?: Record<string, string>;
}

/** A sale as the till lists it. */
export interface TillSale {
  id: string;
  status: 'PENDING' | 'SYNCED' | 'REJECTED';
  lines: Array<{ sku: string; quantity: number }>;
}

export interface Shop {
  locationId: string;
  store: StoreProcess;
  /**
   * `{ authorization: 'Bearer tls_…' }`: a cashier's till session at the store. The store
   * keeps it in its own database, so it outlives a restart of the store, as it does in a shop.
   */
  till: Record<string, string>;
  /** The store's backlog of sales and returns not yet recorded centrally. */
  backlog(): Promise<number>;
  /** Every sale the till has made, newest first. */
  sales(): Promise<TillSale[]>;
  /** What the centre refused for good (`kind id code`). */
  deadLetters(): Promise<string[]>;
  /** The replica's on hand and the allowance left per sku, as the till sees them. */
  stocks(skus: readonly string[]): Promise<Map<string, { onHand: number; allowanceLeft: number }>>;
}

/**
 * Opens a shop beside a running stack, as operations and its manager do: the location and
 * its stock, an API key for it, its store service (its own process and SQLite file), a
 * cashier, and a till signed in. Resolves once the store is ready; its allowance comes a
 * little later (a test waits for `stocks(...).allowanceLeft`).
 */
export async function openShop(
  centre: StoreCentre & { urls: { inventory: string } },
  options: ShopOptions,
): Promise<Shop> {
  const tokens = await stackTokens(centre.authKeyFile);
  const inventory = new GraphQLClient('inventory', centre.urls.inventory, 30_000, { authorization: tokens.as(OPS) });
  const { locationId } = options;
  await inventory.request('mutation ($input: LocationInput!) { upsertLocation(input: $input) { id } }', {
    input: {
      id: locationId,
      name: `Shop ${locationId}`,
      kind: 'STORE',
      region: options.region,
      priority: options.priority,
    },
  });
  await inventory.request(
    'mutation ($inputs: [AdjustStockInput!]!, $key: String!) { adjustStocks(inputs: $inputs, idempotencyKey: $key) { userErrors { code } } }',
    {
      inputs: Object.entries(options.stock).map(([sku, set]) => ({ sku, locationId, set, reason: 'RECEIVED' })),
      key: randomUUID(),
    },
  );
  const { createStoreApiKey } = await inventory.request<{ createStoreApiKey: { secret: string } }>(
    'mutation ($at: ID!) { createStoreApiKey(locationId: $at) { secret } }',
    { at: locationId },
  );
  const store = await startStoreProcess(centre, {
    locationId,
    apiKey: createStoreApiKey.secret,
    // The cheapest PIN hash the store accepts: what is tested here is selling, not hashing.
    env: { TILL_SCRYPT_LOG_N: '14', ...options.env },
  });
  try {
    const asOps = new GraphQLClient(`store-${locationId}`, store.url, 30_000, { authorization: tokens.as(OPS) });
    await asOps.request('mutation ($name: String!, $pin: String!) { setCashier(name: $name, pin: $pin) }', CASHIER);
    // No token at all: a cashier signs in with the PIN alone.
    const client = new GraphQLClient(`store-${locationId}`, store.url, 30_000);
    const { tillSignIn } = await client.request<{ tillSignIn: { token: string } }>(
      'mutation ($name: String!, $pin: String!) { tillSignIn(cashier: $name, pin: $pin) { token } }',
      CASHIER,
    );
    const till = { authorization: `Bearer ${tillSignIn.token}` };
    const ask = <Data>(query: string, variables: Record<string, unknown> = {}) =>
      client.request<Data>(query, variables, { headers: till });
    return {
      locationId,
      store,
      till,
      backlog: async () =>
        (await ask<{ syncStatus: { backlog: number } }>('{ syncStatus { backlog } }')).syncStatus.backlog,
      sales: () => tillSales(ask),
      deadLetters: async () =>
        (
          await ask<{ syncDeadLetters: Array<{ kind: string; id: string; code: string }> }>(
            '{ syncDeadLetters { kind id code } }',
          )
        ).syncDeadLetters.map(({ kind, id, code }) => `${kind} ${id} ${code}`),
      stocks: async (skus) => {
        const { storeStocks } = await ask<{
          storeStocks: Array<{ sku: string; onHand: number; allowanceLeft: number }>;
        }>('query ($skus: [ID!]!) { storeStocks(skus: $skus) { sku onHand allowanceLeft } }', { skus });
        return new Map(storeStocks.map(({ sku, ...figures }) => [sku, figures]));
      },
    };
  } catch (error) {
    await store.stop();
    throw error;
  }
}

type SalesPage = {
  sales: { edges: Array<{ node: TillSale }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

/** Pages through the till's sales (100 a page, at most 1,000 pages). */
async function tillSales(
  ask: <Data>(query: string, variables?: Record<string, unknown>) => Promise<Data>,
): Promise<TillSale[]> {
  const all: TillSale[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const { sales }: SalesPage = await ask<SalesPage>(
      'query ($after: String) { sales(first: 100, after: $after) { edges { node { id status lines { sku quantity } } } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    all.push(...sales.edges.map((edge) => edge.node));
    if (!sales.pageInfo.hasNextPage) return all;
    after = sales.pageInfo.endCursor;
  }
  throw new Error('the till lists more than 100,000 sales');
}
