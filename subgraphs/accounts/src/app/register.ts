import { randomBytes } from 'node:crypto';
import { textProblem } from '@stockgraph/domain';
import type { Database } from '@stockgraph/persistence';
import { MAX_DISPLAY_NAME_LENGTH } from '../domain/account';
import { normalizeEmail } from '../domain/email';
import { AccountError } from '../domain/errors';
import { requireAcceptablePassword } from '../domain/password-rules';
import type { AccountRepository } from '../infra/account.repository';
import type { PasswordHasher } from '@stockgraph/runtime';
import type { IssuedSession, SessionIssuer } from './session-issuer';

export interface RegisterRequest {
  email: string;
  password: string;
  displayName: string | null;
}

/** Sign-up: a new customer account, signed in at once. */
export class Register {
  constructor(
    private readonly db: Database,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly issuer: SessionIssuer,
    private readonly clock: () => number = Date.now,
  ) {}

  async execute(request: RegisterRequest): Promise<IssuedSession> {
    const email = normalizeEmail(request.email);
    requireAcceptablePassword(request.password, email);
    const displayName = request.displayName === null ? null : request.displayName.trim() || null;
    const nameProblem = displayName === null ? null : textProblem(displayName, MAX_DISPLAY_NAME_LENGTH);
    if (nameProblem)
      throw new AccountError('INVALID_DISPLAY_NAME', `a display name ${nameProblem}`, 'input.displayName');
    const passwordHash = await this.hasher.hash(request.password);
    return this.db.transaction(async (tx) => {
      const now = this.clock();
      const account = {
        id: `cus_${randomBytes(12).toString('base64url')}`,
        email,
        displayName,
        status: 'ACTIVE' as const,
        disabledReason: null,
        createdAt: now,
      };
      // Saying so tells the caller this email has an account; without a confirmation mail
      // there is no other honest answer. The gateway's sign-in budget per address bounds how
      // many emails one can try.
      if (!(await this.accounts.insert(tx, { ...account, passwordHash }, now)))
        throw new AccountError(
          'EMAIL_TAKEN',
          'an account with this email exists: sign in instead',
          'input.email',
          'CONFLICT',
        );
      return this.issuer.open(tx, account, now);
    });
  }
}
