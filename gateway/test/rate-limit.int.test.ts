import { randomUUID } from 'node:crypto';
import { createRedis, type Logger, type Redis } from '@stockgraph/runtime';
import { describeWithRedis, testInfra, waitFor } from '@stockgraph/testing';
import { createRateLimit, type RateDecision, type RateLimit } from '../src/limits/rate-limit';

function recordingLog() {
  const warnings: unknown[][] = [];
  const log = {
    warn: (...args: unknown[]) => warnings.push(args),
    error: () => undefined,
    info: () => undefined,
    debug: () => undefined,
  } as unknown as Logger;
  return { log, warnings };
}

const spend = (limit: RateLimit, key: string, count: number): Promise<RateDecision[]> =>
  Promise.all(Array.from({ length: count }, () => limit.consume(key)));
const allowedCount = (decisions: RateDecision[]) => decisions.filter((d) => d.allowed).length;

describe('the gateway rate limit without Redis', () => {
  const { log } = recordingLog();

  it('allows exactly the budget per key within a window, refuses the rest saying when to retry, and keeps keys apart', async () => {
    const limit = createRateLimit({ points: 3, windowSeconds: 60, redis: null, keyPrefix: 'test', log });

    const a = await spend(limit, 'sub:a', 5);
    const b = await spend(limit, 'sub:b', 1);

    expect(allowedCount(a)).toBe(3);
    const refused = a.find((d) => !d.allowed);
    expect(refused && !refused.allowed && refused.retryAfterMs > 0 && refused.retryAfterMs <= 60_000).toBe(true);
    expect(allowedCount(b)).toBe(1);
  });

  it('allows everything with 0 points', async () => {
    const limit = createRateLimit({ points: 0, windowSeconds: 60, redis: null, keyPrefix: 'test', log });
    expect(allowedCount(await spend(limit, 'sub:a', 1000))).toBe(1000);
  });

  it("falls back to the instance's own count while Redis is unreachable, never failing a request, and says so", async () => {
    const { log: watched, warnings } = recordingLog();
    const redis = createRedis('redis://127.0.0.1:1', watched);
    try {
      const limit = createRateLimit({ points: 4, windowSeconds: 60, redis, keyPrefix: 'test', log: watched });

      const decisions = await spend(limit, 'sub:a', 6);

      expect(allowedCount(decisions)).toBe(4);
      expect(warnings.some(([message]) => typeof message === 'string' && message.includes('counting on its own'))).toBe(
        true,
      );
    } finally {
      redis.disconnect();
    }
  });
});

describeWithRedis('the gateway rate limit on Redis', () => {
  const { log } = recordingLog();
  const clients: Redis[] = [];
  const connected = async () => {
    const redis = createRedis(testInfra.redisUrl as string, log);
    clients.push(redis);
    await waitFor(() => redis.status === 'ready', { what: 'redis to connect' });
    return redis;
  };

  afterAll(() => clients.forEach((redis) => redis.disconnect()));

  it('is one budget for every instance using the same prefix, and a separate one under another prefix', async () => {
    const prefix = `stockgraph:test:${randomUUID()}:gateway:rl`;
    const instances = [await connected(), await connected()].map((redis) =>
      createRateLimit({ points: 5, windowSeconds: 60, redis, keyPrefix: prefix, log }),
    );
    const elsewhere = createRateLimit({
      points: 5,
      windowSeconds: 60,
      redis: await connected(),
      keyPrefix: `${prefix}:other`,
      log,
    });

    const decisions = await Promise.all(Array.from({ length: 8 }, (_, i) => instances[i % 2].consume('sub:a')));
    const other = await spend(elsewhere, 'sub:a', 5);

    expect(allowedCount(decisions)).toBe(5);
    expect(allowedCount(other)).toBe(5);
  });
});
