import type { IncomingMessage } from 'node:http';

/** Longest `sub` used as a key; anything longer is not a subject we issue, and would only bloat Redis keys. */
const MAX_SUBJECT_LENGTH = 200;

/**
 * Who a request counts against for rate limits: `sub:<subject>` for a request carrying
 * `Authorization: Bearer <jwt>`, `ip:<address>` for any other.
 *
 * STOPGAP until the gateway verifies tokens: the subject is read from the token WITHOUT
 * checking its signature, so it is whatever the caller wrote. A caller can put someone
 * else's `sub` in a token of its own and spend their budget, or mint a fresh `sub` per
 * request and never run out of budget at all. When verification lands, this returns the
 * verified subject instead (and `ip:` for a token that fails), and nothing else changes:
 * every limit takes the key this function returns.
 */
export function identityKey(req: IncomingMessage): string {
  const subject = unverifiedSubject(req.headers.authorization);
  return subject === null ? addressKey(req) : `sub:${subject}`;
}

/** The caller's network address as a key, `ip:<address>`: all that is known of a WebSocket at its upgrade. */
export function addressKey(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; it is the same client as a.b.c.d.
  return `ip:${address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address}`;
}

/** The `sub` claim of a bearer JWT, decoded but not verified; null when there is no readable one. */
export function unverifiedSubject(authorization: string | undefined): string | null {
  const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (token === undefined) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const sub = typeof claims === 'object' && claims !== null && 'sub' in claims ? claims.sub : undefined;
    return typeof sub === 'string' && sub.length > 0 && sub.length <= MAX_SUBJECT_LENGTH ? sub : null;
  } catch {
    return null;
  }
}
