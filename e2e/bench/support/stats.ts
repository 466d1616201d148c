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

/**
 * A quantile read from histogram buckets: the bucket's upper bound, or what could not be
 * measured (no samples in the window; past the top bucket, a minute).
 */
export function formatBucket(value: number): string {
  if (Number.isNaN(value)) return 'n/a (no samples)';
  if (value === Number.POSITIVE_INFINITY) return '> 60 s (past the top bucket)';
  return `≤ ${formatMs(value)}`;
}

export interface ClosedLoopRun<Outcome extends string> {
  clients: number;
  requests: number;
  perSecond: number;
  /** Requests by the outcome `send` reported; a request that threw counts as `failed`. */
  outcomes: Partial<Record<Outcome | 'failed', number>>;
  latency: LatencySummary;
}

/** Requests counted by the outcome `send` reported; one that threw counts as `failed`. */
function tally<Outcome extends string>() {
  const outcomes: Partial<Record<Outcome | 'failed', number>> = {};
  const count = (outcome: Outcome | 'failed') => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };
  return { outcomes, count };
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
  const { outcomes, count } = tally<Outcome>();
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

export interface OpenLoopRun<Outcome extends string> {
  /** Requests per second asked for, and sent. */
  offered: number;
  sent: number;
  /** Requests due while `maxInFlight` were already waiting: never sent, counted here. */
  notSent: number;
  /** Answers per second over the run, its tail included. */
  perSecond: number;
  outcomes: Partial<Record<Outcome | 'failed', number>>;
  /** From when each request was due (not when it went out), so a stall is not hidden by the stall itself. */
  latency: LatencySummary;
}

/**
 * Requests at a fixed rate for `seconds`, whatever the answers do: how long an answer takes
 * at that load, which a closed loop (that only ever waits for itself) cannot show.
 */
export async function openLoop<Outcome extends string>(
  perSecond: number,
  seconds: number,
  maxInFlight: number,
  send: () => Promise<Outcome>,
): Promise<OpenLoopRun<Outcome>> {
  const latencies: number[] = [];
  const { outcomes, count } = tally<Outcome>();
  const inFlight = new Set<Promise<void>>();
  const total = Math.round(perSecond * seconds);
  const started = performance.now();
  let sent = 0;
  let notSent = 0;
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    // Catching up after a stall: still let answers in now and then, so slots free up.
    else if (i % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (inFlight.size >= maxInFlight) {
      notSent += 1;
      continue;
    }
    sent += 1;
    const request: Promise<void> = send().then(count, () => count('failed'));
    const tracked = request.then(() => {
      latencies.push(performance.now() - due);
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  return {
    offered: perSecond,
    sent,
    notSent,
    perSecond: latencies.length / ((performance.now() - started) / 1000),
    outcomes,
    latency: summarize(latencies),
  };
}
