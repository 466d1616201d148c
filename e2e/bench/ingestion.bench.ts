import { GraphQLClient } from '@stockgraph/runtime';
import {
  histogramQuantileMs,
  OPS,
  readHistogram,
  runWarehouseSimulator,
  stackTokens,
  startDistributedStack,
} from '../src';
import { BENCH_KAFKA_BROKERS, benchStackEnv, ensureKafka, freshBenchDatabases } from './support/bench-infra';
import { formatBucket } from './support/stats';

/** How long the stack may take to handle everything published. */
const DRAIN_LIMIT_MS = 300_000;

export interface IngestionBenchResult {
  published: number;
  publishSeconds: number;
  /** From the first count published to the last resulting change projected in the catalog. */
  drainSeconds: number;
  sustainedPerSecond: number;
  /** False when the stack had not handled everything by the drain limit: the rate is then a bound. */
  drained: boolean;
  appliedInInventory: number;
  projectedInCatalog: number;
  endToEnd: { p50: number; p90: number; p99: number };
  inventoryIngest: { p50: number; p99: number };
  mismatches: number;
}

/**
 * Warehouse counts published to Kafka at a steady rate → applied in inventory (ledger,
 * outbox) → projected in the catalog, on 10,000 skus × 20 locations. End-to-end lag is
 * from the count's publication (its CloudEvent time, carried along) to its projection.
 */
export async function runIngestionBench(options: {
  rate: number;
  seconds: number;
  skus: number;
  locations: number;
}): Promise<IngestionBenchResult> {
  await ensureKafka();
  const stack = await startDistributedStack({
    basePort: 14700,
    databases: await freshBenchDatabases('ingest'),
    env: benchStackEnv({
      KAFKA_BROKERS: BENCH_KAFKA_BROKERS,
      LOG_LEVEL: 'warn',
      RECONCILE_INTERVAL_MS: '0',
      DATABASE_POOL_SIZE: '20',
    }),
  });
  try {
    const asOps = (await stackTokens(stack.authKeyFile)).as(OPS);
    const inventoryMetrics = stack.urls.inventory.replace('/graphql', '/metrics');
    const catalogMetrics = stack.urls.catalog.replace('/graphql', '/metrics');
    /**
     * A consumer's events from one reading of its metrics: those that changed something, and
     * all it handled whatever the outcome (applied, unchanged, duplicate, stale, dead-lettered).
     */
    const outcomes = async (url: string, consumer: string) => {
      const lines = (await (await fetch(url)).text())
        .split('\n')
        .filter((l) => l.startsWith('stock_events_processed_total{') && l.includes(`consumer="${consumer}"`));
      const countOf = (line: string) => Number(line.slice(line.lastIndexOf(' ') + 1));
      const appliedLine = lines.find((l) => l.includes('result="applied"'));
      return {
        applied: appliedLine ? countOf(appliedLine) : 0,
        handled: lines.reduce((sum, line) => sum + countOf(line), 0),
      };
    };
    const ingestion = () => outcomes(inventoryMetrics, 'warehouse-ingestion');
    const projection = () => outcomes(catalogMetrics, 'catalog-projection');
    process.stdout.write(`  setting up ${options.locations} locations and ${options.skus} skus…\n`);
    // Setting up publishes a first stock event per sku; let the catalog take those in first.
    const setupDone = runWarehouseSimulator({
      ...options,
      seconds: 0.001,
      rate: 1,
      inventoryUrl: stack.urls.inventory,
      authorization: asOps,
      kafkaBrokers: BENCH_KAFKA_BROKERS,
      kafkaNamespace: stack.kafkaNamespace,
    });
    await setupDone;
    const settle = Date.now() + 120_000;
    while ((await projection()).applied < options.skus && Date.now() < settle)
      await new Promise((r) => setTimeout(r, 250));

    const e2eBefore = await readHistogram(catalogMetrics, 'stock_sync_latency_seconds');
    const ingestBefore = await readHistogram(inventoryMetrics, 'stock_sync_latency_seconds');
    const ingestionBefore = await ingestion();
    const projectionBefore = await projection();
    process.stdout.write(`  publishing ${options.rate} counts/s for ${options.seconds} s…\n`);
    const started = Date.now();
    const run = await runWarehouseSimulator({
      ...options,
      alreadySetUp: true,
      inventoryUrl: stack.urls.inventory,
      authorization: asOps,
      kafkaBrokers: BENCH_KAFKA_BROKERS,
      kafkaNamespace: stack.kafkaNamespace,
    });
    // Drained: every count handled by inventory, and every change it made handled by the
    // catalog's projection. Handled, not applied: two changes of one level in one batch
    // project as one, so "projected ≥ applied" may never hold (a run waited out its deadline).
    const deadline = Date.now() + DRAIN_LIMIT_MS;
    let applied = 0;
    let projected = 0;
    let drained = false;
    for (;;) {
      const [ingested, projecting] = await Promise.all([ingestion(), projection()]);
      const handled = ingested.handled - ingestionBefore.handled;
      applied = ingested.applied - ingestionBefore.applied;
      const projectionHandled = projecting.handled - projectionBefore.handled;
      projected = projecting.applied - projectionBefore.applied;
      drained = handled >= run.published && projectionHandled >= applied;
      if (drained || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainSeconds = (Date.now() - started) / 1000;
    const e2eAfter = await readHistogram(catalogMetrics, 'stock_sync_latency_seconds');
    const ingestAfter = await readHistogram(inventoryMetrics, 'stock_sync_latency_seconds');
    const catalog = new GraphQLClient('catalog', stack.urls.catalog, 600_000, { authorization: asOps });
    const check = await catalog.request<{ reconcileStockProjection: { mismatched: number } }>(
      'mutation { reconcileStockProjection(dryRun: true) { mismatched } }',
    );
    return {
      published: run.published,
      publishSeconds: run.seconds,
      drainSeconds,
      sustainedPerSecond: run.published / drainSeconds,
      drained,
      appliedInInventory: applied,
      projectedInCatalog: projected,
      endToEnd: {
        p50: histogramQuantileMs(e2eBefore, e2eAfter, 0.5),
        p90: histogramQuantileMs(e2eBefore, e2eAfter, 0.9),
        p99: histogramQuantileMs(e2eBefore, e2eAfter, 0.99),
      },
      inventoryIngest: {
        p50: histogramQuantileMs(ingestBefore, ingestAfter, 0.5),
        p99: histogramQuantileMs(ingestBefore, ingestAfter, 0.99),
      },
      mismatches: check.reconcileStockProjection.mismatched,
    };
  } finally {
    await stack.stop();
  }
}

export function printIngestionBench(r: IngestionBenchResult): void {
  process.stdout.write(
    [
      `ingestion: warehouse counts → inventory → catalog projection`,
      `  published            ${r.published} in ${r.publishSeconds.toFixed(1)} s`,
      r.drained
        ? `  drained              in ${r.drainSeconds.toFixed(1)} s → ${r.sustainedPerSecond.toFixed(0)} counts/s sustained end to end`
        : `  NOT drained          within ${(DRAIN_LIMIT_MS / 1000).toFixed(0)} s: at most ${r.sustainedPerSecond.toFixed(0)} counts/s`,
      `  applied / projected  ${r.appliedInInventory} changed stock in inventory, ${r.projectedInCatalog} projected (others equal or stale)`,
      `  publish → projected  p50 ${formatBucket(r.endToEnd.p50)}  p90 ${formatBucket(r.endToEnd.p90)}  p99 ${formatBucket(r.endToEnd.p99)} (histogram bucket bounds)`,
      `  publish → inventory  p50 ${formatBucket(r.inventoryIngest.p50)}  p99 ${formatBucket(r.inventoryIngest.p99)}`,
      `  projection check     mismatches: ${r.mismatches}`,
    ].join('\n') + '\n',
  );
}
