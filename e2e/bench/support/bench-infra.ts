import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { REPO_ROOT } from '../../src';

const run = promisify(execFile);

/** MariaDB on this host, over its Unix socket when it has one (much cheaper than TCP loopback). */
export const BENCH_MYSQL_URL =
  process.env.BENCH_MYSQL_URL ??
  (fs.existsSync('/run/mysqld/mysqld.sock')
    ? 'mysql://root@localhost?socket=/run/mysqld/mysqld.sock'
    : 'mysql://root@127.0.0.1:3306');
export const BENCH_KAFKA_BROKERS = process.env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:19092';

/**
 * A bench stack's environment: the bench's own settings, then BENCH_SERVICE_ENV (a JSON
 * object, e.g. `{"KAFKA_FETCH_MIN_BYTES":"65536"}`) so one setting can be compared run
 * against run without editing a bench.
 */
export function benchStackEnv(own: Record<string, string>): Record<string, string> {
  const extra: unknown = JSON.parse(process.env.BENCH_SERVICE_ENV ?? '{}');
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra))
    throw new Error('BENCH_SERVICE_ENV must be a JSON object of strings');
  return { ...own, ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, String(value)])) };
}

/** Starts the local Kafka broker unless it is already serving (benchmarks only ever use 127.0.0.1). */
export async function ensureKafka(): Promise<void> {
  if (process.env.BENCH_KAFKA_BROKERS) return;
  await run(path.join(REPO_ROOT, 'docker/kafka/kafka.sh'), ['start'], { timeout: 180_000 });
}

/** Fresh MariaDB databases `stockgraph_bench_<name>_<service>` for one benchmark; returns their URLs. */
export async function freshBenchDatabases(
  name: string,
): Promise<{ catalog: string; inventory: string; order: string }> {
  const base = new URL(BENCH_MYSQL_URL);
  const socketPath = base.searchParams.get('socket');
  const connection = await createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    ...(socketPath ? { socketPath } : {}),
    user: decodeURIComponent(base.username) || 'root',
    password: decodeURIComponent(base.password),
  });
  const urls = { catalog: '', inventory: '', order: '' };
  try {
    for (const service of ['catalog', 'inventory', 'order'] as const) {
      const database = `stockgraph_bench_${name}_${service}`;
      await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      const url = new URL(BENCH_MYSQL_URL);
      url.pathname = `/${database}`;
      urls[service] = url.toString();
    }
  } finally {
    await connection.end();
  }
  return urls;
}

/** Runs `task` at most `concurrency` at a time, `count` times, paced to `perSecond`; stops at `deadline`. */
export async function paced(
  count: number,
  perSecond: number,
  concurrency: number,
  deadline: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  const start = Date.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const i = next;
      if (i >= count || Date.now() > deadline) return;
      next += 1;
      const due = start + (i * 1000) / perSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await task(i);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}
