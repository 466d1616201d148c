import { textProblem } from '@stockgraph/domain';
import type { Database, Tx } from '@stockgraph/persistence';
import { type Account, MAX_REASON_LENGTH } from '../domain/account';
import { normalizeEmail } from '../domain/email';
import { AccountError } from '../domain/errors';
import type { AccountRepository } from '../infra/account.repository';
import type { SessionRepository } from '../infra/session.repository';

/**
 * Ops disable an account (every session ends at once; access tokens already issued live
 * out their few minutes) or enable it again. Both are idempotent.
 */
export class AccountStatusChange {
  constructor(
    private readonly db: Database,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  async disable(rawEmail: string, reason: string): Promise<Account> {
    const problem = textProblem(reason, MAX_REASON_LENGTH);
    if (problem) throw new AccountError('INVALID_REASON', `the reason ${problem}`, 'reason');
    return this.change(rawEmail, async (tx, account, now) => {
      await this.accounts.setStatus(tx, account.id, 'DISABLED', reason, now);
      await this.sessions.revokeAllOf(tx, account.id, 'ACCOUNT_DISABLED', now);
      return { ...account, status: 'DISABLED', disabledReason: reason };
    });
  }

  async enable(rawEmail: string): Promise<Account> {
    return this.change(rawEmail, async (tx, account, now) => {
      await this.accounts.setStatus(tx, account.id, 'ACTIVE', null, now);
      return { ...account, status: 'ACTIVE', disabledReason: null };
    });
  }

  private async change(
    rawEmail: string,
    apply: (tx: Tx, account: Account, now: number) => Promise<Account>,
  ): Promise<Account> {
    const email = normalizeEmail(rawEmail, 'email');
    return this.db.transaction(async (tx) => {
      const found = await this.accounts.byEmail(tx, email);
      if (!found)
        throw new AccountError('ACCOUNT_NOT_FOUND', `no account has the email ${email}`, 'email', 'NOT_FOUND');
      const { passwordHash: _hash, ...account } = found;
      return apply(tx, account, this.clock());
    });
  }
}
