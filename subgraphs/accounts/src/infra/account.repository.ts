import { isDuplicateKeyError, type Sql } from '@stockgraph/persistence';
import type { Account, AccountStatus } from '../domain/account';

interface AccountRow {
  id: string;
  email: string;
  display_name: string | null;
  password_hash: string;
  status: AccountStatus;
  disabled_reason: string | null;
  created_at: number | string;
}

/** An account with its password hash: only sign-in ever reads the hash. */
export interface AccountWithHash extends Account {
  passwordHash: string;
}

const COLUMNS = 'id, email, display_name, password_hash, status, disabled_reason, created_at';

function toAccount(row: AccountRow): AccountWithHash {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    disabledReason: row.disabled_reason,
    createdAt: Number(row.created_at),
    passwordHash: row.password_hash,
  };
}

/** The `accounts` table. */
export class AccountRepository {
  async byEmail(sql: Sql, email: string): Promise<AccountWithHash | null> {
    const [row] = await sql.select<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE email = ?`, [email]);
    return row ? toAccount(row) : null;
  }

  async byId(sql: Sql, id: string): Promise<AccountWithHash | null> {
    const [row] = await sql.select<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`, [id]);
    return row ? toAccount(row) : null;
  }

  /** Inserts the account; false when its email is taken (the unique index decides, so two racing sign-ups cannot both win). */
  async insert(sql: Sql, account: AccountWithHash, now: number): Promise<boolean> {
    try {
      await sql.execute(
        `INSERT INTO accounts (id, email, display_name, password_hash, status, disabled_reason, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
        [account.id, account.email, account.displayName, account.passwordHash, account.status, now, now],
      );
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async setPasswordHash(sql: Sql, id: string, passwordHash: string, now: number): Promise<void> {
    await sql.execute('UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?', [passwordHash, now, id]);
  }

  async setStatus(sql: Sql, id: string, status: AccountStatus, reason: string | null, now: number): Promise<number> {
    return sql.execute('UPDATE accounts SET status = ?, disabled_reason = ?, updated_at = ? WHERE id = ?', [
      status,
      reason,
      now,
      id,
    ]);
  }
}
