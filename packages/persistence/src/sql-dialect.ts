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
  /** What follows `INSERT … VALUES …` to update `columns` of the existing row instead on a key conflict. */
  onConflictUpdate: (sql: Sql, keyColumns: readonly string[], columns: readonly string[]): string =>
    sql.dialect === 'mysql'
      ? ` ON DUPLICATE KEY UPDATE ${columns.map((c) => `${c} = VALUES(${c})`).join(', ')}`
      : ` ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  /** `?, ?, ?` for an IN list of `n` values. */
  placeholders: (n: number): string => Array.from({ length: n }, () => '?').join(', '),
};
