import type { Sql } from '@stockgraph/persistence';

export interface CashierRecord {
  name: string;
  pinHash: string;
  failures: number;
  lockedUntil: number | null;
}

export interface TillSessionRecord {
  cashier: string;
  expiresAt: number;
  endedAt: number | null;
}

const optionalNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

/** The `cashiers` and `till_sessions` tables: what lets a till work offline for a whole shift. */
export class CashierRepository {
  async cashier(sql: Sql, name: string): Promise<CashierRecord | null> {
    const [row] = await sql.select<{
      name: string;
      pin_hash: string;
      failures: number | string;
      locked_until: number | string | null;
    }>('SELECT name, pin_hash, failures, locked_until FROM cashiers WHERE name = ?', [name]);
    return row
      ? {
          name: row.name,
          pinHash: row.pin_hash,
          failures: Number(row.failures),
          lockedUntil: optionalNumber(row.locked_until),
        }
      : null;
  }

  async names(sql: Sql): Promise<string[]> {
    return (await sql.select<{ name: string }>('SELECT name FROM cashiers ORDER BY name')).map((row) => row.name);
  }

  /** Adds the cashier or gives them a new PIN (and a clean slate of failures). */
  async save(sql: Sql, name: string, pinHash: string, now: number): Promise<void> {
    const updated = await sql.execute(
      'UPDATE cashiers SET pin_hash = ?, failures = 0, locked_until = NULL, updated_at = ? WHERE name = ?',
      [pinHash, now, name],
    );
    if (updated === 0)
      await sql.execute(
        'INSERT INTO cashiers (name, pin_hash, failures, locked_until, created_at, updated_at) VALUES (?, ?, 0, NULL, ?, ?)',
        [name, pinHash, now, now],
      );
  }

  async remove(sql: Sql, name: string, now: number): Promise<boolean> {
    await sql.execute('UPDATE till_sessions SET ended_at = ? WHERE cashier = ? AND ended_at IS NULL', [now, name]);
    return (await sql.execute('DELETE FROM cashiers WHERE name = ?', [name])) === 1;
  }

  /** Counts a wrong PIN; locks the cashier once `maxFailures` are reached. Atomic: racing guesses count one by one. */
  async recordFailure(sql: Sql, name: string, maxFailures: number, lockUntil: number): Promise<void> {
    await sql.execute(
      // locked_until first: MariaDB reads columns assigned earlier in the SET as already changed.
      'UPDATE cashiers SET locked_until = CASE WHEN failures + 1 >= ? THEN ? ELSE locked_until END, failures = failures + 1 WHERE name = ?',
      [maxFailures, lockUntil, name],
    );
  }

  async clearFailures(sql: Sql, name: string): Promise<void> {
    await sql.execute('UPDATE cashiers SET failures = 0, locked_until = NULL WHERE name = ?', [name]);
  }

  async openSession(sql: Sql, tokenHash: string, cashier: string, now: number, expiresAt: number): Promise<void> {
    await sql.execute(
      'INSERT INTO till_sessions (token_hash, cashier, created_at, expires_at, ended_at) VALUES (?, ?, ?, ?, NULL)',
      [tokenHash, cashier, now, expiresAt],
    );
  }

  async session(sql: Sql, tokenHash: string): Promise<TillSessionRecord | null> {
    const [row] = await sql.select<{
      cashier: string;
      expires_at: number | string;
      ended_at: number | string | null;
    }>('SELECT cashier, expires_at, ended_at FROM till_sessions WHERE token_hash = ?', [tokenHash]);
    return row
      ? { cashier: row.cashier, expiresAt: Number(row.expires_at), endedAt: optionalNumber(row.ended_at) }
      : null;
  }

  async endSession(sql: Sql, tokenHash: string, now: number): Promise<boolean> {
    return (
      (await sql.execute('UPDATE till_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL', [
        now,
        tokenHash,
      ])) === 1
    );
  }

  async purgeEnded(sql: Sql, before: number): Promise<number> {
    return sql.execute('DELETE FROM till_sessions WHERE expires_at < ? OR ended_at < ?', [before, before]);
  }
}
