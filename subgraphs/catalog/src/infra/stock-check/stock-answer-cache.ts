import type { Logger, Redis } from '@stockgraph/runtime';
import './redis-commands';

/** What the cache holds for some skus, and where their invalidations stood when it was asked. */
export interface CacheLookup {
  answers: Map<string, number>;
  /**
   * Per sku not found, how many times it had been invalidated: hand them back to `set`
   * with the answers read from inventory afterwards.
   */
  epochs: Map<string, number>;
}

/**
 * Inventory's recent answers (sellable units per sku), so a burst of checkouts does not
 * ask inventory the same thing again and again. Entries live `ttlMs` at most and die the
 * moment a stock event for their sku arrives. An answer is only stored if no event for its
 * sku arrived since the cache was asked (the sku's invalidation count is unchanged), so
 * the cache is never older than the event stream. Counts, not clocks: instances on
 * different hosts need not agree on the time.
 */
export interface StockAnswerCache {
  get(skus: readonly string[]): Promise<CacheLookup>;
  /** Stores answers read from inventory after `get` gave these epochs. */
  set(answers: ReadonlyMap<string, number>, epochs: ReadonlyMap<string, number>): Promise<void>;
  /** Stock events for these skus arrived. */
  invalidate(skus: readonly string[]): Promise<void>;
}

/** STOCK_CACHE_TTL_MS=0: every check asks inventory. */
export class NoStockAnswerCache implements StockAnswerCache {
  get(): Promise<CacheLookup> {
    return Promise.resolve({ answers: new Map(), epochs: new Map() });
  }

  set(): Promise<void> {
    return Promise.resolve();
  }

  invalidate(): Promise<void> {
    return Promise.resolve();
  }
}

/** Per instance, when there is no Redis. */
export class InMemoryStockAnswerCache implements StockAnswerCache {
  private readonly answers = new Map<string, { available: number; expiresAt: number }>();
  /** Grows with the skus ever invalidated: bounded by the catalog. */
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(skus: readonly string[]): Promise<CacheLookup> {
    const now = this.clock();
    const lookup: CacheLookup = { answers: new Map(), epochs: new Map() };
    for (const sku of skus) {
      const entry = this.answers.get(sku);
      if (entry && entry.expiresAt > now) {
        lookup.answers.set(sku, entry.available);
        continue;
      }
      if (entry) this.answers.delete(sku);
      lookup.epochs.set(sku, this.epochs.get(sku) ?? 0);
    }
    return Promise.resolve(lookup);
  }

  set(answers: ReadonlyMap<string, number>, epochs: ReadonlyMap<string, number>): Promise<void> {
    const expiresAt = this.clock() + this.ttlMs;
    for (const [sku, available] of answers) {
      if ((this.epochs.get(sku) ?? 0) !== epochs.get(sku)) continue;
      this.answers.set(sku, { available, expiresAt });
    }
    return Promise.resolve();
  }

  invalidate(skus: readonly string[]): Promise<void> {
    for (const sku of skus) {
      this.answers.delete(sku);
      this.epochs.set(sku, (this.epochs.get(sku) ?? 0) + 1);
    }
    return Promise.resolve();
  }
}

/**
 * Epoch counters outlive any read in flight by far (a read lasts at most the inventory
 * timeout), so one expiring cannot make a stale answer look current.
 */
const EPOCH_TTL_MS = 10 * 60 * 1000;

// KEYS[1] answer key, KEYS[2] epoch key; ARGV: available, epoch seen before the read, ttlMs.
const SET_UNLESS_INVALIDATED = `
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;

/** Shared by every catalog instance, when Redis is configured. Failures read as misses. */
export class RedisStockAnswerCache implements StockAnswerCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {
    redis.defineCommand('sgSetUnlessInvalidated', { numberOfKeys: 2, lua: SET_UNLESS_INVALIDATED });
  }

  async get(skus: readonly string[]): Promise<CacheLookup> {
    const lookup: CacheLookup = { answers: new Map(), epochs: new Map() };
    if (skus.length === 0) return lookup;
    let values: Array<string | null>;
    try {
      values = await this.redis.mget(...skus.map((sku) => this.key(sku)), ...skus.map((sku) => this.epochKey(sku)));
    } catch (error) {
      // No epochs either: with Redis away nothing is stored, only asked.
      this.log.debug({ err: error }, 'stock cache read failed; asking inventory');
      return lookup;
    }
    skus.forEach((sku, i) => {
      const answer = values[i];
      if (answer != null) lookup.answers.set(sku, Number(answer));
      else lookup.epochs.set(sku, Number(values[skus.length + i] ?? 0));
    });
    return lookup;
  }

  async set(answers: ReadonlyMap<string, number>, epochs: ReadonlyMap<string, number>): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [sku, available] of answers) {
      const epoch = epochs.get(sku);
      if (epoch !== undefined)
        pipeline.sgSetUnlessInvalidated(this.key(sku), this.epochKey(sku), available, epoch, this.ttlMs);
    }
    await pipeline.exec().catch((error: unknown) => this.log.debug({ err: error }, 'stock cache write failed'));
  }

  async invalidate(skus: readonly string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const sku of skus) {
      pipeline.del(this.key(sku));
      pipeline.incr(this.epochKey(sku));
      pipeline.pexpire(this.epochKey(sku), EPOCH_TTL_MS);
    }
    await pipeline.exec().catch((error: unknown) => this.log.warn({ err: error }, 'stock cache invalidation failed'));
  }

  private key(sku: string): string {
    return `${this.prefix}stock:${sku}`;
  }

  private epochKey(sku: string): string {
    return `${this.prefix}stock-epoch:${sku}`;
  }
}
