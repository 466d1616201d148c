import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** One graphql-ws subscription, recording what it receives, for tests and benchmarks. */
export interface RecordedSubscription {
  results: FormattedExecutionResult<Record<string, any>, unknown>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- each test reads the shape it subscribed to
  /** Errors the protocol reported (refused operations, fatal upstream failures). */
  failures: unknown[];
  completed: boolean;
  /** Closes the socket, as a client leaving would. */
  dispose(): Promise<void>;
}

export interface RecordOptions {
  connectionParams?: Record<string, unknown>;
  /** Called with every result as it arrives. */
  onResult?: (result: FormattedExecutionResult<Record<string, any>, unknown>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  /** Keep results in `results` (true); benchmarks with millions of results count them in onResult instead. */
  keepResults?: boolean;
}

export function recordSubscription(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  { connectionParams = {}, onResult, keepResults = true }: RecordOptions = {},
): RecordedSubscription {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
  });
  const recorded: RecordedSubscription = {
    results: [],
    failures: [],
    completed: false,
    dispose: async () => {
      await client.dispose();
    },
  };
  client.subscribe<Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
    { query, variables },
    {
      next: (result) => {
        if (keepResults) recorded.results.push(result);
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

/** Reads a gauge or counter from a service's /metrics, summing the series that carry every given label. */
export async function readMetric(
  metricsUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => wanted.every((pair) => line.includes(pair)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** Cumulative bucket counts of a Prometheus histogram, by upper bound in seconds. */
export type HistogramBuckets = Map<number, number>;

export async function readHistogram(metricsUrl: string, name: string): Promise<HistogramBuckets> {
  const text = await (await fetch(metricsUrl)).text();
  const buckets: HistogramBuckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    const le = Number(/le="([^"]+)"/.exec(line)?.[1]?.replace('+Inf', 'Infinity'));
    buckets.set(le, (buckets.get(le) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

/** The quantile of what was observed between two readings, as the upper bound of its bucket, in ms. */
export function histogramQuantileMs(before: HistogramBuckets, after: HistogramBuckets, q: number): number {
  const rows = [...after]
    .map(([le, count]) => ({ le, count: count - (before.get(le) ?? 0) }))
    .sort((a, b) => a.le - b.le);
  const total = rows[rows.length - 1]?.count ?? 0;
  const hit = rows.find((row) => row.count >= q * total);
  return hit && total > 0 ? hit.le * 1000 : NaN;
}

/** A stock change as screens in tests read it. */
export interface ScreenChange {
  sku: string;
  locationId: string;
  available: number;
  version: number;
}

/** What a screen shows: the last value it was sent per level (`sku@location`), and how often one went back. */
export class ScreenLevels {
  readonly levels = new Map<string, { available: number; version: number }>();
  wentBack = 0;

  apply(change: ScreenChange): void {
    const key = `${change.sku}@${change.locationId}`;
    const shown = this.levels.get(key);
    if (shown && change.version < shown.version) this.wentBack += 1;
    this.levels.set(key, { available: change.available, version: change.version });
  }

  /** True when every level of `truth` shows its version and availability. */
  shows(truth: ReadonlyMap<string, { available: number; version: number }>): boolean {
    return [...truth].every(([key, level]) => {
      const shown = this.levels.get(key);
      return shown?.version === level.version && shown.available === level.available;
    });
  }
}

/**
 * A screen watching stock as the storefront's socket does: graphql-ws that reconnects
 * (every 200 ms, for as long as the test runs) and resubscribes with `current: true`.
 */
export function stockScreen(
  url: string,
  skus: readonly string[],
  connectionParams: Record<string, unknown>,
): ScreenLevels & { dispose(): Promise<void> } {
  const screen = new ScreenLevels();
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 10_000,
    shouldRetry: () => true,
    retryWait: () => new Promise((resolve) => setTimeout(resolve, 200)),
  });
  client.subscribe<{ stockChanged: ScreenChange }>(
    {
      query:
        'subscription ($skus: [ID!]) { stockChanged(skus: $skus, current: true) { sku locationId available version } }',
      variables: { skus },
    },
    { next: ({ data }) => data && screen.apply(data.stockChanged), error: () => undefined, complete: () => undefined },
  );
  return Object.assign(screen, { dispose: async () => client.dispose() });
}
