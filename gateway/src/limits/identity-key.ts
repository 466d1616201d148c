import type { IncomingMessage } from 'node:http';
import type { Authenticator } from '@stockgraph/runtime';
import type { Caller } from '@stockgraph/domain';
import { TrustedProxies } from './trusted-proxies';

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

let proxies = new TrustedProxies([]);

/** The balancers whose X-Forwarded-For the gateway believes (TRUSTED_PROXIES), set once at start. */
export function trustProxies(trusted: TrustedProxies): void {
  proxies = trusted;
}

/** The caller's network address as a key, `ip:<address>`: all that is known of a WebSocket at its upgrade. */
export function addressKey(req: IncomingMessage): string {
  return `ip:${proxies.clientOf(req.socket.remoteAddress ?? 'unknown', req.headers['x-forwarded-for'])}`;
}
