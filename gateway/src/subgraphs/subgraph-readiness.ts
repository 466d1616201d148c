import type { ReadinessCheck } from '@stockgraph/runtime';

/**
 * How long a subgraph may take to say it is alive before the gateway counts it as
 * unreachable: short, because a readiness probe that hangs tells the load balancer nothing.
 */
const PROBE_TIMEOUT_MS = 2000;

/**
 * One readiness check per subgraph: the gateway is ready only while it can reach every
 * subgraph it routes to (its `/health/live` answers). A gateway that cannot is taken out
 * of rotation rather than answering every request touching that subgraph with an error.
 */
export function subgraphReadiness(subgraphUrls: Readonly<Record<string, string>>): ReadinessCheck[] {
  return Object.entries(subgraphUrls).map(([name, url]) => ({
    name: `subgraph ${name}`,
    check: async () => {
      const live = new URL('/health/live', url);
      let response: Response;
      try {
        response = await fetch(live, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      } catch (error) {
        throw new Error(`${name} is unreachable at ${live.href}: ${(error as Error).message}`, { cause: error });
      }
      await response.body?.cancel();
      if (!response.ok) throw new Error(`${name} answered HTTP ${response.status} at ${live.href}`);
    },
  }));
}
