import { GraphQLError } from 'graphql';
import type { VerifyClientCallbackAsync } from 'ws';
import type { ConnectionCap } from './connection-cap';
import { addressKey } from './identity-key';
import { type RateLimit, rateLimitedError, retryAfterSeconds } from './rate-limit';

// Spelled as ws spells its own default headers, which these replace.
const JSON_BODY = { 'Content-Type': 'application/json; charset=utf-8' };

/** Why an upgrade was refused, for the refusal counter. */
export type UpgradeRefusal = 'connection_limit' | 'rate_limited';

/**
 * Admits a WebSocket upgrade to /graphql, or refuses it with HTTP 429 before the socket
 * exists: while the address already holds its cap of open connections, or while the
 * identity is over its request budget (each connection attempt spends one request).
 *
 * Refusing the upgrade rather than closing an accepted socket needs no close code:
 * graphql-ws reserves 4400–4499, and 4429 already means "too many initialisation
 * requests". The cap counts by address because at the upgrade nothing else is known that
 * a browser can send: its WebSocket cannot set an Authorization header.
 */
export function upgradeGuard(
  cap: ConnectionCap,
  limit: RateLimit,
  refused: (reason: UpgradeRefusal) => void,
): VerifyClientCallbackAsync {
  return ({ req }, accept) => {
    const release = cap.admit(addressKey(req));
    if (!release) {
      refused('connection_limit');
      const error = new GraphQLError(
        'Too many WebSocket connections are open from this address; close one before opening another.',
        {
          extensions: { code: 'CONNECTION_LIMIT', category: 'UNAVAILABLE' },
        },
      );
      accept(false, 429, refusalBody(error), JSON_BODY);
      return;
    }
    // The raw socket closes however the connection ends: refused below, failed handshake, or a closed WebSocket.
    req.socket.once('close', release);
    void limit.consume(addressKey(req)).then((decision) => {
      if (decision.allowed) {
        accept(true);
        return;
      }
      release();
      refused('rate_limited');
      accept(false, 429, refusalBody(rateLimitedError(decision.retryAfterMs)), {
        ...JSON_BODY,
        'Retry-After': String(retryAfterSeconds(decision.retryAfterMs)),
      });
    });
  };
}

function refusalBody(error: GraphQLError): string {
  return JSON.stringify({ errors: [error.toJSON()] });
}
