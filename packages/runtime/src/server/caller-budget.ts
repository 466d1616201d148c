/**
 * The header a service names itself in when it calls another: Apollo's client-awareness
 * header, so Apollo tooling and our budgets read the same name.
 */
export const CALLER_HEADER = 'apollographql-client-name';

/** The budget entry that applies to every caller not named (including those that send no name). */
export const ANY_CALLER = '*';

export interface CallerBudgetOptions {
  /** The window a limit is counted over; limits are "calls per second" unless this changes. */
  windowMs?: number;
  /** Epoch-ms clock; real by default, a test's own in unit tests. */
  now?: () => number;
}

/**
 * How many calls each caller may make to this service within any sliding window: the
 * receiving side's own count, which no caller's clock, network delay or stalled event
 * loop can get around. A sliding log per caller, so no two windows ever hold more than
 * the limit between them at a boundary (a fixed window would allow twice the limit).
 * Callers without an entry (and no `*` entry) are not limited.
 */
export class CallerBudget {
  readonly windowMs: number;
  /** The clock every decision is taken on; callers counting what was let through should read this one too. */
  readonly now: () => number;
  private readonly stamps = new Map<string, number[]>();

  constructor(
    private readonly limits: ReadonlyMap<string, number>,
    options: CallerBudgetOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** The limit that applies to `caller`, or null when it has none. */
  limitOf(caller: string | undefined): number | null {
    return (caller !== undefined ? this.limits.get(caller) : undefined) ?? this.limits.get(ANY_CALLER) ?? null;
  }

  /**
   * Takes one call from `caller`'s budget at `at`: true when it fits (and is counted),
   * false when the caller has spent its budget for the window (nothing is counted).
   */
  take(caller: string | undefined, at: number = this.now()): boolean {
    const limit = this.limitOf(caller);
    if (limit === null) return true;
    const stamps = this.live(this.accountOf(caller), at);
    if (stamps.length >= limit) return false;
    stamps.push(at);
    return true;
  }

  /** Milliseconds until `caller` may call again (0 when it may now). */
  retryAfterMs(caller: string | undefined, at: number = this.now()): number {
    const limit = this.limitOf(caller);
    if (limit === null) return 0;
    const stamps = this.live(this.accountOf(caller), at);
    if (stamps.length < limit) return 0;
    // The slot frees when the call `limit` places back leaves the window.
    return stamps[stamps.length - limit] + this.windowMs - at;
  }

  /**
   * The budget a caller spends: its own name when it has an entry, else `*`. Unnamed and
   * unlisted callers share one count, not one per made-up name (the header is the caller's word).
   */
  accountOf(caller: string | undefined): string {
    return caller !== undefined && this.limits.has(caller) ? caller : ANY_CALLER;
  }

  private live(key: string, at: number): number[] {
    let stamps = this.stamps.get(key);
    if (!stamps) {
      stamps = [];
      this.stamps.set(key, stamps);
    }
    while (stamps.length > 0 && stamps[0] <= at - this.windowMs) stamps.shift();
    return stamps;
  }
}

/**
 * Parses `name:limit[,name:limit…]` (limit in calls per second; `*` for every caller not
 * named), or `none`, into budgets. Returns one message per bad entry, so an operator fixes them all at once.
 */
export function parseCallerLimits(raw: string): { limits: Map<string, number>; problems: string[] } {
  const limits = new Map<string, number>();
  const problems: string[] = [];
  // An explicit way to turn budgets off: an empty variable means "the default" everywhere else.
  if (raw.trim() === 'none') return { limits, problems };
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9._*-]+):(\d+)$/.exec(entry);
    const limit = match ? Number(match[2]) : NaN;
    const name = match?.[1];
    if (
      name === undefined ||
      !Number.isSafeInteger(limit) ||
      limit < 1 ||
      (name.includes('*') && name !== ANY_CALLER)
    ) {
      problems.push(
        `"${entry}" must be <caller>:<calls per second ≥ 1>, such as catalog:100 (or *:50 for every other caller)`,
      );
    } else if (limits.has(name)) {
      problems.push(`"${entry}": ${name} has a budget already`);
    } else {
      limits.set(name, limit);
    }
  }
  return { limits, problems };
}
