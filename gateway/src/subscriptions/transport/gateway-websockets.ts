import type http from 'node:http';
import {
  type AuthenticatedCaller,
  type Authenticator,
  batchSocketWrites,
  CONNECTION_AUTH_KEYS,
  type Logger,
  serveGraphqlTransportWs,
  WS_CLOSE,
} from '@stockgraph/runtime';
import { DomainError } from '@stockgraph/domain';
import { WebSocketServer } from 'ws';
import { Gauge, type Registry } from 'prom-client';
import type { ConnectionCap } from '../../limits/connection-cap';
import type { RateLimit } from '../../limits/rate-limit';
import { upgradeGuard } from '../../limits/upgrade-guard';
import type { SubscriptionService, SubscriptionSlots } from '../subscription-service';

/** Bytes a client may leave unread on its socket before its subscriptions stop being written (and their queues coalesce). */
const SOCKET_HIGH_WATER_BYTES = 65_536;

export interface WebSocketOptions {
  log: Logger;
  registry: Registry;
  /** Most subscriptions one connection may hold. */
  maxPerConnection: number;
  /** Largest WebSocket frame accepted; a bigger one closes the socket (1009) unread. */
  maxPayloadBytes: number;
  /** Reads the token in `connection_init` (none: anonymous). */
  authenticator: Authenticator;
  /** The per-identity budget HTTP requests spend too: each connection attempt costs one. */
  rateLimit: RateLimit;
  /** Connections open per address, shared with event streams. */
  connections: ConnectionCap;
}

export interface GatewayWebSockets {
  /** Closes every socket (1001: clients come back). */
  close(): Promise<void>;
}

interface ConnectionState extends SubscriptionSlots {
  caller: AuthenticatedCaller;
  /** Closes the socket when the caller's token expires. */
  expiry: NodeJS.Timeout | undefined;
}

/**
 * The gateway's subscriptions over WebSocket (graphql-ws's protocol) on the HTTP server's
 * `/graphql`: connection caps and the rate limit at the upgrade, the token in
 * `connection_init` (the socket closes when it expires), the service behind it.
 */
export function attachGatewayWebSockets(
  server: http.Server,
  service: SubscriptionService,
  options: WebSocketOptions,
): GatewayWebSockets {
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: options.maxPayloadBytes,
    verifyClient: upgradeGuard(options.connections, options.rateLimit, (reason) =>
      service.metrics.refusals.inc({ reason }),
    ),
  });
  batchSocketWrites(wss);
  new Gauge({
    name: 'gateway_websocket_connections',
    help: 'WebSocket connections open now.',
    registers: [options.registry],
    collect() {
      this.set(wss.clients.size);
    },
  });
  serveGraphqlTransportWs<ConnectionState>(
    wss,
    {
      connect: async (params, _request, close) => {
        const authorization = params[CONNECTION_AUTH_KEYS.authorization];
        let caller: AuthenticatedCaller;
        try {
          caller = await options.authenticator.callerOf(
            { authorization: typeof authorization === 'string' ? authorization : undefined },
            { required: false },
          );
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return { close: WS_CLOSE.unauthorized, reason: error.message.slice(0, 120) };
        }
        // The socket lives no longer than the token: the client reconnects with a fresh one.
        const expiry =
          caller.expiresAt === null
            ? undefined
            : setTimeout(
                () => close(WS_CLOSE.unauthorized, 'the token has expired; reconnect with a fresh one'),
                Math.max(0, caller.expiresAt - Date.now()),
              );
        expiry?.unref();
        return { state: { active: 0, max: options.maxPerConnection, caller, expiry } };
      },
      closed: (state) => clearTimeout(state.expiry),
      subscribe: (state, request, payload) => service.start(state.caller, request, payload, state),
    },
    {
      initTimeoutMs: 3000,
      keepAliveMs: 12_000,
      highWaterBytes: SOCKET_HIGH_WATER_BYTES,
      written: (seconds) => service.metrics.written.observe(seconds),
      log: options.log,
    },
  );
  return {
    close: async () => {
      // A restart does not end anyone's subscription: 1001 (going away) tells graphql-ws
      // clients to reconnect, here or on another instance. Completing them would leave every
      // screen silently stale.
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
