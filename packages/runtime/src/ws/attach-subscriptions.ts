import type http from 'node:http';
import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  getOperationAST,
  GraphQLError,
  Kind,
  type FormattedExecutionResult,
  type GraphQLSchema,
  OperationTypeNode,
  parse,
  validate,
} from 'graphql';
import { WebSocketServer } from 'ws';
import { type Caller, DomainError } from '@stockgraph/domain';
import type { Logger } from '../log/create-logger';
import { batchSocketWrites } from './batch-socket-writes';
import { Delivery } from './delivery';
import { formatError } from '../http/format-error';
import { serveGraphqlTransportWs } from './ws-protocol-server';
import { contextOf, endSpan, SpanKind, startSpan, traceparentOf, withSpanActive } from '../tracing/trace-context';

export interface SubscriptionServer {
  /** Closes every socket (1001: clients come back) . */
  close(): Promise<void>;
}

/** graphql-ws close codes for a connection_init whose credentials are missing or bad, or not enough. */
export const WS_CLOSE = { unauthorized: 4401, forbidden: 4403 } as const;

/** Bytes a subscriber (usually a gateway, serving many clients) may leave unread before its subscriptions pause. */
const HIGH_WATER_BYTES = 4 * 1_048_576;

/**
 * Serves GraphQL subscriptions over graphql-ws's protocol on the HTTP server's `/graphql`
 * path, the same URL as queries. `authenticate` reads the credentials in `connection_init`
 * (closing the socket with 4401 or 4403 when they fail) and `context` builds one
 * subscription's context for that caller. Each result is written as soon as it is
 * executed, without waiting for the previous write to reach the network, so one busy
 * subscription (a gateway's upstream serving thousands) is not held to one event per turn
 * of the event loop.
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
  // Errors carry their code and field exactly as they do over HTTP.
  const formatted = (result: ExecutionResult): ExecutionResult | FormattedExecutionResult =>
    result.errors ? { ...result, errors: result.errors.map((error) => format(error.toJSON(), error)) } : result;
  const refuse = (errors: readonly GraphQLError[]) => {
    options.log.warn({ errors: errors.map((e) => e.message) }, 'subscription refused');
    return errors;
  };
  serveGraphqlTransportWs<{ caller: Caller }>(
    wss,
    {
      connect: async (params) => {
        try {
          return { state: { caller: await options.authenticate(params) } };
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return {
            close: error.code === 'FORBIDDEN' ? WS_CLOSE.forbidden : WS_CLOSE.unauthorized,
            reason: error.message.slice(0, 120),
          };
        }
      },
      subscribe: async ({ caller }, _request, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return refuse([new GraphQLError((error as Error).message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
        }
        const errors = validate(options.schema, document);
        if (errors.length > 0) return refuse(errors);
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) {
          return refuse([
            new GraphQLError('Only subscriptions are served over WebSocket.', {
              extensions: { code: 'OPERATION_NOT_SUPPORTED' },
            }),
          ]);
        }
        const args: ExecutionArgs = {
          schema: options.schema,
          document,
          variableValues: payload.variables ?? {},
          ...(payload.operationName ? { operationName: payload.operationName } : {}),
          contextValue: await options.context(caller),
        };
        // What graphql's subscribe() does, with each source event in hand: one that carries a
        // trace is executed in it, and its result tells the subscriber (a gateway) the trace.
        const stream = await createSourceEventStream(args);
        // Refused while subscribing (bad arguments, not allowed): one result with the errors, then complete.
        if (!(Symbol.asyncIterator in stream)) return once(new Delivery(formatted(stream)));
        const run = (event: unknown) => execute({ ...args, rootValue: event }) as Promise<ExecutionResult>;
        const [root] = operation.selectionSet.selections;
        const rootField = root?.kind === Kind.FIELD ? root.name.value : 'subscription';
        return mapped(
          stream[Symbol.asyncIterator](),
          async (event) => new Delivery(formatted(marked(event, await executeTraced(event, rootField, run)))),
        );
      },
      closed: () => undefined,
    },
    { initTimeoutMs: 3000, keepAliveMs: 12_000, highWaterBytes: HIGH_WATER_BYTES, log: options.log },
  );
  return {
    close: async () => {
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Executes one subscription event; an event carrying a `traceparent` (a live feed's, while
 * tracing is on) is executed in a span of that trace, whose context the result's
 * `extensions.traceparent` hands to the subscriber.
 */
async function executeTraced(
  event: unknown,
  rootField: string,
  run: (event: unknown) => Promise<ExecutionResult>,
): Promise<ExecutionResult> {
  const carried = isObject(event) && typeof event.traceparent === 'string' ? event.traceparent : undefined;
  if (!carried) return run(event);
  const span = startSpan(`subscription ${rootField}`, {
    kind: SpanKind.PRODUCER,
    parent: contextOf(carried),
    attributes: { 'graphql.operation.type': 'subscription', 'graphql.field.name': rootField },
  });
  try {
    const result = await withSpanActive(span, () => run(event));
    const traceparent = traceparentOf(span);
    endSpan(span);
    return traceparent ? { ...result, extensions: { ...result.extensions, traceparent } } : result;
  } catch (error) {
    endSpan(span, error);
    throw error;
  }
}

/**
 * A source event that is part of the current state a subscription started with (`current:
 * true` on it, see `@liveSnapshot`), not a change, says so in `extensions.current`: a gateway
 * sharing the stream gives it only to the clients that asked for a current state.
 */
function marked(event: unknown, result: ExecutionResult): ExecutionResult {
  return isObject(event) && event.current === true
    ? { ...result, extensions: { ...result.extensions, current: true } }
    : result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Maps a source iterator's values. Written by hand rather than as an async generator: a
 * generator's `return()` waits for the pending `next()` of its source, so an idle stream
 * would stay subscribed until its next event; this one passes `return()` straight on.
 */
function mapped<T, U>(source: AsyncIterator<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  const iterator: AsyncIterableIterator<U> = {
    next: async () => {
      const step = await source.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await map(step.value) };
    },
    return: async () => {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** An iterator of one value. */
function once<T>(value: T): AsyncIterableIterator<T> {
  let given = false;
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (given) return Promise.resolve({ done: true, value: undefined });
      given = true;
      return Promise.resolve({ done: false, value });
    },
    return: () => {
      given = true;
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
