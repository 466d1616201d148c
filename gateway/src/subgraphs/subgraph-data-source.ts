import http from 'node:http';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import fetch from 'node-fetch';
import { DomainError, type UpstreamErrorCode } from '@stockgraph/shared';

/**
 * Kept-alive connections to the subgraphs. node-fetch over node:http is markedly cheaper
 * per request than the built-in (undici) fetch, and the gateway makes one or more such
 * requests for every client operation.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });

/**
 * The gateway's connection to one subgraph: the URL from configuration (the supergraph's
 * URLs are only defaults) and a deadline on every call, so a hung subgraph turns into an
 * error for the fields it owns instead of a hung client.
 */
export function subgraphDataSource(url: string, timeoutMs: number): RemoteGraphQLDataSource {
  const fetcher: Fetcher = async (input, init) => {
    try {
      return await fetch(input, {
        method: init?.method ?? 'POST',
        headers: init?.headers ?? {},
        ...(init?.body != null ? { body: init.body } : {}),
        agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // A passed deadline is an upstream outcome with a code, not a gateway bug to mask as
      // INTERNAL_SERVER_ERROR: the client learns which service was late and may retry.
      if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError') {
        throw new DomainError<UpstreamErrorCode>('UPSTREAM_TIMEOUT', `${url} did not answer within ${timeoutMs} ms`, undefined, 'UNAVAILABLE');
      }
      throw error;
    }
  };
  return new SubgraphDataSource({ url, fetcher });
}

/**
 * A subgraph that refuses a request as invalid (HTTP 400) is judging the caller's input —
 * a value the gateway's schema cannot check, such as a malformed `DateTime` — so its
 * first error reaches the caller as BAD_USER_INPUT with the subgraph's words, instead of
 * a generic "400: Bad Request" that would be masked as an internal error.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource {
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: unknown } | undefined)?.body;
    const first = isErrorsBody(body) ? body.errors[0] : undefined;
    if (response.status !== 400 || !first) return error;
    return new GraphQLError(first.message, { extensions: { code: 'BAD_USER_INPUT', category: 'BAD_USER_INPUT' } });
  }
}

function isErrorsBody(body: unknown): body is { errors: Array<{ message: string }> } {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return false;
  const first: unknown = body.errors[0];
  return typeof first === 'object' && first !== null && 'message' in first && typeof first.message === 'string';
}
