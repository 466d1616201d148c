import type { Logger, Redis } from '@stockgraph/shared';
import './redis-commands';

/**
 * Inventory's recent answers (sellable units per sku), so a burst of checkouts does not
 * ask inventory the same thing again and again. Entries live `ttlMs` at most and die the
 * moment a stock event for their sku arrives; an answer read before such an event is not
 * stored, so the cache is never older than the event stream.
 */
export interface StockAnswerCache {
  get(skus: readonly string[]): Promise<Map<string, number>>;
  /** Stores answers read from inventory by a request that started at `readStartedAt`. */
  set(answers: ReadonlyMap<string, number>, readStartedAt: number): Promise<void>;
  /** A stock event for these skus arrived at `at`. */
  invalidate(skus: readonly string[], at: number): Promise<void>;
}

/** Per instance, when there is no Redis. */
export class InMemoryStockAnswerCache implements StockAnswerCache {
  private readonly answers = new Map<string, { available: number; expiresAt: number }>();
  private readonly invalidated = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(skus: readonly string[]): Promise<Map<string, number>> {
    const now = this.clock();
    const found = new Map<string, number>();
    for (const sku of skus) {
      const entry = this.answers.get(sku);
      if (entry && entry.expiresAt > now) found.set(sku, entry.available);
      else if (entry) this.answers.delete(sku);
    }
    return found;
  }

  async set(answers: ReadonlyMap<string, number>, readStartedAt: number): Promise<void> {
    const now = this.clock();
    for (const [sku, available] of answers) {
      if ((this.invalidated.get(sku) ?? -1) >= readStartedAt) continue;
      this.answers.set(sku, { available, expiresAt: now + this.ttlMs });
    }
    this.prune(now);
  }

  async invalidate(skus: readonly string[], at: number): Promise<void> {
    for (const sku of skus) {
      this.answers.delete(sku);
      this.invalidated.set(sku, at);
    }
  }

  /** An invalidation older than the longest possible read no longer matters. */
  private prune(now: number): void {
    if (this.invalidated.size < 10_000) return;
    for (const [sku, at] of this.invalidated) if (at < now - this.ttlMs) this.invalidated.delete(sku);
  }
}

// KEYS[1] answer key, KEYS[2] invalidation key; ARGV: available, readStartedAt, ttlMs.
const SET_UNLESS_INVALIDATED = `
local invalidated = redis.call('GET', KEYS[2])
if invalidated and tonumber(invalidated) >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`;

/** Shared by every catalog instance. If Redis is away, answers are simply not cached. */
export class RedisStockAnswerCache implements StockAnswerCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {
    redis.defineCommand('sgSetUnlessInvalidated', { numberOfKeys: 2, lua: SET_UNLESS_INVALIDATED });
  }

  async get(skus: readonly string[]): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    try {
      const values = await this.redis.mget(...skus.map((sku) => this.key(sku)));
      const found = new Map<string, number>();
      values.forEach((value, i) => value !== null && found.set(skus[i] as string, Number(value)));
      return found;
    } catch (error) {
      this.log.debug({ err: error }, 'stock cache read failed; asking inventory');
      return new Map();
    }
  }

  async set(answers: ReadonlyMap<string, number>, readStartedAt: number): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [sku, available] of answers) {
      pipeline.sgSetUnlessInvalidated(this.key(sku), this.invalidationKey(sku), available, readStartedAt, this.ttlMs);
    }
    await pipeline.exec().catch((error: unknown) => this.log.debug({ err: error }, 'stock cache write failed'));
  }

  async invalidate(skus: readonly string[], at: number): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const sku of skus) {
      pipeline.del(this.key(sku));
      pipeline.set(this.invalidationKey(sku), at, 'PX', this.ttlMs);
    }
    await pipeline.exec().catch((error: unknown) => this.log.warn({ err: error }, 'stock cache invalidation failed'));
  }

  private key(sku: string): string {
    return `${this.prefix}stock:${sku}`;
  }

  private invalidationKey(sku: string): string {
    return `${this.prefix}stock-invalidated:${sku}`;
  }
}
