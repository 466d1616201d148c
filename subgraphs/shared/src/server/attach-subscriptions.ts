import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { type Caller, DomainError } from '../domain';
import type { Logger } from '../log/create-logger';
import { batchSocketWrites } from './batch-socket-writes';
import { formatError } from './format-error';

export interface SubscriptionServer {
  /** Completes every subscription and closes every socket. */
  close(): Promise<void>;
}

/** graphql-ws close codes for a connection_init whose credentials are missing or bad, or not enough. */
export const WS_CLOSE = { unauthorized: 4401, forbidden: 4403 } as const;

/**
 * Serves GraphQL subscriptions over graphql-ws on the HTTP server's `/graphql` path, the
 * same URL as queries. `authenticate` reads the credentials in `connection_init` (closing
 * the socket with 4401 or 4403 when they fail) and `context` builds one subscription's
 * context for that caller.
 */
export function attachSubscriptions<Context extends object>(
  server: http.Server,
  options: {
    schema: GraphQLSchema;
    authenticate: (connectionParams: Record<string, unknown>) => Promise<Caller>;
    context: (caller: Caller) => Context | Promise<Context>;
    log: Logger;
    path?: string;
    /** Largest WebSocket frame accepted; a bigger one closes the socket (1009) unread. */
    maxPayloadBytes: number;
  },
): SubscriptionServer {
  const wss = new WebSocketServer({ server, path: options.path ?? '/graphql', maxPayload: options.maxPayloadBytes });
  batchSocketWrites(wss);
  const format = formatError(options.log);
  const callers = new WeakMap<object, Caller>();
  const disposable = useServer(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        try {
          callers.set(ctx, await options.authenticate(ctx.connectionParams ?? {}));
          return true;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          ctx.extra.socket.close(error.code === 'FORBIDDEN' ? WS_CLOSE.forbidden : WS_CLOSE.unauthorized, error.message.slice(0, 120));
          return false;
        }
      },
      context: (ctx) => {
        const caller = callers.get(ctx);
        if (!caller) throw new Error('a subscription arrived on a connection that was not authenticated');
        return options.context(caller);
      },
      // Errors carry their code and field exactly as they do over HTTP.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => format(error.toJSON(), error)) } : undefined,
      onError: (_ctx, _id, _payload, errors) => {
        options.log.warn({ errors: errors.map((e) => e.message) }, 'subscription refused');
      },
    },
    wss,
  );
  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
