import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { type Caller, DomainError } from '../domain';
import { BodyTooLargeError, readBody } from './read-body';
import { type Route, sendJson } from './http-server';

/** Builds the per-request context (loaders, …) for a caller already authenticated. */
export type ContextFactory<Context extends BaseContext> = (req: IncomingMessage, caller: Caller) => Promise<Context>;

/** Who sent the request (see auth/authenticator.ts); throws UNAUTHENTICATED or FORBIDDEN to refuse it. */
export type RequestAuthenticator = (req: IncomingMessage) => Promise<Caller>;

const AUTH_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/**
 * Serves an ApolloServer on `path` for GET and POST: the small integration Apollo
 * documents (`executeHTTPGraphQLRequest`), with a body size limit enforced while reading.
 */
export function graphqlRoutes<Context extends BaseContext>(
  server: ApolloServer<Context>,
  context: ContextFactory<Context>,
  options: { path?: string; maxRequestBytes: number; authenticate: RequestAuthenticator },
): Route[] {
  const path = options.path ?? '/graphql';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Before the body is read: a caller with a bad token costs a header check, nothing more.
    let caller: Caller;
    try {
      caller = await options.authenticate(req);
    } catch (error) {
      // `instanceof` on the generic class says DomainError<any>; its code is a string.
      const refusal = error instanceof DomainError ? (error as DomainError) : undefined;
      const status = refusal ? AUTH_STATUS[refusal.code] : undefined;
      if (!refusal || status === undefined) throw error;
      res.setHeader('www-authenticate', 'Bearer');
      sendJson(res, status, graphqlError(refusal.message, refusal.code));
      return;
    }
    let body: unknown;
    if (req.method === 'POST') {
      try {
        const text = await readBody(req, options.maxRequestBytes);
        body = text.length > 0 ? JSON.parse(text) : undefined;
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendJson(res, 413, graphqlError(`Request body is larger than ${error.limit} bytes.`, 'REQUEST_TOO_LARGE'));
        } else {
          sendJson(res, 400, graphqlError('Request body is not valid JSON.', 'BAD_REQUEST'));
        }
        return;
      }
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
