import { createHash } from 'node:crypto';
import { type Database, dialectSql } from '@stockgraph/persistence';
import { normalizeEmail } from '../domain/email';
import { AccountError, invalidCredentials } from '../domain/errors';
import { requireSignInPasswordShape } from '../domain/password-rules';
import type { AccountRepository } from '../infra/account.repository';
import type { PasswordHasher } from '@stockgraph/runtime';
import type { SignInFailureRepository } from '../infra/sign-in-failures.repository';
import type { IssuedSession, SessionIssuer } from './session-issuer';

export interface LockPolicy {
  /** Failed sign-ins for one email, within `windowMs` of the first, that lock it. */
  maxFailures: number;
  windowMs: number;
  /** How long a locked email refuses every sign-in, the right password included. */
  lockMs: number;
}

/** How failures are counted: by a hash of the email, so addresses without an account count (and lock) alike. */
export function emailKey(email: string): string {
  return createHash('sha256').update(`sign-in:${email}`).digest('hex');
}

/**
 * Sign-in with email and password. Every refusal that could tell whether an account
 * exists reads the same (INVALID_CREDENTIALS) and costs the same (an unknown email is
 * checked against a dummy hash); failures are counted per email whether or not it has an
 * account, so a lock (SIGN_IN_LOCKED) tells an attacker nothing either.
 */
export class SignIn {
  constructor(
    private readonly db: Database,
    private readonly accounts: AccountRepository,
    private readonly failures: SignInFailureRepository,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly policy: LockPolicy,
    private readonly clock: () => number = Date.now,
  ) {}

  async execute(request: { email: string; password: string }): Promise<IssuedSession> {
    const email = normalizeEmail(request.email);
    requireSignInPasswordShape(request.password);
    const key = emailKey(email);
    const before = await this.db.read((sql) => this.failures.state(sql, key));
    // A locked email costs no hash: refusing it must stay cheap however hard it is hammered.
    if (before?.lockedUntil && before.lockedUntil > this.clock()) throw this.locked(before.lockedUntil);
    const account = await this.db.read((sql) => this.accounts.byEmail(sql, email));
    const matches = account
      ? await this.hasher.verify(request.password, account.passwordHash)
      : (await this.hasher.verifyAgainstNobody(request.password), false);
    if (!account || !matches) {
      await this.recordFailure(key);
      throw invalidCredentials();
    }
    // Only someone who knows the password learns the account is disabled.
    if (account.status === 'DISABLED')
      throw new AccountError(
        'ACCOUNT_DISABLED',
        'this account is disabled; contact the shop to have it enabled again',
        undefined,
        'FORBIDDEN',
      );
    const rehash = this.hasher.isOutdated(account.passwordHash) ? await this.hasher.hash(request.password) : null;
    const { passwordHash: _hash, ...visible } = account;
    return this.db.transaction(async (tx) => {
      const now = this.clock();
      const locked = await this.failures.state(tx, key);
      // A lock that landed while this password was being checked wins: the lock is the rule.
      if (locked?.lockedUntil && locked.lockedUntil > now) throw this.locked(locked.lockedUntil);
      if (locked) await this.failures.clear(tx, key);
      if (rehash) await this.accounts.setPasswordHash(tx, account.id, rehash, now);
      return this.issuer.open(tx, visible, now);
    });
  }

  private async recordFailure(key: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const now = this.clock();
      // Insert-then-lock makes concurrent failures count one by one on MariaDB (SQLite has one writer).
      await tx.execute(
        `${dialectSql.insertIgnore(tx)} INTO sign_in_failures (email_hash, failures, window_started_at, locked_until) VALUES (?, 0, ?, NULL)`,
        [key, now],
      );
      const [row] = await tx.select<{ failures: number | string; window_started_at: number | string }>(
        `SELECT failures, window_started_at FROM sign_in_failures WHERE email_hash = ?${dialectSql.forUpdate(tx)}`,
        [key],
      );
      const fresh = !row || Number(row.window_started_at) + this.policy.windowMs < now;
      const failures = (fresh ? 0 : Number(row.failures)) + 1;
      await this.failures.save(tx, key, {
        failures,
        windowStartedAt: fresh ? now : Number(row.window_started_at),
        lockedUntil: failures >= this.policy.maxFailures ? now + this.policy.lockMs : null,
      });
    });
  }

  private locked(until: number): AccountError {
    const minutes = Math.max(1, Math.ceil((until - this.clock()) / 60_000));
    return new AccountError(
      'SIGN_IN_LOCKED',
      `too many failed sign-ins for this email: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      undefined,
      'UNAUTHENTICATED',
    );
  }
}
