import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, type DevIssuer, readBody, type Route, sendJson } from '@stockgraph/runtime';
import { addressKey } from '../limits/identity-key';
import { type RateLimit, retryAfterSeconds } from '../limits/rate-limit';
import { DEMO_USERS } from './demo-users';
import type { StoreKeyExchange } from './store-key-exchange';

const MAX_TOKEN_REQUEST_BYTES = 4096;

export interface TokenRouteOptions {
  issuer: DevIssuer;
  /** How long a demo user's token lives. */
  userTokenSeconds: number;
  /** How long a store key's token lives: a revoked key stops working within this. */
  storeTokenSeconds: number;
  storeKeys: StoreKeyExchange;
  /** The demo users' one password (printed at start). */
  demoPassword: string;
  /** Attempts per address, shared with signIn and register: every attempt here is a guess too. */
  signInLimit: RateLimit;
}

/** Compares in time that depends only on the lengths of the hashes, never on where the texts differ. */
function samePassword(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The development issuer's endpoints, on the gateway: `POST /auth/token` signs in a demo
 * user (`{"user":"alice","password":"…"}`, the password printed at start) or exchanges a store API key (`{"apiKey":"sgk_…"}`) for a
 * short-lived store token; `/.well-known/jwks.json` publishes the key that verifies them.
 * Answers follow OAuth 2's token response (`access_token`, `token_type`, `expires_in`)
 * and error shape (`error`, `error_description`).
 */
export function tokenRoutes(options: TokenRouteOptions): Route[] {
  const token = async (req: IncomingMessage, res: ServerResponse) => {
    let body: { user?: unknown; password?: unknown; apiKey?: unknown };
    try {
      body = JSON.parse(await readBody(req, MAX_TOKEN_REQUEST_BYTES)) as typeof body;
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      sendJson(res, tooLarge ? 413 : 400, {
        error: 'invalid_request',
        error_description: tooLarge
          ? `the body is larger than ${MAX_TOKEN_REQUEST_BYTES} bytes`
          : 'send JSON: {"user":"alice","password":"..."} or {"apiKey":"sgk_..."}',
      });
      return;
    }
    if (typeof body !== 'object' || body === null) body = {};
    if (typeof body.user === 'string') {
      // Passwords are guessable; store API keys (32 random bytes) are not, and a shop's renewals must not spend its address's budget.
      const decision = await options.signInLimit.consume(`sign-in:${addressKey(req)}`);
      if (!decision.allowed) {
        res.setHeader('retry-after', String(retryAfterSeconds(decision.retryAfterMs)));
        sendJson(res, 429, {
          error: 'slow_down',
          error_description: `too many sign-in attempts from this address; retry in ${retryAfterSeconds(decision.retryAfterMs)} s`,
        });
        return;
      }
      const user = DEMO_USERS.find((candidate) => candidate.name === body.user);
      // The demo users' names are public (the start-up banner lists them); only the password is a secret.
      if (!user) {
        sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: `no demo user "${body.user.slice(0, 50)}"; try ${DEMO_USERS.map((u) => u.name).join(', ')}`,
        });
        return;
      }
      if (typeof body.password !== 'string' || !samePassword(body.password, options.demoPassword)) {
        sendJson(res, 400, {
          error: 'invalid_grant',
          error_description:
            'wrong password: the demo password is printed when stockgraph starts (or set DEMO_PASSWORD)',
        });
        return;
      }
      const claims = { roles: user.roles, ...(user.locations ? { locations: user.locations } : {}) };
      sendToken(res, await options.issuer.sign(user.name, claims, options.userTokenSeconds), options.userTokenSeconds);
      return;
    }
    if (typeof body.apiKey === 'string') {
      const key = await options.storeKeys.verify(body.apiKey);
      if (!key) {
        sendJson(res, 400, { error: 'invalid_grant', error_description: 'this store API key is unknown or revoked' });
        return;
      }
      const claims = { roles: ['store'], locations: [key.locationId], key: key.keyId };
      sendToken(
        res,
        await options.issuer.sign(`store-key:${key.keyId}`, claims, options.storeTokenSeconds),
        options.storeTokenSeconds,
      );
      return;
    }
    sendJson(res, 400, {
      error: 'invalid_request',
      error_description:
        'send {"user":"alice","password":"..."} (a demo user) or {"apiKey":"sgk_..."} (a store API key)',
    });
  };
  return [
    { method: 'POST', path: '/auth/token', handle: token },
    {
      method: 'GET',
      path: '/.well-known/jwks.json',
      handle: (_req, res) => {
        res.setHeader('cache-control', 'public, max-age=300');
        sendJson(res, 200, options.issuer.jwks);
      },
    },
  ];
}

function sendToken(res: ServerResponse, token: string, seconds: number): void {
  res.setHeader('cache-control', 'no-store');
  sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: seconds });
}
