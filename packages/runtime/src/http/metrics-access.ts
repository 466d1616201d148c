import { createHash, timingSafeEqual } from 'node:crypto';

/** The addresses a request from this same host arrives from (IPv4, IPv6, and IPv4 on a dual-stack socket). */
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether a request may read /metrics: always from this host; from anywhere else only
 * with `Authorization: Bearer <token>`, and only when a token is configured. Metrics name
 * operations, callers and backlogs, which is reconnaissance an outsider should not get
 * for free, so the default is closed.
 */
export function metricsAllowed(
  remoteAddress: string | undefined,
  authorization: string | undefined,
  token: string | null,
): boolean {
  if (remoteAddress !== undefined && LOOPBACK.has(remoteAddress)) return true;
  if (token === null || authorization === undefined) return false;
  const match = /^Bearer (.+)$/i.exec(authorization.trim());
  return match?.[1] !== undefined && sameSecret(match[1], token);
}

/**
 * Compares in time that does not depend on where the strings differ. Hashing first gives
 * both sides one length, so neither the token's length nor its prefix leaks either.
 */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
