import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Logger } from '../log/create-logger';
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

/** SQL plus TypeORM's entity manager on the same connection. */
export interface Session extends Sql {
  readonly manager: EntityManager;
}

/** One open transaction. Everything written through it commits or rolls back together. */
export interface Tx extends Session {
  /** Runs `hook` once the transaction has committed; never if it rolls back. */
  afterCommit(hook: () => void): void;
  /** Runs `work` inside a savepoint: if it throws, only its own changes are undone. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

const MAX_ATTEMPTS = 6;

/**
 * A service's database: transactions (deadlocks retried with backoff on MariaDB,
 * serialised through one writer on SQLite) and plain reads.
 */
export class Database {
  private readonly mutex: WriteMutex | undefined;

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
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.serialised(() => this.attempt(work));
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
        this.log.debug({ attempt, err: error }, 'transaction retried after deadlock');
        await delay(Math.random() * 10 * attempt);
      }
    }
  }

  /** Runs reads outside any transaction. On SQLite they wait for the writer, so they never see uncommitted rows. */
  read<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return await work({ ...sqlOn(runner, this.dialect), manager: runner.manager });
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
    let savepoints = 0;
    await runner.connect();
    try {
      await runner.startTransaction(this.dialect === 'mysql' ? 'READ COMMITTED' : undefined);
      const tx: Tx = {
        ...sqlOn(runner, this.dialect),
        manager: runner.manager,
        afterCommit: (hook) => hooks.push(hook),
        savepoint: async (inner) => {
          const name = `sp_${(savepoints += 1)}`;
          await runner.query(`SAVEPOINT ${name}`);
          try {
            const result = await inner();
            await runner.query(`RELEASE SAVEPOINT ${name}`);
            return result;
          } catch (error) {
            await runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
            throw error;
          }
        },
      };
      const result = await work(tx);
      await runner.commitTransaction();
      for (const hook of hooks) {
        try {
          hook();
        } catch (error) {
          this.log.error({ err: error }, 'after-commit hook failed');
        }
      }
      return result;
    } catch (error) {
      if (runner.isTransactionActive) {
        await runner.rollbackTransaction().catch((rollbackError: unknown) => {
          this.log.error({ err: rollbackError }, 'rollback failed');
        });
      }
      throw error;
    } finally {
      await runner.release();
    }
  }
}

function sqlOn(runner: QueryRunner, dialect: Dialect): Sql {
  return {
    dialect,
    async select<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await runner.query(sql, [...params], true);
      return (result.records ?? []) as Row[];
    },
    async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
      const result = await runner.query(sql, [...params], true);
      return result.affected ?? 0;
    },
  };
}
