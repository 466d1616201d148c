import { AccountError } from './errors';

export const MIN_PASSWORD_LENGTH = 10;
/** Hashing cost grows with length; past this nobody types a password, only an attacker sends one. */
export const MAX_PASSWORD_LENGTH = 200;

/**
 * NIST SP 800-63B's rules for a password a person chooses: long enough, any characters
 * (spaces and emoji included), no composition rules, and not one of the first guesses
 * of every attacker.
 */
export function requireAcceptablePassword(password: string, email: string, field = 'input.password'): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH)
    throw new AccountError(
      'WEAK_PASSWORD',
      `a password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long`,
      field,
    );
  const lower = password.toLowerCase();
  if (new Set(lower).size < 4 || COMMON.some((guess) => lower.includes(guess)) || lower.includes(localPart(email)))
    throw new AccountError(
      'WEAK_PASSWORD',
      'this password is too easy to guess (a common word, a run of one character, or your email): choose another',
      field,
    );
}

/** Sign-in only bounds the length: the rules above may change, old passwords must still work. */
export function requireSignInPasswordShape(password: string, field = 'input.password'): void {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH)
    throw new AccountError('INVALID_CREDENTIALS', 'the email or the password is wrong', field, 'UNAUTHENTICATED');
}

function localPart(email: string): string {
  const local = email.split('@')[0] ?? '';
  // A two-letter local part would refuse most passwords that merely contain those letters.
  return local.length >= 4 ? local : '\u0000';
}

const COMMON = ['password', '123456', 'qwerty', 'letmein', 'welcome', 'iloveyou', 'admin', 'stockgraph', 'abc123'];
