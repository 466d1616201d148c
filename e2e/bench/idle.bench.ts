import { startDistributedStack } from '../src';
import { BENCH_KAFKA_BROKERS, benchStackEnv, ensureKafka, freshBenchDatabases } from './support/bench-infra';
import { cpuSpent, type CpuReading, readCpu } from './support/cpu-accounting';

export interface IdleBenchResult {
  /** CPU seconds each process spent while nothing asked anything of the stack. */
  cpu: CpuReading;
  seconds: number;
}

/**
 * What the distributed stack costs at rest: started, settled, then left alone for
 * `seconds` while only its own timers and consumers run (pollers, sweeps, Kafka fetches and
 * heartbeats). Each process's share of one core.
 */
export async function runIdleBench(options: { settleSeconds: number; seconds: number }): Promise<IdleBenchResult> {
  await ensureKafka();
  const stack = await startDistributedStack({
    basePort: 14800,
    databases: await freshBenchDatabases('idle'),
    env: benchStackEnv({ KAFKA_BROKERS: BENCH_KAFKA_BROKERS, LOG_LEVEL: 'warn' }),
  });
  try {
    const metrics = {
      gateway: stack.gatewayUrl.replace('/graphql', '/metrics'),
      inventory: stack.urls.inventory.replace('/graphql', '/metrics'),
      catalog: stack.urls.catalog.replace('/graphql', '/metrics'),
      order: stack.urls.order.replace('/graphql', '/metrics'),
    };
    // Start-up work (migrations, first joins, the first sweeps) is not rest.
    await new Promise((resolve) => setTimeout(resolve, options.settleSeconds * 1000));
    const before = await readCpu(metrics);
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    const seconds = (Date.now() - started) / 1000;
    // The four readings of /metrics are themselves a little work; they come after the window.
    return { cpu: cpuSpent(before, await readCpu(metrics)), seconds };
  } finally {
    await stack.stop();
  }
}

export function printIdleBench(r: IdleBenchResult): void {
  const rows = Object.entries(r.cpu)
    .filter(([name]) => name !== 'bench')
    .map(([name, seconds]) => `  ${name.padEnd(10)} ${((seconds / r.seconds) * 100).toFixed(2)} % of a core`);
  process.stdout.write(
    [`the distributed stack at rest for ${r.seconds.toFixed(0)} s (target: each service ≤ 1 %)`, ...rows].join('\n') +
      '\n',
  );
}
