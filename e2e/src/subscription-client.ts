import { createClient, FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** One graphql-ws subscription, recording what it receives, for tests and benchmarks. */
export interface RecordedSubscription {
  results: FormattedExecutionResult<Record<string, any>, unknown>[]; // any: each test reads the shape it subscribed to
  /** Errors the protocol reported (refused operations, fatal upstream failures). */
  failures: unknown[];
  completed: boolean;
  /** Closes the socket, as a client leaving would. */
  dispose(): Promise<void>;
}

export function recordSubscription(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = {},
  onResult?: (result: FormattedExecutionResult<Record<string, any>, unknown>) => void, // any: as above
): RecordedSubscription {
  const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
  const recorded: RecordedSubscription = {
    results: [],
    failures: [],
    completed: false,
    dispose: async () => {
      await client.dispose();
    },
  };
  client.subscribe<Record<string, any>>( // any: as above
    { query, variables },
    {
      next: (result) => {
        recorded.results.push(result);
        onResult?.(result);
      },
      error: (error) => recorded.failures.push(error),
      complete: () => {
        recorded.completed = true;
      },
    },
  );
  return recorded;
}

/** Reads a gauge or counter from a service's /metrics (summing its series). */
export async function readMetric(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
