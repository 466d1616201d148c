import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createRedis, type Redis } from '@stockgraph/runtime';
import { describeWithRedis, testInfra, waitFor } from '@stockgraph/testing';
import {
  type LimiterClock,
  LocalRateLimiter,
  type RateLimiter,
  RedisRateLimiter,
} from '../../src/infra/stock-check/rate-limiter';
import {
  InMemoryStockAnswerCache,
  RedisStockAnswerCache,
  type StockAnswerCache,
} from '../../src/infra/stock-check/stock-answer-cache';

const log = pino({ level: 'silent' });

async function connected(): Promise<Redis> {
  const redis = createRedis(testInfra.redisUrl as string, log);
  await waitFor(() => redis.status === 'ready', { what: 'redis to connect' });
  return redis;
}

/** The rules every stock answer cache keeps, whoever holds the entries. */
function cacheContract(make: (ttlMs: number) => StockAnswerCache | Promise<StockAnswerCache>): void {
  it('serves what inventory answered, and asks for the rest with their epochs', async () => {
    const cache = await make(60_000);
    const first = await cache.get(['A-1', 'A-2']);
    expect(first.answers.size).toBe(0);
    await cache.set(new Map([['A-1', 7]]), first.epochs);
    const second = await cache.get(['A-1', 'A-2']);
    expect([...second.answers]).toEqual([['A-1', 7]]);
    expect([...second.epochs.keys()]).toEqual(['A-2']);
  });

  it('drops an answer the moment its sku is invalidated, long before its time is up', async () => {
    const cache = await make(60_000);
    await cache.set(
      new Map([
        ['B-1', 3],
        ['B-2', 4],
      ]),
      (await cache.get(['B-1', 'B-2'])).epochs,
    );
    await cache.invalidate(['B-1']);
    expect([...(await cache.get(['B-1', 'B-2'])).answers]).toEqual([['B-2', 4]]);
  });

  it('refuses an answer read before an invalidation: the event may be newer than the read', async () => {
    const cache = await make(60_000);
    const before = await cache.get(['C-1']);
    await cache.invalidate(['C-1']);
    await cache.set(new Map([['C-1', 5]]), before.epochs);
    expect((await cache.get(['C-1'])).answers.size).toBe(0);
    // A read started after the invalidation is stored.
    const after = await cache.get(['C-1']);
    await cache.set(new Map([['C-1', 4]]), after.epochs);
    expect((await cache.get(['C-1'])).answers.get('C-1')).toBe(4);
  });
}

describe('in-memory stock answer cache', () => {
  cacheContract((ttlMs) => new InMemoryStockAnswerCache(ttlMs));

  it('forgets answers after their time', async () => {
    let now = 1_000;
    const cache = new InMemoryStockAnswerCache(30_000, () => now);
    await cache.set(new Map([['D-1', 2]]), (await cache.get(['D-1'])).epochs);
    now += 29_999;
    expect((await cache.get(['D-1'])).answers.get('D-1')).toBe(2);
    now += 1;
    expect((await cache.get(['D-1'])).answers.size).toBe(0);
  });
});

describeWithRedis('shared stock answer cache', () => {
  const clients: Redis[] = [];
  const prefix = `sgt:${randomUUID()}:`;
  const make = async (ttlMs: number) => {
    const redis = await connected();
    clients.push(redis);
    return new RedisStockAnswerCache(redis, prefix, ttlMs, log);
  };

  afterAll(async () => {
    for (const redis of clients) redis.disconnect();
  });

  cacheContract(make);

  it('is one cache for every instance: what one stores the other serves, what one invalidates is gone for both', async () => {
    const [a, b] = [await make(60_000), await make(60_000)];
    await a.set(new Map([['E-1', 9]]), (await a.get(['E-1'])).epochs);
    expect((await b.get(['E-1'])).answers.get('E-1')).toBe(9);
    const staleRead = await a.get(['E-2']);
    await b.invalidate(['E-1', 'E-2']);
    expect((await a.get(['E-1'])).answers.size).toBe(0);
    // Instance a read E-2 before b heard of the event: its answer must not be stored.
    await a.set(new Map([['E-2', 1]]), staleRead.epochs);
    expect((await b.get(['E-2'])).answers.size).toBe(0);
  });

  it('lets answers expire after their time in Redis', async () => {
    const cache = await make(150);
    await cache.set(new Map([['F-1', 1]]), (await cache.get(['F-1'])).epochs);
    expect((await cache.get(['F-1'])).answers.get('F-1')).toBe(1);
    await waitFor(async () => (await cache.get(['F-1'])).answers.size === 0, {
      what: 'the answer to expire',
      timeoutMs: 30_000,
    });
  });
});

/**
 * A clock the test owns: time moves only when every waiter is asleep, straight to the
 * earliest wake-up, so "how long did that take" has one answer however busy the machine is.
 */
function virtualClock(start = 1_000_000): LimiterClock & { elapsed(): number } {
  let now = start;
  let sleepers: Array<{ at: number; wake: () => void }> = [];
  let ticking = false;
  const tick = () => {
    ticking = false;
    if (sleepers.length === 0) return;
    now = Math.max(now, Math.min(...sleepers.map((s) => s.at)));
    const due = sleepers.filter((s) => s.at <= now);
    sleepers = sleepers.filter((s) => s.at > now);
    for (const sleeper of due) sleeper.wake();
  };
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        sleepers.push({ at: now + Math.max(1, ms), wake });
        // setImmediate runs after every pending promise job: each concurrent caller has asked for its slot by then.
        if (!ticking) {
          ticking = true;
          setImmediate(tick);
        }
      }),
    elapsed: () => now - start,
  };
}

/** How many of `callers` concurrent acquisitions succeed before `deadlineMs` from now on `clock`. */
async function grants(
  limiters: RateLimiter[],
  callers: number,
  deadlineMs: number,
  clock: Pick<LimiterClock, 'now'> = { now: Date.now },
): Promise<number> {
  const deadline = clock.now() + deadlineMs;
  const results = await Promise.all(
    Array.from({ length: callers }, (_, i) => limiters[i % limiters.length].acquire(deadline)),
  );
  return results.filter(Boolean).length;
}

describe('local rate limiter', () => {
  it('grants exactly the limit within one window and refuses at once whoever cannot be served by the deadline', async () => {
    const clock = virtualClock();
    expect(await grants([new LocalRateLimiter(25, 1000, clock)], 60, 300, clock)).toBe(25);
    // Nobody waited: a slot freeing after the deadline is a refusal now, not a wait until then.
    expect(clock.elapsed()).toBe(0);
  });

  it('grants again once the oldest call leaves the sliding window', async () => {
    const clock = virtualClock();
    const limiter = new LocalRateLimiter(5, 200, clock);
    expect(await grants([limiter], 12, 1000, clock)).toBe(12);
    // 12 calls at 5 per 200 ms: five now, five when the first five leave, two a window later.
    expect(clock.elapsed()).toBe(400);
  });

  it('refuses a caller whose deadline comes before the next free slot, and serves one whose deadline is on it', async () => {
    const clock = virtualClock();
    const limiter = new LocalRateLimiter(1, 200, clock);
    expect(await limiter.acquire(clock.now())).toBe(true);
    expect(await limiter.acquire(clock.now() + 199)).toBe(false);
    expect(clock.elapsed()).toBe(0);
    expect(await limiter.acquire(clock.now() + 200)).toBe(true);
    expect(clock.elapsed()).toBe(200);
  });
});

describeWithRedis('shared rate limiter', () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const redis of clients) redis.disconnect();
  });
  const limiterOn = async (key: string, limit: number, windowMs = 1000) => {
    const redis = await connected();
    clients.push(redis);
    return new RedisRateLimiter(redis, key, limit, log, windowMs);
  };

  // The window is on Redis's clock (see RedisRateLimiter), which a test cannot move. So the
  // count is tested in a window no slowness can slide (a minute), and the sliding with a
  // lower bound on elapsed time, which a slow machine can only make larger.
  it('is one budget across instances: three instances racing get exactly the limit in a window', async () => {
    const key = `sgt:${randomUUID()}:calls`;
    const instances = [
      await limiterOn(key, 40, 60_000),
      await limiterOn(key, 40, 60_000),
      await limiterOn(key, 40, 60_000),
    ];
    expect(await grants(instances, 150, 5_000)).toBe(40);
  });

  it('grants again as the window slides, on Redis time', async () => {
    const key = `sgt:${randomUUID()}:calls`;
    const instances = [await limiterOn(key, 5, 200), await limiterOn(key, 5, 200)];
    const started = Date.now();
    expect(await grants(instances, 12, 30_000)).toBe(12);
    // Two slides of a 200 ms window; 20 ms for Redis's clock and ours rounding to different milliseconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it("falls back to the instance's own budget while Redis is away", async () => {
    const redis = createRedis('redis://127.0.0.1:1', log);
    clients.push(redis);
    const clock = virtualClock();
    const limiter = new RedisRateLimiter(redis, 'unreachable', 10, log, 1000, clock);
    expect(await grants([limiter], 30, 300, clock)).toBe(10);
    expect(clock.elapsed()).toBe(0);
  });
});
