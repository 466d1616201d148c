import http from 'node:http';
import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import fetch from 'node-fetch';
import { ANONYMOUS, DomainError } from '@stockgraph/domain';
import { encodeActingFor, type UpstreamErrorCode } from '@stockgraph/runtime';
import type { GatewayContext } from '../auth/gateway-context';
import { dedupeInFlight } from './in-flight-dedupe';
import type { SubgraphCredentials } from '../auth/subgraph-credentials';

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
export function subgraphDataSource(
  name: string,
  url: string,
  timeoutMs: number,
  credentials: SubgraphCredentials,
  /** Told each time a fetch is answered by an identical one already in flight; null: every fetch goes. */
  onShared: (() => void) | null = () => undefined,
): RemoteGraphQLDataSource<GatewayContext> {
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
        throw new DomainError<UpstreamErrorCode>(
          'UPSTREAM_TIMEOUT',
          `the ${name} service (${url}) did not answer within ${timeoutMs} ms; retry shortly`,
          undefined,
          'UNAVAILABLE',
        );
      }
      // Refused, reset, unresolvable: the service is down or restarting. Say which, with a
      // code a client can act on (retry later), rather than a masked internal error.
      throw new DomainError<UpstreamErrorCode>(
        'SUBGRAPH_UNAVAILABLE',
        `the ${name} service cannot be reached (${url}): ${(error as Error).message}; retry shortly`,
        undefined,
        'UNAVAILABLE',
      );
    }
  };
  return new SubgraphDataSource(name, credentials, {
    url,
    fetcher: onShared ? dedupeInFlight(fetcher, onShared) : fetcher,
  });
}

const ANONYMOUS_SCOPE = encodeActingFor(ANONYMOUS);

/**
 * A subgraph that refuses a request as invalid (HTTP 400) is judging the caller's input —
 * a value the gateway's schema cannot check, such as a malformed `DateTime` — so its
 * first error reaches the caller as BAD_USER_INPUT with the subgraph's words, instead of
 * a generic "400: Bad Request" that would be masked as an internal error.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly name: string,
    private readonly credentials: SubgraphCredentials,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(config);
  }

  /**
   * The caller's own token goes on to the subgraph, which checks it again; an anonymous
   * caller's requests go with the gateway's service token, acting for anonymous (a
   * subgraph answers no tokenless request). Nothing the client sent is copied blindly.
   */
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    const own = (context as Partial<GatewayContext>).authorization ?? null;
    if (own) {
      headers.set('authorization', own);
      return;
    }
    for (const [name, value] of Object.entries(await this.credentials.headers(ANONYMOUS_SCOPE)))
      headers.set(name, value);
  }

  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: unknown } | undefined)?.body;
    const first = isErrorsBody(body) ? body.errors[0] : undefined;
    // A proxy's 502, or a service answering while it starts or stops: no GraphQL in it.
    if (response.status >= 500 && !first) {
      return new GraphQLError(`the ${this.name} service answered HTTP ${response.status}; retry shortly`, {
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', category: 'UNAVAILABLE', service: this.name },
      });
    }
    if (response.status !== 400 || !first) return error;
    return new GraphQLError(first.message, { extensions: { code: 'BAD_USER_INPUT', category: 'BAD_USER_INPUT' } });
  }
}

function isErrorsBody(body: unknown): body is { errors: Array<{ message: string }> } {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return false;
  const first: unknown = body.errors[0];
  return typeof first === 'object' && first !== null && 'message' in first && typeof first.message === 'string';
}
