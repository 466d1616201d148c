import { randomUUID } from 'node:crypto';
import { GraphQLClient } from '@stockgraph/runtime';
import { histogramQuantileMs, OPS, readHistogram, readMetric, stackTokens, startDistributedStack } from '../src';
import { cpuSpent, type CpuReading, formatCpu, readCpu } from './support/cpu-accounting';
import { type LightSubscriber, lightSubscriber, rawField, rawInt } from './support/light-subscriber';
import { BENCH_KAFKA_BROKERS, benchStackEnv, ensureKafka, freshBenchDatabases, paced } from './support/bench-infra';
import { formatBucket, formatMs, type LatencySummary, summarize } from './support/stats';

export interface SubscriptionBenchOptions {
  /** What the case shows, for the report. */
  name: string;
  subscribers: number;
  skus: number;
  skusPerSubscriber: number;
  changesPerSecond: number;
  seconds: number;
}

export interface SubscriptionBenchResult {
  options: SubscriptionBenchOptions;
  changesMade: number;
  changeRate: number;
  deliveriesExpected: number;
  deliveriesReceived: number;
  /** Deliveries whose changedAt could not be read: received, but not in `latency`. */
  untimed: number;
  deliveryRate: number;
  coalescedOrDropped: number;
  lost: number;
  latency: LatencySummary;
  gatewayRssMb: { start: number; peak: number };
  upstreamSubscriptions: number;
  /** From the first socket to the gateway counting every subscription open. */
  openSeconds: number;
  /** Clients that were refused or dropped too often in a row and stopped trying. */
  gaveUp: number;
  /** (client, changed sku) pairs at the end, and how many of them had not got the final version. */
  finalValues: { checked: number; stale: number };
  /** Where the time goes, from the services' own histograms: p50 and p99 of each stage, as bucket upper bounds in ms. */
  stages: Record<StageName, { p50: number; p99: number }>;
  /** CPU seconds each process spent while stock was changing (and the tail drained). */
  cpu: CpuReading;
  measuredSeconds: number;
}

/** The stages of a change's way to a client, each from a service's own histogram. */
const STAGES = {
  'commit → inventory feed': { service: 'inventory', histogram: 'stock_live_feed_lag_seconds' },
  'feed → inventory runs it': { service: 'inventory', histogram: 'stock_live_queue_seconds' },
  'gateway arrival → queued': { service: 'gateway', histogram: 'gateway_subscription_event_seconds' },
  'queued → written': { service: 'gateway', histogram: 'gateway_subscription_write_seconds' },
} as const;
type StageName = keyof typeof STAGES;

const SUBSCRIPTION = `subscription ($skus: [ID!]) {
  stockChanged(skus: $skus) { sku locationId version changedAt product { name } }
}`;

/** A deterministic pseudo-random source, so every run watches the same skus. */
function rng(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor((state / 2 ** 31) * n);
  };
}

/**
 * Live stock at scale through the real distributed stack on Kafka: many gateway
 * subscribers, each watching a few skus with a catalog field, while stock changes at a
 * steady rate. Latency is from the inventory commit (the event's changedAt) to the
 * client receiving it.
 */
export async function runSubscriptionBench(options: SubscriptionBenchOptions): Promise<SubscriptionBenchResult> {
  await ensureKafka();
  const stack = await startDistributedStack({
    basePort: 14500,
    databases: await freshBenchDatabases('subs'),
    env: benchStackEnv({
      KAFKA_BROKERS: BENCH_KAFKA_BROKERS,
      LOG_LEVEL: 'warn',
      SEED_DEMO_DATA: 'true',
      DATABASE_POOL_SIZE: '20',
    }),
  });
  const subscriptions: LightSubscriber[] = [];
  try {
    // Products and stock are set up and changed by operations; the subscribers watch anonymously, as a storefront does.
    const asOps = (await stackTokens(stack.authKeyFile)).as(OPS);
    const catalog = new GraphQLClient('catalog', stack.urls.catalog, 10_000, { authorization: asOps });
    const inventory = new GraphQLClient('inventory', stack.urls.inventory, 10_000, { authorization: asOps });
    const skus = Array.from({ length: options.skus }, (_, i) => `BENCH-${String(i).padStart(4, '0')}`);
    process.stdout.write(`  creating ${skus.length} products and their stock…\n`);
    await paced(skus.length, 100_000, 16, Number.POSITIVE_INFINITY, async (i) => {
      await catalog.request(
        `mutation ($sku: ID!, $name: String!) { upsertProduct(input: { sku: $sku, name: $name, categoryId: "home", price: { amount: 1000, currency: "EUR" } }) { created } }`,
        { sku: skus[i], name: `Bench product ${skus[i]}` },
      );
      await inventory.request(
        `mutation ($sku: ID!, $key: String!) { adjustStock(input: { sku: $sku, locationId: "madrid-dc", set: 1000000, reason: RECEIVED }, idempotencyKey: $key) { userErrors { code } } }`,
        { sku: skus[i], key: randomUUID() },
      );
    });

    process.stdout.write(`  opening ${options.subscribers} subscriptions…\n`);
    const random = rng(42);
    const watchers = new Map<string, number>();
    const latencies: number[] = [];
    let received = 0;
    let untimed = 0;
    let gaveUp = 0;
    let lastGiveUp = '';
    let measuring = false;
    /** Per client, the newest version it got of each sku it watches. */
    const newestSeen: Array<{ skus: string[]; versions: Map<string, number> }> = [];
    const openStarted = Date.now();
    for (let s = 0; s < options.subscribers; s += 1) {
      const mine = new Set<string>();
      while (mine.size < options.skusPerSubscriber) mine.add(skus[random(skus.length)]);
      mine.forEach((sku) => watchers.set(sku, (watchers.get(sku) ?? 0) + 1));
      const seen = { skus: [...mine], versions: new Map<string, number>() };
      newestSeen.push(seen);
      subscriptions.push(
        lightSubscriber(
          stack.gatewayUrl,
          SUBSCRIPTION,
          { skus: [...mine] },
          (raw) => {
            const sku = rawField(raw, 'sku');
            const version = rawInt(raw, 'version');
            if (sku !== null && version !== null && version > (seen.versions.get(sku) ?? 0))
              seen.versions.set(sku, version);
            if (!measuring) return;
            received += 1;
            const changedAt = Date.parse(rawField(raw, 'changedAt') ?? '');
            // A message without a readable changedAt cannot be timed; it is counted apart,
            // never put into the percentiles as NaN (which sorts anywhere).
            if (Number.isFinite(changedAt)) latencies.push(Date.now() - changedAt);
            else untimed += 1;
          },
          (reason) => {
            gaveUp += 1;
            lastGiveUp = reason;
          },
        ),
      );
    }
    const inventoryMetrics = stack.urls.inventory.replace('/graphql', '/metrics');
    const gatewayMetrics = stack.gatewayUrl.replace('/graphql', '/metrics');
    const deadline = Date.now() + 120_000;
    while ((await readMetric(gatewayMetrics, 'gateway_client_subscriptions')) < options.subscribers - gaveUp) {
      if (Date.now() > deadline) {
        throw new Error(
          `subscriptions did not all open within 120 s (${gaveUp} clients gave up${gaveUp > 0 ? `; last: ${lastGiveUp}` : ''})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const openSeconds = (Date.now() - openStarted) / 1000;
    const upstreams = await readMetric(gatewayMetrics, 'gateway_upstream_subscriptions');
    while ((await readMetric(inventoryMetrics, 'stock_live_subscribers')) < upstreams) {
      if (Date.now() > deadline) throw new Error('upstream subscriptions did not all reach inventory within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const rssStart = (await readMetric(gatewayMetrics, 'process_resident_memory_bytes')) / 1_048_576;
    let rssPeak = rssStart;
    const sampler = setInterval(() => {
      readMetric(gatewayMetrics, 'process_resident_memory_bytes').then(
        (rss) => (rssPeak = Math.max(rssPeak, rss / 1_048_576)),
        () => undefined,
      );
    }, 1000);
    const lossesBefore = await readMetric(gatewayMetrics, 'gateway_subscription_losses_total');
    const stageMetrics = { inventory: inventoryMetrics, gateway: gatewayMetrics };
    const readStages = () =>
      Promise.all(Object.values(STAGES).map((stage) => readHistogram(stageMetrics[stage.service], stage.histogram)));
    const stagesBefore = await readStages();
    const inventoryLossesBefore = await readMetric(inventoryMetrics, 'stock_subscription_losses_total');
    const versionsOf = async () => {
      const data = await inventory.request<{
        stockLevels: Array<{ sku: string; location: { id: string }; version: number }>;
      }>('query ($skus: [ID!]!) { stockLevels(skus: $skus) { sku location { id } version } }', { skus });
      return new Map(data.stockLevels.filter((l) => l.location.id === 'madrid-dc').map((l) => [l.sku, l.version]));
    };
    const versionsBefore = await versionsOf();
    const serviceMetrics = {
      gateway: gatewayMetrics,
      inventory: inventoryMetrics,
      catalog: stack.urls.catalog.replace('/graphql', '/metrics'),
      order: stack.urls.order.replace('/graphql', '/metrics'),
    };
    const cpuBefore = await readCpu(serviceMetrics);

    process.stdout.write(`  changing stock at ${options.changesPerSecond}/s for ${options.seconds} s…\n`);
    measuring = true;
    let expected = 0;
    const started = Date.now();
    // Changes go in as bulk adjustments of up to 20 rows (one per sku): each row is one
    // committed stock change and one event, as when a warehouse pushes counts.
    const rowsPerCall = Math.min(20, skus.length);
    const calls = Math.ceil((options.changesPerSecond * options.seconds) / rowsPerCall);
    const callsMade = await paced(
      calls,
      options.changesPerSecond / rowsPerCall,
      16,
      started + options.seconds * 1000 + 5000,
      async (call) => {
        const rows = Array.from({ length: rowsPerCall }, (_, r) => skus[(call * rowsPerCall + r) % skus.length]);
        await inventory.request(
          `mutation ($inputs: [AdjustStockInput!]!, $key: String!) { adjustStocks(inputs: $inputs, idempotencyKey: $key) { userErrors { code } } }`,
          {
            inputs: rows.map((sku) => ({ sku, locationId: 'madrid-dc', delta: 1, reason: 'RECEIVED' })),
            key: randomUUID(),
          },
        );
        for (const sku of rows) expected += watchers.get(sku) ?? 0;
      },
    );
    const made = callsMade * rowsPerCall;
    const elapsed = (Date.now() - started) / 1000;
    // Wait for the tail: until nothing more arrives for 2 s (at most 60 s).
    const quietDeadline = Date.now() + 60_000;
    let last = -1;
    while (received !== last && Date.now() < quietDeadline) {
      last = received;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    clearInterval(sampler);
    const cpu = cpuSpent(cpuBefore, await readCpu(serviceMetrics));
    // Every client must end on each changed sku's final version: latest-value coalescing and
    // the rate gate may skip values, never the last one.
    const versionsAfter = await versionsOf();
    let finalChecked = 0;
    let finalStale = 0;
    for (const { skus: watched, versions } of newestSeen) {
      for (const sku of watched) {
        const final = versionsAfter.get(sku);
        if (final === undefined || final === versionsBefore.get(sku)) continue;
        finalChecked += 1;
        if (versions.get(sku) !== final) finalStale += 1;
      }
    }
    const measuredSeconds = (Date.now() - started) / 1000;
    const coalesced =
      (await readMetric(gatewayMetrics, 'gateway_subscription_losses_total')) -
      lossesBefore +
      ((await readMetric(inventoryMetrics, 'stock_subscription_losses_total')) - inventoryLossesBefore);
    const stagesAfter = await readStages();
    const stages = Object.fromEntries(
      (Object.keys(STAGES) as StageName[]).map((name, i) => {
        const [before, after] = [
          stagesBefore[i] ?? new Map<number, number>(),
          stagesAfter[i] ?? new Map<number, number>(),
        ];
        return [name, { p50: histogramQuantileMs(before, after, 0.5), p99: histogramQuantileMs(before, after, 0.99) }];
      }),
    ) as Record<StageName, { p50: number; p99: number }>;
    return {
      stages,
      cpu,
      measuredSeconds,
      options,
      changesMade: made,
      changeRate: made / elapsed,
      deliveriesExpected: expected,
      deliveriesReceived: received,
      untimed,
      deliveryRate: received / elapsed,
      coalescedOrDropped: coalesced,
      lost: Math.max(0, expected - received - coalesced),
      latency: summarize(latencies),
      gatewayRssMb: { start: rssStart, peak: rssPeak },
      upstreamSubscriptions: upstreams,
      finalValues: { checked: finalChecked, stale: finalStale },
      openSeconds,
      gaveUp,
    };
  } finally {
    subscriptions.forEach((subscription) => subscription.close());
    await stack.stop();
  }
}

export function printSubscriptionBench(r: SubscriptionBenchResult): void {
  const lines = [
    `${r.options.name}: ${r.options.subscribers} gateway subscribers × ${r.options.skusPerSubscriber} of ${r.options.skus} sku(s), with a catalog field`,
    `  opened               in ${r.openSeconds.toFixed(1)} s${r.gaveUp > 0 ? `; ${r.gaveUp} clients gave up after repeated refusals` : ''}`,
    `  stock changes        ${r.changesMade} in ${r.options.seconds} s target → ${r.changeRate.toFixed(0)}/s achieved (target ${r.options.changesPerSecond}/s)`,
    `  deliveries           ${r.deliveriesReceived} of ${r.deliveriesExpected} expected → ${r.deliveryRate.toFixed(0)}/s`,
    `  coalesced/dropped    ${r.coalescedOrDropped} (counted latest-value coalescing)`,
    `  lost                 ${r.lost}`,
    `  final values         ${r.finalValues.checked - r.finalValues.stale} of ${r.finalValues.checked} (client, changed sku) pairs ended on the final version${r.finalValues.stale > 0 ? ` — ${r.finalValues.stale} STALE` : ''}`,
    `  commit → client      p50 ${formatMs(r.latency.p50)}  p90 ${formatMs(r.latency.p90)}  p99 ${formatMs(r.latency.p99)}  max ${formatMs(r.latency.max)} (${r.latency.count} timed${r.untimed > 0 ? `; ${r.untimed} without a readable changedAt, not timed` : ''})`,
    `  stages (buckets)     ${Object.entries(r.stages)
      .map(([name, { p50, p99 }]) => `${name} p50 ${formatBucket(p50)} p99 ${formatBucket(p99)}`)
      .join('; ')}`,
    `  gateway memory       ${r.gatewayRssMb.start.toFixed(0)} MB at start, ${r.gatewayRssMb.peak.toFixed(0)} MB peak (RSS)`,
    `  upstream subs        ${r.upstreamSubscriptions} (clients differing only in filter values share one)`,
    `  CPU seconds          ${formatCpu(r.cpu, r.measuredSeconds)}`,
    `  per 1,000 deliveries gateway ${((r.cpu.gateway ?? 0) / (r.deliveriesReceived / 1000)).toFixed(3)} CPU-s, inventory ${((r.cpu.inventory ?? 0) / (r.deliveriesReceived / 1000)).toFixed(3)} CPU-s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
