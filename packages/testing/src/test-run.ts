import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * One `jest` run: its id names the run's MariaDB databases and the folder where its suites
 * note the processes they start. The root jest config's global setup sets it for every worker;
 * a workspace's own jest config has none, and falls back to one id per checkout.
 */
const RUN_VARIABLE = 'STOCKGRAPH_TEST_RUN';

/** Runs older than this left their databases behind (killed, not torn down): the next run drops them. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** `r<start time, base 36><random>`: unique between concurrent runs, and its age readable from the name. */
function newRunId(): string {
  return `r${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}

function startedAt(runId: string): number | null {
  const match = /^r([0-9a-z]{8})[0-9a-f]{4}$/.exec(runId);
  return match ? parseInt(match[1] ?? '', 36) : null;
}

/** This run's id; outside a root run, one per checkout (two of those in one checkout collide). */
export function testRunId(): string {
  const fromSetup = process.env[RUN_VARIABLE];
  if (fromSetup) return fromSetup;
  return `c${createHash('sha256').update(path.resolve(__dirname, '../../..')).digest('hex').slice(0, 6)}`;
}

/**
 * Where this run's suites note the pids of the service processes they start (one empty file
 * each, removed when the process exits), so the teardown can stop what a suite left running:
 * a stack shared between suites, or one whose worker was killed. e2e's `startServiceProcess`
 * writes there when the variable is set (it cannot import this package: the benchmarks run it
 * from its build).
 */
const PROCESS_DIR_VARIABLE = 'STOCKGRAPH_TEST_PROCESS_DIR';

/** The run's own temporary folder: its noted processes and its SQLite files, removed by the teardown. */
function runDir(runId: string): string {
  return path.join(os.tmpdir(), `stockgraph-run-${runId}`);
}

function processDir(runId: string): string {
  return path.join(runDir(runId), 'processes');
}

/** A new temporary folder for a suite's files: inside the run's folder, so the teardown removes it. */
export function testTempDir(prefix: string): string {
  const parent = process.env[RUN_VARIABLE] ? runDir(testRunId()) : os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, prefix));
}

/** A MariaDB database name unique to this run, jest worker and purpose. */
export function testDatabaseName(purpose: string): string {
  return `sgt_${testRunId()}_${process.env.JEST_WORKER_ID ?? '0'}_${purpose}`
    .replace(/[^A-Za-z0-9_]/g, '_')
    .slice(0, 64);
}

/** Runs `use` on a connection to the MariaDB server at TEST_MYSQL_URL (no database chosen); null without one. */
export async function withTestMysql<T>(
  use: (query: (sql: string) => Promise<unknown>) => Promise<T>,
): Promise<T | null> {
  const mysqlUrl = process.env.TEST_MYSQL_URL;
  if (!mysqlUrl) return null;
  const url = new URL(mysqlUrl);
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
  });
  try {
    return await use(async (sql) => (await connection.query(sql))[0]);
  } finally {
    await connection.end();
  }
}

/** Drops the databases whose names `drop` picks among the test databases. */
async function dropTestDatabases(drop: (runId: string) => boolean): Promise<void> {
  await withTestMysql(async (query) => {
    const rows = (await query("SHOW DATABASES LIKE 'sgt\\_%'")) as Array<Record<string, string>>;
    for (const row of rows) {
      const name = Object.values(row)[0] ?? '';
      const runId = name.split('_')[1] ?? '';
      if (drop(runId)) await query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  });
}

/** Jest global setup: a new run id for every worker, and the databases of long-dead runs dropped. */
export async function beginTestRun(): Promise<void> {
  const runId = newRunId();
  process.env[RUN_VARIABLE] = runId;
  process.env[PROCESS_DIR_VARIABLE] = processDir(runId);
  fs.mkdirSync(processDir(runId), { recursive: true });
  const now = Date.now();
  await dropTestDatabases((runId) => {
    const at = startedAt(runId);
    return at !== null && now - at > STALE_AFTER_MS;
  });
}

/** Jest global teardown: stops what suites left running, drops the run's databases and its folder. */
export async function endTestRun(): Promise<void> {
  const runId = testRunId();
  const dir = processDir(runId);
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    try {
      process.kill(Number(file), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(runDir(runId), { recursive: true, force: true });
  await dropTestDatabases((id) => id === runId);
}
