import { randomUUID } from 'node:crypto';
import { GraphQLClient } from '@stockgraph/runtime';
import { DEMO, OPS, originOf, stackTokens, startDistributedStack, tokenFrom } from '../src';
import {
  BENCH_KAFKA_BROKERS,
  BENCH_MYSQL_URL,
  benchStackEnv,
  ensureKafka,
  freshBenchDatabases,
} from './support/bench-infra';
import { cpuSpent, type CpuReading, readCpu } from './support/cpu-accounting';
import {
  captureTransaction,
  dropDatabase,
  floorCopy,
  type FloorRun,
  measureFloor,
  type RoundTrip,
  statementsOf,
} from './support/database-floor';
import { closedLoop, formatMs, type LatencySummary, openLoop, type OpenLoopRun } from './support/stats';

export interface ReservationRun {
  clients: number;
  seconds: number;
  requests: number;
  reserved: number;
  refused: number;
  failed: number;
  perSecond: number;
  latency: LatencySummary;
  /** CPU seconds per process over the run (services, MariaDB, Kafka, this load generator). */
  cpu: CpuReading;
}

export interface ReservationBenchResult {
  /** The round trips inventory sent for one reservation, as MariaDB received them. */
  roundTrips: RoundTrip[];
  distinctFloor: FloorRun;
  distinct: ReservationRun;
  /** Through the gateway at half the floor's rate. */
  open: OpenLoopRun<'reserved' | 'refused'>;
  /** Through the gateway at half the rate the stack sustained in its closed loop. */
  openSustainable: OpenLoopRun<'reserved' | 'refused'>;
  hotFloor: FloorRun;
  hot: ReservationRun & { stock: number; oversold: number; finalOnHand: number; finalReserved: number };
}

const RESERVE = `mutation ($sku: ID!, $key: String!) {
  reserveStock(input: { lines: [{ sku: $sku, quantity: 1 }] }, idempotencyKey: $key) { reservation { id } userErrors { code } }
}`;

const HOT = 'HOT-1';
/** The sku whose reservation is captured; the floor replays it for every other sku. */
const CAPTURED = 'RES-0000';

/**
 * Reservations through the gateway on the distributed stack (MariaDB, Kafka), each case
 * beside its floor: the round trips inventory sends for one reservation, captured from
 * MariaDB's general log and replayed straight from mysql2 at the same concurrency. First
 * 1,000 distinct skus (closed loop, then an open loop at half the floor's rate), then all
 * clients on one hot sku with half as many units as the distinct case held (so it sells
 * out midway), counting any unit sold twice.
 */
export async function runReservationBench(options: {
  clients: number;
  seconds: number;
}): Promise<ReservationBenchResult> {
  await ensureKafka();
  const databases = await freshBenchDatabases('reserve');
  const inventoryDatabase = new URL(databases.inventory).pathname.slice(1);
  const stack = await startDistributedStack({
    basePort: 14600,
    databases,
    env: benchStackEnv({ KAFKA_BROKERS: BENCH_KAFKA_BROKERS, LOG_LEVEL: 'warn', DATABASE_POOL_SIZE: '32' }),
  });
  let floorDatabase: string | undefined;
  try {
    // Holds through the gateway are for operations (and stores, and services straight to inventory).
    const operator = `Bearer ${await tokenFrom(originOf(stack.gatewayUrl), { user: DEMO.ops })}`;
    const inventory = new GraphQLClient('inventory', stack.urls.inventory, 30_000, {
      authorization: (await stackTokens(stack.authKeyFile)).as(OPS),
    });
    const gateway = new GraphQLClient('gateway', stack.gatewayUrl, 30_000, {
      authorization: () => Promise.resolve(operator),
    });
    const setStock = (rows: Array<{ sku: string; units: number }>) =>
      inventory.request(
        `mutation ($inputs: [AdjustStockInput!]!, $key: String!) { adjustStocks(inputs: $inputs, idempotencyKey: $key) { userErrors { code } } }`,
        {
          inputs: rows.map(({ sku, units }) => ({ sku, locationId: 'madrid-dc', set: units, reason: 'RECEIVED' })),
          key: randomUUID(),
        },
      );
    const skus = Array.from({ length: 1000 }, (_, i) => `RES-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < skus.length; i += 100)
      await setStock(skus.slice(i, i + 100).map((sku) => ({ sku, units: 1_000_000 })));
    // The hot sku's floor copy never sells out: the floor is the cost of a reservation that holds.
    await setStock([{ sku: HOT, units: 1_000_000 }]);
    const reserve = async (sku: string, key = randomUUID()) => {
      const data = await gateway.request<{ reserveStock: { reservation: { id: string } | null } }>(RESERVE, {
        sku,
        key,
      });
      return data.reserveStock.reservation ? ('reserved' as const) : ('refused' as const);
    };
    const randomSku = () => skus[Math.floor(Math.random() * skus.length)];
    // A short warm-up so plan caches, pools and JITs are not measured.
    await closedLoop(8, 2, () => reserve(randomSku()));

    const marker = randomUUID();
    const roundTrips = await captureTransaction(BENCH_MYSQL_URL, marker, async () => {
      if ((await reserve(CAPTURED, marker)) !== 'reserved') throw new Error('the captured reservation was refused');
    });
    floorDatabase = await floorCopy(BENCH_MYSQL_URL, inventoryDatabase, ['stock_levels', 'locations']);
    const floor = (skuOf: () => string) =>
      measureFloor({
        serverUrl: BENCH_MYSQL_URL,
        database: floorDatabase as string,
        clients: options.clients,
        seconds: options.seconds,
        trips: roundTrips,
        capturedSku: CAPTURED,
        skuOf,
      });
    const serviceMetrics = {
      gateway: stack.gatewayUrl.replace('/graphql', '/metrics'),
      inventory: stack.urls.inventory.replace('/graphql', '/metrics'),
      catalog: stack.urls.catalog.replace('/graphql', '/metrics'),
      order: stack.urls.order.replace('/graphql', '/metrics'),
    };
    const hammer = async (skuOf: () => string): Promise<ReservationRun> => {
      const before = await readCpu(serviceMetrics);
      const run = await closedLoop(options.clients, options.seconds, () => reserve(skuOf()));
      const cpu = cpuSpent(before, await readCpu(serviceMetrics));
      const { reserved = 0, refused = 0, failed = 0 } = run.outcomes;
      const { clients, requests, perSecond, latency } = run;
      return { clients, seconds: options.seconds, requests, reserved, refused, failed, perSecond, latency, cpu };
    };

    process.stdout.write(`  floor: ${options.clients} connections on 1,000 distinct skus for ${options.seconds} s…\n`);
    const distinctFloor = await floor(randomSku);
    process.stdout.write(`  ${options.clients} clients on 1,000 distinct skus for ${options.seconds} s…\n`);
    const distinct = await hammer(randomSku);
    // At half the floor (the target), and at half what the stack itself just sustained: the
    // first says whether it keeps up; the second what an answer takes at a load it can carry.
    const openLoopAt = async (perSecond: number, what: string) => {
      const rate = Math.max(1, Math.round(perSecond));
      process.stdout.write(`  open loop: ${rate}/s (${what}) for ${options.seconds} s…\n`);
      return openLoop(rate, options.seconds, 4 * options.clients, () => reserve(randomSku()));
    };
    const open = await openLoopAt(distinctFloor.perSecond / 2, 'half the floor');
    const openSustainable = await openLoopAt(distinct.perSecond / 2, 'half the stack’s closed loop');

    process.stdout.write(`  floor: ${options.clients} connections on one sku for ${options.seconds} s…\n`);
    const hotFloor = await floor(() => HOT);
    // Half of what the distinct case held in the same time: the hot sku sells out midway,
    // so the refusal path runs under the full crowd and "oversold 0" means something.
    const hotStock = Math.max(100, Math.round(distinct.reserved / 2));
    await setStock([{ sku: HOT, units: hotStock }]);
    process.stdout.write(`  ${options.clients} clients on one sku with ${hotStock} units for ${options.seconds} s…\n`);
    const hot = await hammer(() => HOT);
    const level = await inventory.request<{ stockLevels: Array<{ onHand: number; reserved: number }> }>(
      `{ stockLevels(skus: ["${HOT}"]) { onHand reserved } }`,
    );
    const finalOnHand = level.stockLevels.reduce((s, l) => s + l.onHand, 0);
    const finalReserved = level.stockLevels.reduce((s, l) => s + l.reserved, 0);
    return {
      roundTrips,
      distinctFloor,
      distinct,
      open,
      openSustainable,
      hotFloor,
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
    if (floorDatabase) await dropDatabase(BENCH_MYSQL_URL, floorDatabase);
  }
}

/** CPU milliseconds per operation, by process, largest first. */
function cpuPerOperation(cpu: CpuReading, operations: number): string {
  const total = Object.values(cpu).reduce((sum, seconds) => sum + seconds, 0);
  const parts = Object.entries(cpu)
    .filter(([, seconds]) => seconds > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([name, seconds]) => `${name} ${((seconds * 1000) / operations).toFixed(2)}`);
  return `${((total * 1000) / operations).toFixed(2)} ms CPU per operation (${parts.join(', ')})`;
}

function statements(trips: readonly RoundTrip[]): number {
  return trips.reduce((sum, trip) => sum + statementsOf(trip).length, 0);
}

function floorLine(run: FloorRun): string {
  const done = run.outcomes.done ?? 0;
  const notDone = [
    run.outcomes.refused ? `${run.outcomes.refused} refused by the guard` : '',
    run.outcomes.failed ? `${run.outcomes.failed} failed (deadlock or error)` : '',
  ].filter(Boolean);
  return `  ${'floor'.padEnd(20)} ${run.perSecond.toFixed(0)} /s (${done} committed${notDone.length > 0 ? `; ${notDone.join(', ')}` : ''})  p50 ${formatMs(run.latency.p50)}  p99 ${formatMs(run.latency.p99)}\n  ${''.padEnd(20)} ${cpuPerOperation(run.cpu, Math.max(1, done))}`;
}

function stackLine(name: string, run: ReservationRun, floor: FloorRun): string {
  const done = run.reserved + run.refused;
  return [
    `  ${name.padEnd(20)} ${run.perSecond.toFixed(0)} req/s (${run.reserved} held, ${run.refused} refused, ${run.failed} failed)  p50 ${formatMs(run.latency.p50)}  p99 ${formatMs(run.latency.p99)}`,
    `  ${''.padEnd(20)} stack ÷ floor ${(run.perSecond / floor.perSecond).toFixed(3)} in throughput`,
    `  ${''.padEnd(20)} ${cpuPerOperation(run.cpu, Math.max(1, done))}`,
  ].join('\n');
}

function openLine(name: string, run: OpenLoopRun<'reserved' | 'refused'>, cap: number): string {
  const latency =
    run.notSent > 0
      ? `p50 ${formatMs(run.latency.p50)}, p99 unbounded: ${run.notSent} requests were due while ${cap} waited, and never sent`
      : `p50 ${formatMs(run.latency.p50)}  p99 ${formatMs(run.latency.p99)}`;
  return `  ${name.padEnd(20)} ${run.offered}/s offered: ${run.sent} sent, ${run.perSecond.toFixed(0)} answered/s, ${run.outcomes.failed ?? 0} failed; from due time ${latency}`;
}

export function printReservationBench(r: ReservationBenchResult): void {
  const cap = 4 * r.distinct.clients;
  process.stdout.write(
    [
      `reservations through the gateway, ${r.distinct.clients} concurrent clients`,
      `  one reservation      ${r.roundTrips.length} round trips, ${statements(r.roundTrips)} statements from inventory (captured; the floor replays them)`,
      'distinct skus',
      floorLine(r.distinctFloor),
      stackLine('stack', r.distinct, r.distinctFloor),
      openLine('open, ½ floor', r.open, cap),
      openLine('open, ½ stack', r.openSustainable, cap),
      'one hot sku',
      floorLine(r.hotFloor),
      stackLine('stack', r.hot, r.hotFloor),
      `  hot sku              ${r.hot.stock} units: ${r.hot.reserved} held${r.hot.reserved === r.hot.stock ? ' (sold out)' : ' (NOT sold out: the refusal path did not run)'}, ${r.hot.refused} refused, oversold ${r.hot.oversold} (final onHand ${r.hot.finalOnHand}, reserved ${r.hot.finalReserved})`,
    ].join('\n') + '\n',
  );
}
