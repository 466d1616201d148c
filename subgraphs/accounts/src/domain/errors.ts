import { DomainError, type ErrorCategory } from '@stockgraph/domain';

/** What the accounts service refuses with; each code is documented in docs/security.md. */
export type AccountErrorCode =
  | 'INVALID_EMAIL'
  | 'WEAK_PASSWORD'
  | 'INVALID_DISPLAY_NAME'
  | 'EMAIL_TAKEN'
  | 'INVALID_CREDENTIALS'
  | 'SIGN_IN_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'INVALID_REFRESH_TOKEN'
  | 'REFRESH_TOKEN_REUSED'
  | 'ACCOUNT_NOT_FOUND'
  | 'INVALID_REASON'
  | 'ACCOUNTS_BUSY'
  | 'ACCOUNTS_EXTERNAL';

export class AccountError extends DomainError<AccountErrorCode> {
  constructor(code: AccountErrorCode, message: string, field?: string, category: ErrorCategory = 'BAD_USER_INPUT') {
    super(code, message, field, category);
  }
}

/**
 * The one answer to a sign-in that does not hold, whatever the reason (no such email,
 * wrong password): telling them apart would tell an attacker which accounts exist.
 */
export function invalidCredentials(): AccountError {
  return new AccountError('INVALID_CREDENTIALS', 'the email or the password is wrong', undefined, 'UNAUTHENTICATED');
}

/** A refresh token that is unknown, expired, revoked or malformed: the page must sign in again. */
export function invalidRefreshToken(): AccountError {
  return new AccountError(
    'INVALID_REFRESH_TOKEN',
    'this session has ended (signed out, expired or revoked): sign in again',
    'refreshToken',
    'UNAUTHENTICATED',
  );
}
