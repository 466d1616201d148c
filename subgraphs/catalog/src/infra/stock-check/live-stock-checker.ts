import CircuitBreaker from 'opossum';
import { DomainError } from '@stockgraph/domain';
import type { InventoryClient } from '../clients/inventory.client';
import type { StockAnswerCache } from './stock-answer-cache';
import type { RateLimiter } from './rate-limiter';

/** Why inventory could not answer in time; the caller answers in degraded mode. */
export class InventoryUnavailable extends Error {
  constructor(
    readonly reason: 'timeout' | 'unreachable' | 'circuit-open' | 'rate-limited' | 'error',
    message: string,
  ) {
    super(message);
  }
}

export type CircuitState = 'closed' | 'half-open' | 'open';

interface Waiting {
  skus: string[];
  /** The skus' invalidation epochs when the cache was asked. */
  epochs: Map<string, number>;
  deadline: number;
  resolve(answers: Map<string, number>): void;
  reject(error: unknown): void;
}

const MAX_SKUS_PER_CALL = 1000;

/** What inventory answers when catalog has spent its budget there (inventory's own count, not ours). */
const INVENTORY_RATE_LIMITED = 'RATE_LIMITED';

export interface LiveStockCheckerOptions {
  /** How long concurrent checks wait to share one call to inventory. */
  batchWindowMs: number;
  /** Milliseconds the circuit stays open before one probe is let through. */
  breakerResetMs: number;
  onCircuitChange?(state: CircuitState): void;
  /** ok: answered; failed: inventory failed; rejected: not asked (limiter, circuit); refused: inventory refused it over budget. */
  onCall?(outcome: 'ok' | 'failed' | 'rejected' | 'refused'): void;
  /** Told, per lookup, how many skus the answer cache had and how many it had not (seed 002: ≥ 95 % hits). */
  onCacheLookup?(hits: number, misses: number): void;
}

/**
 * What inventory can sell right now, asked the careful way: cached answers first
 * (dropped by stock events), concurrent checks merged into one call, calls kept within
 * inventory's rate limit, and a circuit breaker that stops calling a failing inventory
 * and probes it again later. Anything short of a live answer in time is an
 * InventoryUnavailable, for the caller to degrade.
 */
export class LiveStockChecker {
  private readonly breaker: CircuitBreaker<[string[], number], Map<string, number>>;
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    inventory: InventoryClient,
    private readonly cache: StockAnswerCache,
    private readonly limiter: RateLimiter,
    private readonly options: LiveStockCheckerOptions,
  ) {
    this.breaker = new CircuitBreaker((skus: string[], timeoutMs: number) => inventory.sellable(skus, timeoutMs), {
      timeout: false,
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      rollingCountTimeout: 10_000,
      resetTimeout: options.breakerResetMs,
      // Bad input is not inventory failing, and neither is inventory refusing a call over
      // catalog's budget: it is up and protecting itself, so the circuit stays closed.
      errorFilter: (error: unknown) =>
        error instanceof DomainError && (error.category === 'BAD_USER_INPUT' || error.code === INVENTORY_RATE_LIMITED),
    });
    this.breaker.on('open', () => options.onCircuitChange?.('open'));
    this.breaker.on('halfOpen', () => options.onCircuitChange?.('half-open'));
    this.breaker.on('close', () => options.onCircuitChange?.('closed'));
  }

  get circuit(): CircuitState {
    return this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Sellable units of `skus`, live or from the cache, by `deadline` (epoch ms). */
  async sellable(
    skus: readonly string[],
    deadline: number,
  ): Promise<{ answers: Map<string, number>; fromCache: number }> {
    const { answers: cached, epochs } = await this.cache.get(skus);
    const missing = skus.filter((sku) => !cached.has(sku));
    this.options.onCacheLookup?.(skus.length - missing.length, missing.length);
    if (missing.length === 0) return { answers: cached, fromCache: cached.size };
    const fetched = await new Promise<Map<string, number>>((resolve, reject) => {
      this.waiting.push({ skus: missing, epochs, deadline, resolve, reject });
      this.timer ??= setTimeout(() => this.flush(), this.options.batchWindowMs);
    });
    return { answers: new Map([...cached, ...fetched]), fromCache: cached.size };
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.waiting.splice(0);
    const skus = [...new Set(batch.flatMap((w) => w.skus))];
    const deadline = Math.min(...batch.map((w) => w.deadline));
    // Every epoch here was read before the call starts; the newest is as safe and caches more.
    const epochs = new Map<string, number>();
    for (const w of batch)
      for (const [sku, epoch] of w.epochs) epochs.set(sku, Math.max(epoch, epochs.get(sku) ?? epoch));
    const calls: Array<Promise<Map<string, number>>> = [];
    for (let i = 0; i < skus.length; i += MAX_SKUS_PER_CALL)
      calls.push(this.call(skus.slice(i, i + MAX_SKUS_PER_CALL), epochs, deadline));
    Promise.all(calls).then(
      (parts) => {
        const answers = new Map(parts.flatMap((part) => [...part]));
        for (const w of batch) w.resolve(new Map(w.skus.map((sku) => [sku, answers.get(sku) ?? 0])));
      },
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  }

  private async call(
    skus: string[],
    epochs: ReadonlyMap<string, number>,
    deadline: number,
  ): Promise<Map<string, number>> {
    if (!(await this.limiter.acquire(deadline))) {
      this.options.onCall?.('rejected');
      throw new InventoryUnavailable('rate-limited', "inventory's request budget is spent for this second");
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new InventoryUnavailable('timeout', 'no time left to ask inventory');
    let answers: Map<string, number>;
    try {
      answers = await this.breaker.fire(skus, remaining);
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        this.options.onCall?.('rejected');
        throw new InventoryUnavailable('circuit-open', 'inventory has been failing; not asking it until it recovers');
      }
      if (error instanceof DomainError && error.code === INVENTORY_RATE_LIMITED) {
        this.options.onCall?.('refused');
        throw new InventoryUnavailable('rate-limited', error.message);
      }
      this.options.onCall?.('failed');
      if (error instanceof DomainError && error.code === 'UPSTREAM_TIMEOUT')
        throw new InventoryUnavailable('timeout', error.message);
      if (error instanceof DomainError && error.code === 'UPSTREAM_UNAVAILABLE')
        throw new InventoryUnavailable('unreachable', error.message);
      throw new InventoryUnavailable('error', (error as Error).message);
    }
    this.options.onCall?.('ok');
    const complete = new Map(skus.map((sku) => [sku, answers.get(sku) ?? 0]));
    await this.cache.set(complete, epochs);
    return complete;
  }
}
