import { startDistributedStack } from '../src';
import { BENCH_KAFKA_BROKERS, benchStackEnv, ensureKafka, freshBenchDatabases } from './support/bench-infra';

type Service = 'gateway' | 'catalog' | 'inventory' | 'order' | 'accounts';
const SERVICES: Service[] = ['inventory', 'catalog', 'order', 'accounts', 'gateway'];

export type RestartRun = Record<Service, number[]>;

/**
 * How long a crashed service takes to serve again: on the distributed stack (MariaDB,
 * Kafka), each service SIGKILLed and started again `rounds` times, timed from the kill to
 * its /health/ready answering 200 (an idle machine; the two-of-everything test reports the
 * same under its load).
 */
export async function runRestartBench(options: { rounds: number }): Promise<RestartRun> {
  await ensureKafka();
  const stack = await startDistributedStack({
    basePort: 14800,
    databases: await freshBenchDatabases('restart'),
    env: benchStackEnv({ KAFKA_BROKERS: BENCH_KAFKA_BROKERS, LOG_LEVEL: 'warn' }),
  });
  const runs = Object.fromEntries(SERVICES.map((service) => [service, [] as number[]])) as RestartRun;
  try {
    for (let round = 0; round < options.rounds; round += 1) {
      for (const service of SERVICES) {
        const killedAt = performance.now();
        await stack.restart(service, { crash: true });
        runs[service].push(performance.now() - killedAt);
      }
    }
  } finally {
    await stack.stop();
  }
  return runs;
}

export function printRestartBench(runs: RestartRun): void {
  for (const [service, times] of Object.entries(runs)) {
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    process.stdout.write(
      `  ${service.padEnd(10)} kill → ready: median ${(median / 1000).toFixed(2)} s, worst ${((sorted.at(-1) ?? NaN) / 1000).toFixed(2)} s (${times.length} restarts)\n`,
    );
  }
}
