import type { SubgraphQuery } from '../sharing/current-state';

/** A query to a subgraph as the gateway acting for a scope, with a deadline. */
export function subgraphQuery(
  urlOf: (serviceName: string) => string,
  headersFor: (scope: string) => Promise<Record<string, string>>,
  timeoutMs: number,
): SubgraphQuery {
  return async ({ serviceName, query, variables, scope }) => {
    const response = await fetch(urlOf(serviceName), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headersFor(scope)) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return (await response.json()) as Awaited<ReturnType<SubgraphQuery>>;
  };
}
