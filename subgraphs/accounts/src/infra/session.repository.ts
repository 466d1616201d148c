import { type Sql } from '@stockgraph/persistence';

/** Why a session family ended before its time. */
export type RevokeReason = 'SIGNED_OUT' | 'TOKEN_REUSED' | 'ACCOUNT_DISABLED';

export interface RefreshTokenRecord {
  familyId: string;
  accountId: string;
  expiresAt: number;
  usedAt: number | null;
  familyExpiresAt: number;
  familyRevokedAt: number | null;
}

interface TokenRow {
  family_id: string;
  account_id: string;
  expires_at: number | string;
  used_at: number | string | null;
  family_expires_at: number | string;
  revoked_at: number | string | null;
}

const nullableNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

/** Session families (one per sign-in) and the refresh tokens each rotates through; tokens stored by hash only. */
export class SessionRepository {
  async openFamily(sql: Sql, family: { id: string; accountId: string; expiresAt: number }, now: number): Promise<void> {
    await sql.execute(
      'INSERT INTO session_families (id, account_id, created_at, expires_at, revoked_at, revoked_reason) VALUES (?, ?, ?, ?, NULL, NULL)',
      [family.id, family.accountId, now, family.expiresAt],
    );
  }

  async addToken(sql: Sql, token: { hash: string; familyId: string; expiresAt: number }, now: number): Promise<void> {
    await sql.execute(
      'INSERT INTO refresh_tokens (token_hash, family_id, issued_at, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)',
      [token.hash, token.familyId, now, token.expiresAt],
    );
  }

  async token(sql: Sql, hash: string): Promise<RefreshTokenRecord | null> {
    const [row] = await sql.select<TokenRow>(
      `SELECT t.family_id, f.account_id, t.expires_at, t.used_at, f.expires_at AS family_expires_at, f.revoked_at
         FROM refresh_tokens t JOIN session_families f ON f.id = t.family_id
        WHERE t.token_hash = ?`,
      [hash],
    );
    if (!row) return null;
    return {
      familyId: row.family_id,
      accountId: row.account_id,
      expiresAt: Number(row.expires_at),
      usedAt: nullableNumber(row.used_at),
      familyExpiresAt: Number(row.family_expires_at),
      familyRevokedAt: nullableNumber(row.revoked_at),
    };
  }

  /**
   * Marks the token used; true only for the one caller that did: of two racing refreshes
   * with one token, the other sees it used, which is exactly what a reuse looks like.
   */
  async markUsed(sql: Sql, hash: string, now: number): Promise<boolean> {
    return (
      (await sql.execute('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL', [
        now,
        hash,
      ])) === 1
    );
  }

  async revokeFamily(sql: Sql, familyId: string, reason: RevokeReason, now: number): Promise<number> {
    return sql.execute(
      'UPDATE session_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL',
      [now, reason, familyId],
    );
  }

  async revokeAllOf(sql: Sql, accountId: string, reason: RevokeReason, now: number): Promise<number> {
    return sql.execute(
      'UPDATE session_families SET revoked_at = ?, revoked_reason = ? WHERE account_id = ? AND revoked_at IS NULL',
      [now, reason, accountId],
    );
  }

  /** Deletes families (and their tokens) that ended before `before`; returns how many. */
  async purgeEnded(sql: Sql, before: number, limit: number): Promise<number> {
    const ended = await sql.select<{ id: string }>(
      `SELECT id FROM session_families WHERE expires_at < ? OR (revoked_at IS NOT NULL AND revoked_at < ?) LIMIT ${Math.trunc(limit)}`,
      [before, before],
    );
    if (ended.length === 0) return 0;
    const ids = ended.map((row) => row.id);
    const marks = ids.map(() => '?').join(', ');
    await sql.execute(`DELETE FROM refresh_tokens WHERE family_id IN (${marks})`, ids);
    return sql.execute(`DELETE FROM session_families WHERE id IN (${marks})`, ids);
  }
}
