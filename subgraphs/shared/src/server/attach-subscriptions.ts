import type http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../log/create-logger';
import { batchSocketWrites } from './batch-socket-writes';
import { formatError } from './format-error';

export interface SubscriptionServer {
  /** Completes every subscription and closes every socket. */
  close(): Promise<void>;
}

/**
 * Serves GraphQL subscriptions over graphql-ws on the HTTP server's `/graphql` path, the
 * same URL as queries. `context` receives the `connection_init` payload (where clients
 * put their credentials) and builds the context of one subscription.
 */
export function attachSubscriptions<Context extends object>(
  server: http.Server,
  options: {
    schema: GraphQLSchema;
    context: (connectionParams: Record<string, unknown>) => Context | Promise<Context>;
    log: Logger;
    path?: string;
    /** Largest WebSocket frame accepted; a bigger one closes the socket (1009) unread. */
    maxPayloadBytes: number;
  },
): SubscriptionServer {
  const wss = new WebSocketServer({ server, path: options.path ?? '/graphql', maxPayload: options.maxPayloadBytes });
  batchSocketWrites(wss);
  const format = formatError(options.log);
  const disposable = useServer(
    {
      schema: options.schema,
      context: (ctx) => options.context((ctx.connectionParams ?? {}) as Record<string, unknown>),
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
