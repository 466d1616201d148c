import { dialectSql, type Sql } from '@stockgraph/persistence';

export interface FailureState {
  failures: number;
  windowStartedAt: number;
  lockedUntil: number | null;
}

/** Failed sign-ins per email hash (the email itself is not kept for addresses that may have no account). */
export class SignInFailureRepository {
  async state(sql: Sql, emailHash: string): Promise<FailureState | null> {
    const [row] = await sql.select<{
      failures: number | string;
      window_started_at: number | string;
      locked_until: number | string | null;
    }>('SELECT failures, window_started_at, locked_until FROM sign_in_failures WHERE email_hash = ?', [emailHash]);
    if (!row) return null;
    return {
      failures: Number(row.failures),
      windowStartedAt: Number(row.window_started_at),
      lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    };
  }

  async save(sql: Sql, emailHash: string, state: FailureState): Promise<void> {
    await sql.execute(
      `INSERT INTO sign_in_failures (email_hash, failures, window_started_at, locked_until) VALUES (?, ?, ?, ?)${dialectSql.onConflictUpdate(
        sql,
        ['email_hash'],
        ['failures', 'window_started_at', 'locked_until'],
      )}`,
      [emailHash, state.failures, state.windowStartedAt, state.lockedUntil],
    );
  }

  async clear(sql: Sql, emailHash: string): Promise<void> {
    await sql.execute('DELETE FROM sign_in_failures WHERE email_hash = ?', [emailHash]);
  }

  async purgeBefore(sql: Sql, before: number): Promise<number> {
    return sql.execute(
      'DELETE FROM sign_in_failures WHERE window_started_at < ? AND (locked_until IS NULL OR locked_until < ?)',
      [before, before],
    );
  }
}
