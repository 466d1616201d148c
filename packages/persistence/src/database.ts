import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DomainError } from '@stockgraph/domain';
import type { Logger } from '@stockgraph/runtime';
import { isRetryableTransactionError } from './db-errors';
import type { QueryCounter } from './query-counter';
import { WriteMutex } from './write-mutex';

export type Dialect = 'mysql' | 'sqlite';

/** Hand-written SQL with `?` placeholders; both drivers accept the same form. */
export interface Sql {
  readonly dialect: Dialect;
  /** The rows of a SELECT. */
  select<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs an INSERT, UPDATE or DELETE and returns how many rows it changed. */
  execute(sql: string, params?: readonly unknown[]): Promise<number>;
}

/** One open transaction. Everything written through it commits or rolls back together. */
export interface Tx extends Sql {
  /**
   * Queues a write whose outcome nothing reads. Queued writes travel, in order, with the
   * transaction's next statement or with its commit: on MariaDB one round trip for all.
   * A failing queued write fails that statement (or the commit) and rolls everything back.
   */
  defer(sql: string, params?: readonly unknown[]): void;
  /** Runs several writes in one round trip (with anything queued) and returns the rows each changed. */
  executeAll(statements: ReadonlyArray<{ sql: string; params: readonly unknown[] }>): Promise<number[]>;
  /** Queues an INSERT of entity rows; TypeORM writes the SQL from the entity's mapping. */
  insert<Entity extends ObjectLiteral>(entity: EntityTarget<Entity>, rows: QueryDeepPartialEntity<Entity>[]): void;
  /** Runs `hook` once the transaction has committed; never if it rolls back. */
  afterCommit(hook: () => void): void;
  /** Runs `work` inside a savepoint: if it throws, only its own changes are undone. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

interface Statement {
  sql: string;
  params: readonly unknown[];
}

/** What the last statement sent gave back. */
interface Outcome {
  rows: unknown[];
  affected: number;
}

/** Reads a driver result: mysql2 gives rows or an OK packet, TypeORM's SQLite runner a QueryResult. */
function outcomeOf(raw: unknown): Outcome {
  if (Array.isArray(raw)) return { rows: raw, affected: 0 };
  const result = (raw ?? {}) as { records?: unknown[]; affected?: number; affectedRows?: number };
  return { rows: result.records ?? [], affected: result.affectedRows ?? result.affected ?? 0 };
}

export type TransactionErrorCode = 'WRITE_CONTENTION';

const MAX_ATTEMPTS = 8;

/**
 * How long to wait before attempt `attempt + 1`: anywhere up to a ceiling that doubles from
 * 10 ms to 320 ms. The randomness lets two transactions that deadlocked each other start
 * again apart instead of meeting again; the doubling gives a busy machine room to drain.
 */
function backoffMs(attempt: number): number {
  return Math.random() * Math.min(320, 10 * 2 ** (attempt - 1));
}

/**
 * A service's database: transactions (deadlocks retried with backoff on MariaDB,
 * serialised through one writer on SQLite) and plain reads.
 *
 * On MariaDB every statement is a round trip, and a round trip is a system call on each
 * side; on a small machine those dominate. So a transaction sends its BEGIN with its first
 * statement, its queued writes with the next statement that needs an answer, and its last
 * writes with the COMMIT (multi-statement queries): a reservation costs five round trips.
 */
export class Database {
  private readonly mutex: WriteMutex | undefined;
  /** Pooled MariaDB connections already switched to READ COMMITTED for their whole session. */
  private readonly readCommitted = new WeakSet<object>();

  constructor(
    readonly dataSource: DataSource,
    readonly dialect: Dialect,
    private readonly counter: QueryCounter,
    private readonly log: Logger,
  ) {
    this.mutex = dialect === 'sqlite' ? new WriteMutex() : undefined;
  }

  /** Statements sent since start-up; tests use differences of it to prove batching. */
  get queryCount(): number {
    return this.counter.total;
  }

  /**
   * Runs `work` in a transaction (READ COMMITTED on MariaDB). A deadlock or lock-wait
   * timeout rolls back and runs `work` again, so `work` must only touch the database
   * through `tx` (and must not have other side effects before commit: use `afterCommit`).
   * After eight lost attempts it gives up with `WRITE_CONTENTION`, having changed nothing.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.serialised(() => this.attempt(work));
      } catch (error) {
        if (!isRetryableTransactionError(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          this.log.warn({ attempts: attempt, err: error }, 'transaction gave up after repeated deadlocks');
          throw new DomainError<TransactionErrorCode>(
            'WRITE_CONTENTION',
            `the database refused this write ${attempt} times because other writes held the same rows; ` +
              'nothing was changed, so the same request (with the same idempotency key) is safe to send again',
            undefined,
            'UNAVAILABLE',
          );
        }
        this.log.debug({ attempt, err: error }, 'transaction retried after deadlock');
        await delay(backoffMs(attempt));
      }
    }
  }

  /** Runs reads outside any transaction. On SQLite they wait for the writer, so they never see uncommitted rows. */
  read<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        // SQLite's runner reports affected rows only in its structured result.
        const query = ({ sql, params }: Statement) =>
          this.dialect === 'sqlite' ? runner.query(sql, [...params], true) : runner.query(sql, [...params]);
        return await work(sqlOver(this.dialect, async (statement) => outcomeOf(await query(statement))));
      } finally {
        await runner.release();
      }
    });
  }

  /** Throws when the database cannot answer a trivial query. */
  async ping(): Promise<void> {
    await this.read((sql) => sql.select('SELECT 1 AS ok'));
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex ? this.mutex.run(work) : work();
  }

  private async attempt<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const hooks: Array<() => void> = [];
    const pending: Statement[] = [];
    let savepoints = 0;
    const connection = (await runner.connect()) as object;
    const mysql = this.dialect === 'mysql';
    let sessionPrepared = !mysql || this.readCommitted.has(connection);
    if (!sessionPrepared) pending.push({ sql: 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', params: [] });
    if (mysql) pending.push({ sql: 'START TRANSACTION', params: [] });
    else await runner.startTransaction();

    /** Sends what is queued plus `statements`; returns what each of `statements` gave back. */
    const flushAll = async (statements: Statement[]): Promise<Outcome[]> => {
      const queued = pending.splice(0);
      const batch = [...queued, ...statements];
      if (batch.length === 0) return [];
      if (mysql) {
        const raw = (await runner.query(
          batch.map((s) => s.sql).join(';\n'),
          batch.flatMap((s) => s.params),
        )) as unknown;
        if (!sessionPrepared) {
          sessionPrepared = true;
          this.readCommitted.add(connection);
        }
        const results = batch.length === 1 ? [raw] : (raw as unknown[]);
        return results.slice(queued.length).map(outcomeOf);
      }
      const outcomes: Outcome[] = [];
      for (const s of batch) outcomes.push(outcomeOf(await runner.query(s.sql, [...s.params], true)));
      return outcomes.slice(queued.length);
    };
    const flush = async (statement?: Statement): Promise<Outcome> =>
      (await flushAll(statement ? [statement] : []))[0] ?? { rows: [], affected: 0 };

    try {
      const tx: Tx = {
        ...sqlOver(this.dialect, flush),
        executeAll: async (statements) => (await flushAll([...statements])).map((outcome) => outcome.affected),
        defer: (sql, params = []) => {
          pending.push({ sql, params });
        },
        insert: (entity, rows) => {
          if (rows.length === 0) return;
          const [sql, params] = this.dataSource
            .createQueryBuilder()
            .insert()
            .into(entity)
            .values(rows)
            .getQueryAndParameters();
          pending.push({ sql, params });
        },
        afterCommit: (hook) => hooks.push(hook),
        savepoint: async (inner) => {
          const name = `sp_${(savepoints += 1)}`;
          await flush({ sql: `SAVEPOINT ${name}`, params: [] });
          try {
            const result = await inner();
            await flush({ sql: `RELEASE SAVEPOINT ${name}`, params: [] });
            return result;
          } catch (error) {
            pending.length = 0;
            await flush({ sql: `ROLLBACK TO SAVEPOINT ${name}`, params: [] });
            throw error;
          }
        },
      };
      const result = await work(tx);
      if (mysql) await flush({ sql: 'COMMIT', params: [] });
      else {
        await flush();
        await runner.commitTransaction();
      }
      for (const hook of hooks) {
        try {
          hook();
        } catch (error) {
          this.log.error({ err: error }, 'after-commit hook failed');
        }
      }
      return result;
    } catch (error) {
      pending.length = 0;
      const rollback = mysql
        ? runner.query('ROLLBACK')
        : runner.isTransactionActive
          ? runner.rollbackTransaction()
          : Promise.resolve();
      await rollback.catch((rollbackError: unknown) => this.log.error({ err: rollbackError }, 'rollback failed'));
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/** `select` and `execute` over a function that sends one statement (and whatever is queued before it). */
function sqlOver(dialect: Dialect, send: (statement: Statement) => Promise<Outcome>): Sql {
  return {
    dialect,
    async select<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await send({ sql, params })).rows as Row[];
    },
    async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
      return (await send({ sql, params })).affected;
    },
  };
}
