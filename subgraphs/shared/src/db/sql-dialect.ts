import type { Sql } from './database';

/**
 * The few places MariaDB and SQLite SQL differ. SQLite runs one writer at a time (see
 * `Database`), so row locks are simply not needed there.
 */
export const dialectSql = {
  /** Row lock for a SELECT inside a transaction. */
  forUpdate: (sql: Sql): string => (sql.dialect === 'mysql' ? ' FOR UPDATE' : ''),
  /** Row lock that skips rows another transaction holds (work queues, sweepers). */
  forUpdateSkipLocked: (sql: Sql): string => (sql.dialect === 'mysql' ? ' FOR UPDATE SKIP LOCKED' : ''),
  /** INSERT that silently keeps an existing row with the same key. */
  insertIgnore: (sql: Sql): string => (sql.dialect === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE'),
  /** `?, ?, ?` for an IN list of `n` values. */
  placeholders: (n: number): string => Array.from({ length: n }, () => '?').join(', '),
};
