import type { IncomingMessage } from 'node:http';
import type { Authenticator } from '@stockgraph/runtime';
import type { Caller } from '@stockgraph/domain';

/**
 * Who a request counts against for rate limits: `sub:<subject>` for a caller whose token
 * verified, `ip:<address>` for anyone else (anonymous, or a token that does not verify —
 * that request is refused anyway, but its attempt still costs its address). Only a
 * verified subject is ever a key, so nobody can spend another's budget or mint fresh
 * budgets by writing made-up subjects into unsigned tokens.
 */
export function callerKey(caller: Caller, req: IncomingMessage): string {
  return caller.subject === null ? addressKey(req) : `sub:${caller.subject}`;
}

/** `callerKey` of an HTTP request, verifying its token (the verifier caches, so the route's own check costs nothing more). */
export function verifiedIdentityKey(authenticator: Authenticator): (req: IncomingMessage) => Promise<string> {
  return async (req) => {
    try {
      return callerKey(
        await authenticator.callerOf({ authorization: req.headers.authorization }, { required: false }),
        req,
      );
    } catch {
      return addressKey(req);
    }
  };
}

/** The caller's network address as a key, `ip:<address>`: all that is known of a WebSocket at its upgrade. */
export function addressKey(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; it is the same client as a.b.c.d.
  return `ip:${address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address}`;
}
