import { randomUUID } from 'node:crypto';
import { GraphQLClient } from '@stockgraph/runtime';
import { DEMO, OPS, originOf, stackTokens, startDistributedStack, tokenFrom } from '../src';
import { BENCH_KAFKA_BROKERS, ensureKafka, freshBenchDatabases } from './support/bench-infra';
import { closedLoop, formatMs, type LatencySummary } from './support/stats';

export interface ReservationRun {
  clients: number;
  seconds: number;
  requests: number;
  reserved: number;
  refused: number;
  failed: number;
  perSecond: number;
  latency: LatencySummary;
}

export interface ReservationBenchResult {
  distinct: ReservationRun;
  hot: ReservationRun & { stock: number; oversold: number; finalOnHand: number; finalReserved: number };
}

const RESERVE = `mutation ($sku: ID!, $key: String!) {
  reserveStock(input: { lines: [{ sku: $sku, quantity: 1 }] }, idempotencyKey: $key) { reservation { id } userErrors { code } }
}`;

/** `clients` loops reserving one unit each, as fast as answers come, for `seconds`. */
async function hammer(
  gateway: GraphQLClient,
  clients: number,
  seconds: number,
  skuOf: () => string,
): Promise<ReservationRun> {
  const run = await closedLoop(clients, seconds, async () => {
    const data = await gateway.request<{ reserveStock: { reservation: { id: string } | null } }>(RESERVE, {
      sku: skuOf(),
      key: randomUUID(),
    });
    return data.reserveStock.reservation ? 'reserved' : 'refused';
  });
  const { reserved = 0, refused = 0, failed = 0 } = run.outcomes;
  return {
    clients,
    seconds,
    requests: run.requests,
    reserved,
    refused,
    failed,
    perSecond: run.perSecond,
    latency: run.latency,
  };
}

/**
 * Reservations through the gateway on the distributed stack (MariaDB, Kafka): first over
 * 1,000 distinct skus, then all clients on one hot sku with half as many units as the
 * distinct case held (so it sells out midway), counting any unit sold twice.
 */
export async function runReservationBench(options: {
  clients: number;
  seconds: number;
}): Promise<ReservationBenchResult> {
  await ensureKafka();
  const stack = await startDistributedStack({
    basePort: 14600,
    databases: await freshBenchDatabases('reserve'),
    env: { KAFKA_BROKERS: BENCH_KAFKA_BROKERS, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '32' },
  });
  try {
    // Holds through the gateway are for operations (and stores, and services straight to inventory).
    const operator = `Bearer ${await tokenFrom(originOf(stack.gatewayUrl), { user: DEMO.ops })}`;
    const inventory = new GraphQLClient('inventory', stack.urls.inventory, 30_000, {
      authorization: (await stackTokens(stack.authKeyFile)).as(OPS),
    });
    const gateway = new GraphQLClient('gateway', stack.gatewayUrl, 30_000, {
      authorization: () => Promise.resolve(operator),
    });
    const skus = Array.from({ length: 1000 }, (_, i) => `RES-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < skus.length; i += 100) {
      await inventory.request(
        `mutation ($inputs: [AdjustStockInput!]!, $key: String!) { adjustStocks(inputs: $inputs, idempotencyKey: $key) { userErrors { code } } }`,
        {
          inputs: skus
            .slice(i, i + 100)
            .map((sku) => ({ sku, locationId: 'madrid-dc', set: 1_000_000, reason: 'RECEIVED' })),
          key: randomUUID(),
        },
      );
    }
    // A short warm-up so plan caches, pools and JITs are not measured.
    await hammer(gateway, 8, 2, () => skus[Math.floor(Math.random() * skus.length)]);

    process.stdout.write(`  ${options.clients} clients on 1,000 distinct skus for ${options.seconds} s…\n`);
    const distinct = await hammer(
      gateway,
      options.clients,
      options.seconds,
      () => skus[Math.floor(Math.random() * skus.length)],
    );
    // Half of what the distinct case held in the same time: the hot sku sells out midway,
    // so the refusal path runs under the full crowd and "oversold 0" means something.
    const hotStock = Math.max(100, Math.round(distinct.reserved / 2));
    await inventory.request(
      `mutation ($inputs: [AdjustStockInput!]!, $key: String!) { adjustStocks(inputs: $inputs, idempotencyKey: $key) { userErrors { code } } }`,
      {
        inputs: [{ sku: 'HOT-1', locationId: 'madrid-dc', set: hotStock, reason: 'RECEIVED' }],
        key: randomUUID(),
      },
    );
    process.stdout.write(`  ${options.clients} clients on one sku with ${hotStock} units for ${options.seconds} s…\n`);
    const hot = await hammer(gateway, options.clients, options.seconds, () => 'HOT-1');
    const level = await inventory.request<{ stockLevels: Array<{ onHand: number; reserved: number }> }>(
      `{ stockLevels(skus: ["HOT-1"]) { onHand reserved } }`,
    );
    const finalOnHand = level.stockLevels.reduce((s, l) => s + l.onHand, 0);
    const finalReserved = level.stockLevels.reduce((s, l) => s + l.reserved, 0);
    return {
      distinct,
      hot: {
        ...hot,
        stock: hotStock,
        oversold: Math.max(0, hot.reserved - hotStock, finalReserved - finalOnHand),
        finalOnHand,
        finalReserved,
      },
    };
  } finally {
    await stack.stop();
  }
}

function line(name: string, run: ReservationRun): string {
  return `  ${name.padEnd(20)} ${run.perSecond.toFixed(0)} req/s (${run.reserved} held, ${run.refused} refused, ${run.failed} failed)  p50 ${formatMs(run.latency.p50)}  p99 ${formatMs(run.latency.p99)}`;
}

export function printReservationBench(r: ReservationBenchResult): void {
  process.stdout.write(
    [
      `reservations through the gateway, ${r.distinct.clients} concurrent clients`,
      line('distinct skus', r.distinct),
      line('one hot sku', r.hot),
      `  hot sku              ${r.hot.stock} units: ${r.hot.reserved} held${r.hot.reserved === r.hot.stock ? ' (sold out)' : ' (NOT sold out: the refusal path did not run)'}, ${r.hot.refused} refused, oversold ${r.hot.oversold} (final onHand ${r.hot.finalOnHand}, reserved ${r.hot.finalReserved})`,
    ].join('\n') + '\n',
  );
}
