import { hasControlCharacters } from '@stockgraph/domain';
import { AccountError } from './errors';

/** RFC 5321's limit on a forward path; longer addresses cannot receive mail anyway. */
export const MAX_EMAIL_LENGTH = 254;

// Deliberately loose: one @, something on each side, a dot in the domain, no spaces.
// Whether a mailbox exists is for a confirmation mail to find out, not a regular expression.
const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The email an account is known by, as stored and compared: trimmed and lower-cased, so
 * `Alice@Example.com ` and `alice@example.com` are one account. Throws INVALID_EMAIL.
 */
export function normalizeEmail(raw: string, field = 'input.email'): string {
  const email = raw.trim().toLowerCase();
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH || hasControlCharacters(email) || !EMAIL_SHAPE.test(email))
    throw new AccountError(
      'INVALID_EMAIL',
      `"${raw.slice(0, 60)}" is not an email address (expected name@example.com, at most ${MAX_EMAIL_LENGTH} characters)`,
      field,
    );
  return email;
}
