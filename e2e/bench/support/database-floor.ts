import { randomUUID } from 'node:crypto';
import { type Connection, createConnection, createPool, type Pool, type PoolConnection } from 'mysql2/promise';
import { cpuSpent, type CpuReading, readCpu } from './cpu-accounting';
import { closedLoop, type ClosedLoopRun } from './stats';

/**
 * The bare-database floor of a write path: the very round trips a service sent for one
 * operation, as MariaDB's general log recorded them, replayed straight from mysql2 at the
 * same concurrency. What a service costs above this is ours; the floor is MariaDB's.
 */

/** One round trip as the server received it (the services batch several statements into one). */
export type RoundTrip = string;

/** A MariaDB server URL (`mysql://user:pass@host:port/db?socket=…`) as mysql2 options. */
function connectionOptions(url: string, database?: string) {
  const parsed = new URL(url);
  const socketPath = parsed.searchParams.get('socket');
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    ...(socketPath ? { socketPath } : {}),
    user: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database: database ?? (decodeURIComponent(parsed.pathname.slice(1)) || undefined),
    multipleStatements: true,
  };
}

async function withConnection<T>(url: string, work: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await createConnection(connectionOptions(url));
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/**
 * Records the round trips of the transaction whose text contains `marker` (an idempotency
 * key), from its START TRANSACTION to its COMMIT, while `act` makes the service run it.
 * The general log is switched on only around `act` and restored after.
 */
export async function captureTransaction(
  serverUrl: string,
  marker: string,
  act: () => Promise<void>,
): Promise<RoundTrip[]> {
  return withConnection(serverUrl, async (admin) => {
    const [[before]] = (await admin.query('SELECT @@global.general_log AS enabled, @@global.log_output AS output')) as [
      Array<{ enabled: number; output: string }>,
      unknown,
    ];
    try {
      await admin.query("SET GLOBAL log_output = 'TABLE'");
      await admin.query('TRUNCATE TABLE mysql.general_log');
      await admin.query('SET GLOBAL general_log = ON');
      await act();
    } finally {
      // Each restored on its own: a general log left on would slow every later run.
      await admin.query(`SET GLOBAL general_log = ${before?.enabled ? 'ON' : 'OFF'}`).catch(() => undefined);
      await admin.query('SET GLOBAL log_output = ?', [before?.output ?? 'FILE']).catch(() => undefined);
    }
    // The CSV log table keeps rows in the order they were written.
    const [rows] = (await admin.query(
      "SELECT thread_id AS thread, CONVERT(argument USING utf8mb4) AS text FROM mysql.general_log WHERE command_type = 'Query'",
    )) as [Array<{ thread: number; text: string }>, unknown];
    const marked = rows.findIndex((row) => row.text.includes(marker));
    const thread = rows[marked]?.thread;
    // Its transaction began at or before the first round trip that names the marker.
    let start = marked;
    while (start >= 0 && !(rows[start]?.thread === thread && /START TRANSACTION/i.test(rows[start]?.text ?? '')))
      start -= 1;
    if (marked < 0 || start < 0) throw new Error(`no transaction containing ${marker} in the general log`);
    const trips: RoundTrip[] = [];
    for (const row of rows.slice(start)) {
      if (row.thread !== thread) continue;
      // A pooled connection's first transaction also sets its session's isolation level;
      // the floor's connections set it once, as the service's do after their first use.
      trips.push(
        trips.length === 0 ? row.text.replace(/^SET SESSION TRANSACTION ISOLATION LEVEL [A-Z ]+;\s*/i, '') : row.text,
      );
      if (/\bCOMMIT\s*$/i.test(row.text)) return trips;
      if (/^\s*ROLLBACK/i.test(row.text)) throw new Error(`the captured transaction rolled back: ${trips.join(' | ')}`);
    }
    throw new Error(`the transaction containing ${marker} did not commit within the capture`);
  });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The captured round trips for another key: `sku` in place of the captured one, and a fresh
 * id for every distinct id in them (the hold, its events, the idempotency key), the same
 * id wherever the original appeared.
 */
export function replay(trips: readonly RoundTrip[], capturedSku: string, sku: string): RoundTrip[] {
  const fresh = new Map<string, string>();
  return trips.map((trip) =>
    trip
      .replace(UUID, (id) => {
        let replacement = fresh.get(id.toLowerCase());
        if (!replacement) {
          replacement = randomUUID();
          fresh.set(id.toLowerCase(), replacement);
        }
        return replacement;
      })
      .split(capturedSku)
      .join(sku),
  );
}

/**
 * A copy of `database`'s tables (structure only, plus the rows of `copyRows`) as
 * `<database>_floor`, so the floor writes where no service reads: the stack's relays and
 * consumers would otherwise work on the floor's outbox rows, on the floor's cores.
 */
export async function floorCopy(serverUrl: string, database: string, copyRows: readonly string[]): Promise<string> {
  const floor = `${database}_floor`;
  await withConnection(serverUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS \`${floor}\``);
    await admin.query(`CREATE DATABASE \`${floor}\``);
    const [tables] = (await admin.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
      [database],
    )) as [Array<{ name: string }>, unknown];
    for (const { name } of tables) {
      await admin.query(`CREATE TABLE \`${floor}\`.\`${name}\` LIKE \`${database}\`.\`${name}\``);
      if (copyRows.includes(name))
        await admin.query(`INSERT INTO \`${floor}\`.\`${name}\` SELECT * FROM \`${database}\`.\`${name}\``);
    }
  });
  return floor;
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await withConnection(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS \`${database}\``));
}

/** The statements of a round trip, as the service joined them (`;` and a newline). */
export function statementsOf(trip: RoundTrip): string[] {
  return trip.split(/;\s*\n/).filter((statement) => statement.trim() !== '');
}

/**
 * Replays one operation on `connection`. A guarded UPDATE (`… WHERE … >= …`) that changed
 * nothing is the service's refusal: the floor rolls back and counts it as not done, so
 * the floor never counts work the service would not have committed.
 */
async function replayOnce(connection: PoolConnection, trips: readonly RoundTrip[]): Promise<'done' | 'refused'> {
  for (const trip of trips) {
    const [results] = (await connection.query(trip)) as [unknown, unknown];
    const statements = statementsOf(trip);
    const outcomes = statements.length === 1 ? [results] : (results as unknown[]);
    for (const [index, statement] of statements.entries()) {
      if (!/^\s*UPDATE\b[\s\S]*>=/i.test(statement)) continue;
      if ((outcomes[index] as { affectedRows?: number } | undefined)?.affectedRows === 0) {
        await connection.query('ROLLBACK');
        return 'refused';
      }
    }
  }
  return 'done';
}

export interface FloorRun extends ClosedLoopRun<'done' | 'refused'> {
  /** CPU seconds of MariaDB and of this process (the mysql2 client) over the run. */
  cpu: CpuReading;
  seconds: number;
}

/**
 * `clients` connections each replaying `trips` for the next key as soon as the last
 * commit returns, for `seconds`: the most the database does on this path, and its CPU.
 */
export async function measureFloor(options: {
  serverUrl: string;
  database: string;
  clients: number;
  seconds: number;
  trips: readonly RoundTrip[];
  capturedSku: string;
  skuOf: () => string;
}): Promise<FloorRun> {
  const pool: Pool = createPool({
    ...connectionOptions(options.serverUrl, options.database),
    connectionLimit: options.clients,
  });
  try {
    // The same session settings the service's pooled connections carry.
    const connections = await Promise.all(Array.from({ length: options.clients }, () => pool.getConnection()));
    await Promise.all(
      connections.map(async (connection) => {
        await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
        connection.release();
      }),
    );
    const cpuBefore = await readCpu({});
    const started = Date.now();
    const run = await closedLoop(options.clients, options.seconds, async () => {
      const connection = await pool.getConnection();
      try {
        return await replayOnce(connection, replay(options.trips, options.capturedSku, options.skuOf()));
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.release();
      }
    });
    const cpu = cpuSpent(cpuBefore, await readCpu({}));
    const seconds = (Date.now() - started) / 1000;
    // Only committed operations are the floor's throughput: a deadlock or refusal is fast, and not work done.
    return { ...run, perSecond: (run.outcomes.done ?? 0) / seconds, cpu, seconds };
  } finally {
    await pool.end();
  }
}
