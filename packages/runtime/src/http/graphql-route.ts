import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { type Caller, DomainError } from '@stockgraph/domain';
import { jsonNestsDeeperThan } from './json-depth';
import { BodyTooLargeError, readBody } from './read-body';
import { type Route, sendJson } from './http-server';

/** Builds the per-request context (loaders, …) for a caller already authenticated. */
export type ContextFactory<Context extends BaseContext> = (req: IncomingMessage, caller: Caller) => Promise<Context>;

/** Who sent the request (see auth/authenticator.ts); throws UNAUTHENTICATED or FORBIDDEN to refuse it. */
export type RequestAuthenticator<C extends Caller = Caller> = (req: IncomingMessage) => Promise<C>;

const AUTH_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/**
 * Serves a request that asked for a stream of events (`Accept: text/event-stream`, the
 * GraphQL over SSE protocol), after the same authentication and body limit as any
 * request; `body` is the request's text, already read (null for a GET).
 */
export type EventStreamHandler<C extends Caller = Caller> = (
  req: IncomingMessage,
  res: ServerResponse,
  caller: C,
  body: string | null,
) => Promise<void>;

/** Whether a request asks for an event stream rather than one JSON answer. */
export function acceptsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream');
}

/** How deep a request body may nest arrays and objects: GraphQL inputs here need about six levels. */
export const DEFAULT_MAX_JSON_DEPTH = 32;
/** How many variables a request may send: operations here declare a handful. */
export const MAX_VARIABLES = 200;

/**
 * Serves an ApolloServer on `path` for GET and POST: the small integration Apollo
 * documents (`executeHTTPGraphQLRequest`), with a body size limit enforced while reading
 * (per caller when `maxRequestBytes` is a function: anonymous callers get less) and a
 * nesting limit checked before the body is parsed.
 */
export function graphqlRoutes<Context extends BaseContext, C extends Caller = Caller>(
  server: ApolloServer<Context>,
  context: ContextFactory<Context>,
  options: {
    path?: string;
    maxRequestBytes: number | ((caller: C) => number);
    maxJsonDepth?: number;
    authenticate: RequestAuthenticator<C>;
    eventStream?: EventStreamHandler<C>;
  },
): Route[] {
  const path = options.path ?? '/graphql';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Before the body is read: a caller with a bad token costs a header check, nothing more.
    let caller: C;
    try {
      caller = await options.authenticate(req);
    } catch (error) {
      const refusal = authRefusal(error);
      if (!refusal) throw error;
      res.setHeader('www-authenticate', 'Bearer');
      sendJson(res, refusal.status, graphqlError(refusal.message, refusal.code));
      return;
    }
    let body: unknown;
    const stream = options.eventStream && acceptsEventStream(req) ? options.eventStream : null;
    if (req.method === 'POST') {
      try {
        const limit =
          typeof options.maxRequestBytes === 'function' ? options.maxRequestBytes(caller) : options.maxRequestBytes;
        const text = await readBody(req, limit);
        const maxDepth = options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
        if (jsonNestsDeeperThan(text, maxDepth)) {
          sendJson(
            res,
            400,
            graphqlError(
              `Request body nests arrays and objects more than ${maxDepth} levels deep; no GraphQL input needs that many.`,
              'JSON_TOO_DEEP',
            ),
          );
          return;
        }
        if (stream) {
          await stream(req, res, caller, text);
          return;
        }
        body = text.length > 0 ? JSON.parse(text) : undefined;
        // Counted before Apollo copies or walks them: 50,000 variables cost a parse, nothing more.
        const variables = (body as { variables?: unknown } | undefined)?.variables;
        const count = variables && typeof variables === 'object' ? Object.keys(variables).length : 0;
        if (count > MAX_VARIABLES) {
          sendJson(
            res,
            400,
            graphqlError(
              `The request sends ${count.toLocaleString('en-US')} variables; at most ${MAX_VARIABLES} are allowed. Send only those the operation declares.`,
              'TOO_MANY_VARIABLES',
            ),
          );
          return;
        }
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendJson(res, 413, graphqlError(`Request body is larger than ${error.limit} bytes.`, 'REQUEST_TOO_LARGE'));
        } else {
          sendJson(res, 400, graphqlError('Request body is not valid JSON.', 'BAD_REQUEST'));
        }
        return;
      }
    }
    if (stream) {
      await stream(req, res, caller, null);
      return;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '/';
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'POST',
        headers,
        search: url.includes('?') ? url.slice(url.indexOf('?')) : '',
        body,
      },
      context: () => context(req, caller),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return [
    { method: 'POST', path, handle },
    { method: 'GET', path, handle },
  ];
}

function graphqlError(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** The HTTP answer to an authentication refusal; null for any other error (a bug, rethrown). */
function authRefusal(error: unknown): { status: number; code: string; message: string } | null {
  if (!(error instanceof DomainError)) return null;
  const code = String(error.code);
  const status = AUTH_STATUS[code];
  return status === undefined ? null : { status, code, message: error.message };
}
