import { envVar, loadSubgraphConfig, SubgraphConfig } from '@stockgraph/shared';

export interface OrderConfig extends SubgraphConfig {
  inventory: { url: string; timeoutMs: number };
  catalog: { url: string; timeoutMs: number };
}

/** Order settings from the environment; every bad value is reported at once. */
export function loadOrderConfig(env: Record<string, string | undefined> = process.env): OrderConfig {
  const { env: own, ...common } = loadSubgraphConfig(
    'order',
    4003,
    {
      INVENTORY_URL: envVar.httpUrl('http://127.0.0.1:4002/graphql'),
      INVENTORY_TIMEOUT_MS: envVar.int(3000, 50, 60_000),
      CATALOG_URL: envVar.httpUrl('http://127.0.0.1:4001/graphql'),
      CATALOG_TIMEOUT_MS: envVar.int(3000, 50, 60_000),
    },
    env,
  );
  return {
    ...common,
    inventory: { url: own.INVENTORY_URL, timeoutMs: own.INVENTORY_TIMEOUT_MS },
    catalog: { url: own.CATALOG_URL, timeoutMs: own.CATALOG_TIMEOUT_MS },
  };
}
