import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';

/**
 * The gateway's connection to one subgraph: the URL from configuration (the supergraph's
 * URLs are only defaults) and a deadline on every call, so a hung subgraph turns into an
 * error for the fields it owns instead of a hung client.
 */
export function subgraphDataSource(url: string, timeoutMs: number): RemoteGraphQLDataSource {
  const fetcher: Fetcher = (input, init) =>
    fetch(input, {
      method: init?.method ?? 'POST',
      headers: init?.headers,
      body: init?.body ?? null,
      signal: AbortSignal.timeout(timeoutMs),
    });
  return new RemoteGraphQLDataSource({ url, fetcher });
}
