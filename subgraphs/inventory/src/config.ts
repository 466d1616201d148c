import { envVar } from '@stockgraph/runtime';
import { loadSubgraphConfig, type SubgraphConfig } from '@stockgraph/graphql-service';
import type { AllocationStrategy } from './domain/allocate';
import type { ReserveLimits } from './domain/reserve-request';
import { DEFAULT_WAREHOUSE_CLOCK_SKEW_MS } from './domain/warehouse-clock';

export interface InventoryConfig extends SubgraphConfig {
  reservations: ReserveLimits & {
    strategy: AllocationStrategy;
    idempotencyTtlMs: number;
    sweepIntervalMs: number;
    /** No hold lasts longer than this after it was made, however often it is extended. */
    maxLifetimeSeconds: number;
  };
  warehouse: {
    /** How far ahead of this service's clock a warehouse count may be dated before it is refused. */
    clockSkewMs: number;
  };
  /** Calls a second each caller (by `apollographql-client-name`; `*` for the rest) may make; over it, RATE_LIMITED. */
  callerRateLimits: Map<string, number>;
}

const HOUR_MS = 60 * 60 * 1000;

/** Inventory settings from the environment; every bad value is reported at once. */
export function loadInventoryConfig(env: Record<string, string | undefined> = process.env): InventoryConfig {
  const config = loadSubgraphConfig(
    'inventory',
    4002,
    {
      RESERVATION_TTL_DEFAULT_SECONDS: envVar.int(900, 1, 7 * 24 * 3600),
      RESERVATION_TTL_MIN_SECONDS: envVar.int(1, 1, 3600),
      RESERVATION_TTL_MAX_SECONDS: envVar.int(24 * 3600, 1, 7 * 24 * 3600),
      // Extensions (a payment in flight) keep a hold at most this long after it was made.
      RESERVATION_MAX_LIFETIME_SECONDS: envVar.int(48 * 3600, 60, 14 * 24 * 3600),
      RESERVATION_MAX_LINES: envVar.int(100, 1, 1000),
      RESERVATION_MAX_QUANTITY: envVar.int(100_000, 1, 1_000_000_000),
      ALLOCATION_STRATEGY: envVar.oneOf(['priority', 'most-stock'] as const, 'priority'),
      IDEMPOTENCY_TTL_HOURS: envVar.int(24, 1, 24 * 30),
      RESERVATION_SWEEP_INTERVAL_MS: envVar.int(1000, 10, 3_600_000),
      // At most a day: a larger allowance would let a mis-dated count freeze a level for that long.
      WAREHOUSE_CLOCK_SKEW_MS: envVar.int(DEFAULT_WAREHOUSE_CLOCK_SKEW_MS, 0, 24 * HOUR_MS),
      // Catalog's INVENTORY_RATE_LIMIT defaults to the same 100: its limiter keeps under this, this holds it.
      CALLER_RATE_LIMITS: envVar.callerLimits('catalog:100'),
    },
    env,
  );
  const { env: own, ...common } = config;
  return {
    ...common,
    reservations: {
      defaultTtlSeconds: own.RESERVATION_TTL_DEFAULT_SECONDS,
      minTtlSeconds: own.RESERVATION_TTL_MIN_SECONDS,
      maxTtlSeconds: own.RESERVATION_TTL_MAX_SECONDS,
      maxLifetimeSeconds: own.RESERVATION_MAX_LIFETIME_SECONDS,
      maxLines: own.RESERVATION_MAX_LINES,
      maxQuantityPerLine: own.RESERVATION_MAX_QUANTITY,
      strategy: own.ALLOCATION_STRATEGY,
      idempotencyTtlMs: own.IDEMPOTENCY_TTL_HOURS * HOUR_MS,
      sweepIntervalMs: own.RESERVATION_SWEEP_INTERVAL_MS,
    },
    warehouse: { clockSkewMs: own.WAREHOUSE_CLOCK_SKEW_MS },
    callerRateLimits: own.CALLER_RATE_LIMITS,
  };
}
