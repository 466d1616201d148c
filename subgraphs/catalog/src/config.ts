import { envVar } from '@stockgraph/runtime';
import { loadSubgraphConfig, type SubgraphConfig } from '@stockgraph/graphql-service';
import type { DegradedPolicy } from './domain/validate-stock';

export interface CatalogConfig extends SubgraphConfig {
  inventory: {
    url: string;
    /** The whole budget of a live stock check. */
    timeoutMs: number;
    /** Calls per second inventory accepts, shared by every catalog instance (through Redis when configured). */
    rateLimit: number;
    /**
     * The window the limit is counted over: a second plus a guard for calls that take
     * longer than others to arrive, so inventory never counts more than the limit in any
     * one second of its own.
     */
    rateWindowMs: number;
    breakerResetMs: number;
    batchWindowMs: number;
  };
  stockCache: { ttlMs: number };
  degradedPolicy: DegradedPolicy;
  auditRetentionMs: number;
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
      INVENTORY_RATE_LIMIT: envVar.int(100, 1, 100_000),
      INVENTORY_RATE_GUARD_MS: envVar.int(200, 0, 10_000),
      INVENTORY_BREAKER_RESET_MS: envVar.int(5000, 100, 600_000),
      STOCK_CHECK_BATCH_WINDOW_MS: envVar.int(2, 0, 1000),
      STOCK_CACHE_TTL_MS: envVar.int(30_000, 0, 3_600_000),
      DEGRADED_MODE: envVar.oneOf(['allow', 'block'] as const, 'allow'),
      AUDIT_RETENTION_DAYS: envVar.int(7, 1, 3650),
      RECONCILE_INTERVAL_MS: envVar.int(600_000, 0, 86_400_000),
    },
    env,
  );
  return {
    ...common,
    inventory: {
      url: own.INVENTORY_URL,
      timeoutMs: own.INVENTORY_TIMEOUT_MS,
      rateLimit: own.INVENTORY_RATE_LIMIT,
      rateWindowMs: 1000 + own.INVENTORY_RATE_GUARD_MS,
      breakerResetMs: own.INVENTORY_BREAKER_RESET_MS,
      batchWindowMs: own.STOCK_CHECK_BATCH_WINDOW_MS,
    },
    stockCache: { ttlMs: own.STOCK_CACHE_TTL_MS },
    degradedPolicy: own.DEGRADED_MODE,
    auditRetentionMs: own.AUDIT_RETENTION_DAYS * 24 * 60 * 60 * 1000,
    reconcileIntervalMs: own.RECONCILE_INTERVAL_MS,
  };
}
