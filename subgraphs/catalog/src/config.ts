import { envVar, loadSubgraphConfig, SubgraphConfig } from '@stockgraph/shared';

export interface CatalogConfig extends SubgraphConfig {
  inventory: { url: string; timeoutMs: number };
  /** How often the stock projection is reconciled with inventory (0: only on request). */
  reconcileIntervalMs: number;
}

/** Catalog settings from the environment; every bad value is reported at once. */
export function loadCatalogConfig(env: Record<string, string | undefined> = process.env): CatalogConfig {
  const { env: own, ...common } = loadSubgraphConfig(
    'catalog',
    4001,
    {
      INVENTORY_URL: envVar.httpUrl('http://127.0.0.1:4002/graphql'),
      INVENTORY_TIMEOUT_MS: envVar.int(3000, 50, 60_000),
      RECONCILE_INTERVAL_MS: envVar.int(600_000, 0, 86_400_000),
    },
    env,
  );
  return {
    ...common,
    inventory: { url: own.INVENTORY_URL, timeoutMs: own.INVENTORY_TIMEOUT_MS },
    reconcileIntervalMs: own.RECONCILE_INTERVAL_MS,
  };
}
