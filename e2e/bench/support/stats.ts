/** Latency figures from a set of samples, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export function formatMs(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export interface ClosedLoopRun<Outcome extends string> {
  clients: number;
  requests: number;
  perSecond: number;
  /** Requests by the outcome `send` reported; a request that threw counts as `failed`. */
  outcomes: Partial<Record<Outcome | 'failed', number>>;
  latency: LatencySummary;
}

/**
 * `clients` callers each sending the next request as soon as the answer comes, for
 * `seconds`: throughput and latency as a closed system sees them.
 */
export async function closedLoop<Outcome extends string>(
  clients: number,
  seconds: number,
  send: () => Promise<Outcome>,
): Promise<ClosedLoopRun<Outcome>> {
  const latencies: number[] = [];
  const outcomes: Partial<Record<Outcome | 'failed', number>> = {};
  const count = (outcome: Outcome | 'failed') => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };
  const started = Date.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const t0 = performance.now();
        try {
          count(await send());
        } catch {
          count('failed');
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return {
    clients,
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    outcomes,
    latency: summarize(latencies),
  };
}
