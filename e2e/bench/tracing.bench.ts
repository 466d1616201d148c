import { randomUUID } from 'node:crypto';
import { GraphQLClient } from '@stockgraph/runtime';
import { DEMO, OPS, originOf, stackTokens, startDistributedStack, tokenFrom, TraceCollector } from '../src';
import { BENCH_KAFKA_BROKERS, benchStackEnv, ensureKafka, freshBenchDatabases } from './support/bench-infra';
import { cpuSpent, type CpuReading, readCpu } from './support/cpu-accounting';
import { closedLoop, formatMs, type LatencySummary } from './support/stats';

interface TracingRun {
  variant: string;
  requests: number;
  perSecond: number;
  latency: LatencySummary;
  cpu: CpuReading;
  /** OTLP export requests and bytes the sink received during the run. */
  exported: { requests: number; bytes: number };
}

const RESERVE = `mutation ($sku: ID!, $key: String!) {
  reserveStock(input: { lines: [{ sku: $sku, quantity: 1 }] }, idempotencyKey: $key) { reservation { id } userErrors { code } }
}`;

/**
 * What tracing costs a reservation through the gateway on the distributed stack (MariaDB,
 * Kafka): the same closed loop on three stacks started one after another, with tracing off,
 * on but sampling nothing (`parentbased_always_off`: the instrumentations run, no span is
 * recorded), and on with every request traced and exported over OTLP to a sink that only
 * counts what arrives. Compare within one run: the figures move between machines.
 */
export async function runTracingBench(options: { clients: number; seconds: number }): Promise<TracingRun[]> {
  await ensureKafka();
  const sink = await new TraceCollector({ keep: false }).start();
  const variants: Array<[string, Record<string, string>]> = [
    ['off', {}],
    [
      'on, nothing sampled',
      { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_TRACES_SAMPLER: 'parentbased_always_off' },
    ],
    ['on, every request traced', { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint }],
  ];
  const runs: TracingRun[] = [];
  try {
    for (const [index, [variant, tracing]] of variants.entries()) {
      const stack = await startDistributedStack({
        basePort: 14700,
        databases: await freshBenchDatabases(`trace${index}`),
        env: benchStackEnv({
          KAFKA_BROKERS: BENCH_KAFKA_BROKERS,
          LOG_LEVEL: 'warn',
          DATABASE_POOL_SIZE: '32',
          ...tracing,
        }),
      });
      try {
        const operator = `Bearer ${await tokenFrom(originOf(stack.gatewayUrl), { user: DEMO.ops })}`;
        const inventory = new GraphQLClient('inventory', stack.urls.inventory, 30_000, {
          authorization: (await stackTokens(stack.authKeyFile)).as(OPS),
        });
        const gateway = new GraphQLClient('gateway', stack.gatewayUrl, 30_000, {
          authorization: () => Promise.resolve(operator),
        });
        const skus = Array.from({ length: 500 }, (_, i) => `TRC-${String(i).padStart(4, '0')}`);
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
        const reserve = async () => {
          const sku = skus[Math.floor(Math.random() * skus.length)];
          const data = await gateway.request<{ reserveStock: { reservation: { id: string } | null } }>(RESERVE, {
            sku,
            key: randomUUID(),
          });
          return data.reserveStock.reservation ? ('reserved' as const) : ('refused' as const);
        };
        await closedLoop(8, 2, reserve);
        const metrics = {
          gateway: stack.gatewayUrl.replace('/graphql', '/metrics'),
          inventory: stack.urls.inventory.replace('/graphql', '/metrics'),
          catalog: stack.urls.catalog.replace('/graphql', '/metrics'),
          order: stack.urls.order.replace('/graphql', '/metrics'),
        };
        process.stdout.write(`  tracing ${variant}: ${options.clients} clients for ${options.seconds} s…\n`);
        const before = await readCpu(metrics);
        const exportedBefore = { ...sink.received };
        const run = await closedLoop(options.clients, options.seconds, reserve);
        runs.push({
          variant,
          requests: run.requests,
          perSecond: run.perSecond,
          latency: run.latency,
          cpu: cpuSpent(before, await readCpu(metrics)),
          exported: {
            requests: sink.received.requests - exportedBefore.requests,
            bytes: sink.received.bytes - exportedBefore.bytes,
          },
        });
      } finally {
        await stack.stop();
      }
    }
  } finally {
    await sink.close();
  }
  return runs;
}

export function printTracingBench(runs: readonly TracingRun[]): void {
  const [off] = runs;
  for (const run of runs) {
    const cpuMs = (Object.values(run.cpu).reduce((sum, seconds) => sum + seconds, 0) * 1000) / run.requests;
    const ratio = off ? ` (${((run.perSecond / off.perSecond) * 100).toFixed(0)} % of off)` : '';
    process.stdout.write(
      `  ${run.variant.padEnd(26)} ${run.perSecond.toFixed(0)}/s${ratio}, p50 ${formatMs(run.latency.p50)}, p99 ${formatMs(run.latency.p99)}, ` +
        `${cpuMs.toFixed(2)} ms CPU per reservation, ${(run.exported.bytes / 1_048_576).toFixed(1)} MiB of spans exported\n`,
    );
  }
}
