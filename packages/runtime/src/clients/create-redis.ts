import Redis from 'ioredis';
import type { Logger } from '../log/create-logger';

export type { Redis };

/**
 * A Redis client for shared caches and limits. Commands fail fast while Redis is away
 * (no offline queue, one retry), so callers can fall back instead of hanging; the client
 * keeps reconnecting in the background.
 */
export function createRedis(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(2000, 50 * 2 ** Math.min(times, 6)),
  });
  let healthy = true;
  redis.on('error', (error: Error) => {
    if (healthy) log.warn({ err: error }, 'redis unavailable; falling back where possible');
    healthy = false;
  });
  redis.on('ready', () => {
    if (!healthy) log.info('redis available again');
    healthy = true;
  });
  return redis;
}

/**
 * Resolves once the client's first connection attempt is over, whichever way it went (or
 * after `timeoutMs`): a service that starts serving before then would count its first
 * requests alone, as though Redis were away. Never rejects: Redis being away is a
 * degraded start, not a failed one.
 */
export function redisSettled(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
    redis.once('error', done);
  });
}
