import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { DEMO_PRODUCTS } from '@stockgraph/domain';
import { GraphQLClient } from '@stockgraph/runtime';
import { DEMO, OPS, originOf, readMetric, stackTokens, startDistributedStack, tokenFrom } from '../src';
import { BENCH_KAFKA_BROKERS, benchStackEnv, ensureKafka, freshBenchDatabases } from './support/bench-infra';
import { closedLoop, formatMs, type LatencySummary } from './support/stats';

export interface CheckoutRun {
  clients: number;
  requests: number;
  perSecond: number;
  degraded: number;
  failed: number;
  /** Calls catalog made to inventory during the run (cache misses, batched). */
  inventoryCalls: number;
  latency: LatencySummary;
}

export interface CheckoutBenchResult {
  cartLines: number;
  redis: boolean;
  sequential: CheckoutRun;
  concurrent: CheckoutRun;
  /** With stock changing under the carts, so cached answers keep being dropped. */
  churning: CheckoutRun & { stockChanges: number };
}

const VALIDATE = `mutation ($items: [StockCheckItemInput!]!) {
  validateStock(input: { items: $items }) { ok degraded items { sku available currentStock } }
}`;

/** Redis for the shared cache and limit when this machine runs one (as it does in CI), else the in-memory ones. */
async function localRedis(): Promise<string | null> {
  const url = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { hostname, port } = new URL(url);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
  return reachable ? url : null;
}

function cartOf(skus: readonly string[], lines: number): Array<{ sku: string; quantity: number }> {
  const start = Math.floor(Math.random() * skus.length);
  return Array.from({ length: lines }, (_, i) => ({ sku: skus[(start + i * 7) % skus.length], quantity: 1 + (i % 3) }));
}

async function validateFor(
  gateway: GraphQLClient,
  clients: number,
  seconds: number,
  cart: () => Array<{ sku: string; quantity: number }>,
  inventoryCalls: () => Promise<number>,
): Promise<CheckoutRun> {
  const callsBefore = await inventoryCalls();
  const run = await closedLoop(clients, seconds, async () => {
    const data = await gateway.request<{ validateStock: { degraded: boolean } }>(VALIDATE, { items: cart() });
    return data.validateStock.degraded ? 'degraded' : 'live';
  });
  return {
    clients,
    requests: run.requests,
    perSecond: run.perSecond,
    degraded: run.outcomes.degraded ?? 0,
    failed: run.outcomes.failed ?? 0,
    inventoryCalls: (await inventoryCalls()) - callsBefore,
    latency: run.latency,
  };
}

/**
 * validateStock through the gateway on the distributed stack (MariaDB, Kafka, Redis when
 * present), for carts of `cartLines` lines: one shopper at a time, many at once, and many
 * while stock keeps changing under them (every change drops cached answers, so a share of
 * validations go to inventory, batched and rate limited).
 */
export async function runCheckoutBench(options: {
  cartLines: number;
  seconds: number;
  clients: number;
  stockChangesPerSecond: number;
}): Promise<CheckoutBenchResult> {
  await ensureKafka();
  const redisUrl = await localRedis();
  const stack = await startDistributedStack({
    basePort: 15000,
    databases: await freshBenchDatabases('checkout'),
    env: benchStackEnv({
      KAFKA_BROKERS: BENCH_KAFKA_BROKERS,
      LOG_LEVEL: 'warn',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    }),
  });
  try {
    // Shoppers check their carts signed in; the stock under them is changed by operations.
    const shopper = `Bearer ${await tokenFrom(originOf(stack.gatewayUrl), { user: DEMO.customerA })}`;
    const gateway = new GraphQLClient('gateway', stack.gatewayUrl, 30_000, {
      authorization: () => Promise.resolve(shopper),
    });
    const inventory = new GraphQLClient('inventory', stack.urls.inventory, 30_000, {
      authorization: (await stackTokens(stack.authKeyFile)).as(OPS),
    });
    const inventoryCalls = () =>
      readMetric(stack.urls.catalog.replace('/graphql', '/metrics'), 'inventory_stock_calls_total');
    const skus = DEMO_PRODUCTS.map((p) => p.sku);
    const cart = () => cartOf(skus, options.cartLines);
    // Warm-up: plan caches, pools, JIT and the answer cache for every sku.
    await validateFor(gateway, 4, 3, cart, inventoryCalls);

    process.stdout.write(`  one shopper, ${options.cartLines}-line carts, ${options.seconds} s…\n`);
    const sequential = await validateFor(gateway, 1, options.seconds, cart, inventoryCalls);
    process.stdout.write(`  ${options.clients} shoppers at once, ${options.seconds} s…\n`);
    const concurrent = await validateFor(gateway, options.clients, options.seconds, cart, inventoryCalls);

    process.stdout.write(
      `  ${options.clients} shoppers with ${options.stockChangesPerSecond} stock changes/s under them, ${options.seconds} s…\n`,
    );
    let stockChanges = 0;
    const deadline = Date.now() + options.seconds * 1000;
    const churn = (async () => {
      for (let i = 0; Date.now() < deadline && i < options.seconds * options.stockChangesPerSecond; i += 1) {
        const due = deadline - options.seconds * 1000 + (i * 1000) / options.stockChangesPerSecond;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        await inventory.request(
          'mutation ($input: AdjustStockInput!, $key: String!) { adjustStock(input: $input, idempotencyKey: $key) { userErrors { code } } }',
          {
            input: { sku: skus[i % skus.length], locationId: 'madrid-dc', delta: 1, reason: 'RESTOCK' },
            key: randomUUID(),
          },
        );
        stockChanges += 1;
      }
    })();
    const churning = await validateFor(gateway, options.clients, options.seconds, cart, inventoryCalls);
    await churn;
    return {
      cartLines: options.cartLines,
      redis: redisUrl !== null,
      sequential,
      concurrent,
      churning: { ...churning, stockChanges },
    };
  } finally {
    await stack.stop();
  }
}

function line(name: string, run: CheckoutRun): string {
  return `  ${name.padEnd(34)} ${run.perSecond.toFixed(0).padStart(5)} carts/s  p50 ${formatMs(run.latency.p50)}  p99 ${formatMs(run.latency.p99)}  max ${formatMs(run.latency.max)}  (${run.inventoryCalls} inventory calls, ${run.degraded} degraded, ${run.failed} failed)`;
}

export function printCheckoutBench(r: CheckoutBenchResult): void {
  process.stdout.write(
    [
      `validateStock through the gateway, ${r.cartLines}-line carts, cache and limit in ${r.redis ? 'Redis' : 'memory'}`,
      line('warm, 1 shopper', r.sequential),
      line(`warm, ${r.concurrent.clients} shoppers`, r.concurrent),
      line(`${r.churning.clients} shoppers, ${r.churning.stockChanges} stock changes`, r.churning),
      '',
    ].join('\n'),
  );
}
