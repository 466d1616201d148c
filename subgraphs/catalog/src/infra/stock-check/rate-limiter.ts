import { randomUUID } from 'node:crypto';
import type { Logger, Redis } from '@stockgraph/runtime';
import './redis-commands';

/** Keeps calls to inventory under `limit` in any sliding second. */
export interface RateLimiter {
  /** Waits for a slot; false if none frees up before `deadline` (epoch ms). */
  acquire(deadline: number): Promise<boolean>;
}

/**
 * Where a limiter reads the time and waits for it to pass. The real clock in production;
 * tests give their own, so they decide when time moves instead of racing it.
 */
export interface LimiterClock {
  /** Epoch ms. */
  now(): number;
  /** Resolves once `ms` have passed on this clock. */
  sleep(ms: number): Promise<void>;
}

/** The wall clock and real timers. */
export const realClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(1, ms))),
};

/** One instance's own count: used without Redis, and while Redis is away. */
export class LocalRateLimiter implements RateLimiter {
  private readonly stamps: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 1000,
    private readonly clock: LimiterClock = realClock,
  ) {}

  async acquire(deadline: number): Promise<boolean> {
    for (;;) {
      const now = this.clock.now();
      while (this.stamps.length > 0 && this.stamps[0] <= now - this.windowMs) this.stamps.shift();
      if (this.stamps.length < this.limit) {
        this.stamps.push(now);
        return true;
      }
      const freeAt = this.stamps[0] + this.windowMs;
      if (freeAt > deadline) return false;
      await this.clock.sleep(freeAt - now);
    }
  }
}

// KEYS[1] window; ARGV: windowMs, limit, member. Returns 0 when taken, else ms to wait.
// Redis's own clock, so instances on different hosts share one notion of "this second".
const TAKE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

/**
 * One budget shared by every catalog instance: a sliding-window log in Redis, taken
 * atomically by a script. While Redis is away each instance falls back to its own limiter.
 *
 * The window is counted on Redis's clock (`TIME` inside the script), never on an
 * instance's, so instances on hosts whose clocks disagree still share one "this second";
 * that cannot be injected, on purpose. `clock` is only this instance's side: comparing a
 * wait with the caller's deadline, waiting, and the local fallback. Tests of the shared
 * count therefore use windows long enough that no slowness of the machine can slide them.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback: LocalRateLimiter;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly limit: number,
    private readonly log: Logger,
    private readonly windowMs = 1000,
    private readonly clock: LimiterClock = realClock,
  ) {
    this.fallback = new LocalRateLimiter(limit, windowMs, clock);
    redis.defineCommand('sgTakeSlot', { numberOfKeys: 1, lua: TAKE });
  }

  async acquire(deadline: number): Promise<boolean> {
    for (;;) {
      let waitMs: number;
      try {
        waitMs = await this.redis.sgTakeSlot(this.key, this.windowMs, this.limit, randomUUID());
      } catch (error) {
        this.log.debug({ err: error }, "shared rate limit unavailable; using this instance's own");
        return this.fallback.acquire(deadline);
      }
      if (waitMs === 0) return true;
      if (this.clock.now() + waitMs > deadline) return false;
      await this.clock.sleep(waitMs);
    }
  }
}
