import { envVar } from '@stockgraph/runtime';
import { loadSubgraphConfig, type SubgraphConfig } from '@stockgraph/graphql-service';

export interface OrderConfig extends SubgraphConfig {
  inventory: { url: string; timeoutMs: number };
  catalog: { url: string; timeoutMs: number };
  recovery: { intervalMs: number; stallMs: number };
  /** How long a payment in flight keeps its order's hold (beginPayment). */
  paymentHoldSeconds: number;
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
      ORDER_RECOVERY_INTERVAL_MS: envVar.int(5000, 100, 3_600_000),
      ORDER_STALL_MS: envVar.int(30_000, 100, 86_400_000),
      PAYMENT_HOLD_SECONDS: envVar.int(600, 60, 3600),
    },
    env,
  );
  return {
    ...common,
    inventory: { url: own.INVENTORY_URL, timeoutMs: own.INVENTORY_TIMEOUT_MS },
    catalog: { url: own.CATALOG_URL, timeoutMs: own.CATALOG_TIMEOUT_MS },
    recovery: { intervalMs: own.ORDER_RECOVERY_INTERVAL_MS, stallMs: own.ORDER_STALL_MS },
    paymentHoldSeconds: own.PAYMENT_HOLD_SECONDS,
  };
}
