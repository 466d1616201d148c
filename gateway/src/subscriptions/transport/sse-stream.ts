import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthenticatedCaller, type Delivery, type EventStreamHandler, sendJson } from '@stockgraph/runtime';
import type { ConnectionCap } from '../../limits/connection-cap';
import { addressKey } from '../../limits/identity-key';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-sse';
import type { SubscriptionService } from '../subscription-service';

/** Bytes a stream may leave unwritten before its next event waits (its own queue then coalesces). */
const HIGH_WATER_BYTES = 262_144;

/**
 * Subscriptions over server-sent events on `/graphql` (the GraphQL over SSE protocol,
 * graphql-sse's distinct-connections mode: one `Accept: text/event-stream` request per
 * subscription), for clients and proxies without WebSockets. Same checks, same shared
 * upstreams and the same bounded queue per client as over WebSocket: the next event is
 * taken from it only while the response is below its high-water mark, so a client that
 * stops reading coalesces in its own queue (graphql-sse itself would buffer without end).
 */
export function sseStream(
  service: SubscriptionService,
  apiSchema: GraphQLSchema,
  connections: ConnectionCap,
): EventStreamHandler<AuthenticatedCaller> {
  const handler = createHandler<IncomingMessage, { caller: AuthenticatedCaller; res: ServerResponse }>({
    schema: apiSchema,
    // No stream tokens: the single-connection mode is not served.
    authenticate: () => null,
    onSubscribe: async (req, params) => {
      // A reconnecting EventSource says where it was: it starts again from the current state.
      const resume = req.raw.headers['last-event-id'] !== undefined;
      const started = await service.start(
        req.context.caller,
        req.raw,
        {
          query: params.query,
          ...(params.operationName ? { operationName: params.operationName } : {}),
          ...(params.variables ? { variables: params.variables } : {}),
        },
        undefined,
        { resume },
      );
      // A refusal is one `next` event with the errors, then `complete`, as graphql-sse answers invalid operations.
      // (graphql-sse recognises a result by its `data` key.)
      if (Array.isArray(started)) return { data: null, errors: started } as ExecutionResult;
      return results(started as AsyncIterableIterator<Delivery>, req.context.res);
    },
  });

  return async (req: IncomingMessage, res: ServerResponse, caller: AuthenticatedCaller, body: string | null) => {
    // A stream holds a connection open as a WebSocket does: the same cap per address.
    const release = connections.admit(addressKey(req));
    if (!release) {
      service.metrics.refusals.inc({ reason: 'connection_limit' });
      sendJson(res, 429, {
        errors: [
          {
            message: 'Too many connections are open from this address; close one before opening another.',
            extensions: { code: 'CONNECTION_LIMIT', category: 'UNAVAILABLE' },
          },
        ],
      });
      return;
    }
    res.once('close', release);
    const [stream, init] = await handler({
      method: req.method ?? 'GET',
      url: req.url ?? '/graphql',
      headers: {
        // The protocol's handler wants exactly this value; any Accept naming it asked for a stream.
        get: (name) => (name === 'accept' ? 'text/event-stream' : headerValue(req.headers[name])),
      },
      body,
      raw: req,
      context: { caller, res },
    });
    res.writeHead(init.status ?? 200, init.statusText, init.headers);
    if (!stream || typeof stream === 'string') {
      res.end(stream ?? undefined);
      return;
    }
    const iterator = stream[Symbol.asyncIterator]();
    res.once('close', () => void iterator.return?.());
    // Each result gets an id, so a client that reconnects sends Last-Event-ID and is resumed.
    let sent = 0;
    for (;;) {
      const next = await iterator.next();
      if (next.done || !res.writable) break;
      const chunk = next.value.startsWith('event: next') ? `id: ${++sent}\n${next.value}` : next.value;
      // Waits for the write to reach the socket: a client that does not read holds up only its own stream.
      const written = await new Promise<boolean>((resolve) => res.write(chunk, (error) => resolve(!error)));
      if (!written) break;
    }
    await iterator.return?.();
    res.end();
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The deliveries as graphql-sse takes them: results, each taken only while the response is
 * below its high-water mark. A generator's shape (`throw` too), so graphql-sse ends it when
 * the stream closes; `return()` goes straight through, even while a `next()` waits.
 */
function results(
  deliveries: AsyncIterableIterator<Delivery>,
  res: ServerResponse,
): AsyncIterableIterator<ExecutionResult> {
  const end = async (): Promise<IteratorResult<ExecutionResult, undefined>> => {
    await deliveries.return?.();
    return { done: true, value: undefined };
  };
  const iterator: Required<AsyncIterableIterator<ExecutionResult>> = {
    next: async () => {
      while (res.writableLength > HIGH_WATER_BYTES && !res.destroyed) {
        await new Promise((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      const step = await deliveries.next();
      return step.done
        ? { done: true, value: undefined }
        : { done: false, value: step.value.result as ExecutionResult };
    },
    return: end,
    throw: end,
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
