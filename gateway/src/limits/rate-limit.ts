import type { Logger, Redis } from '@stockgraph/runtime';
import { GraphQLError } from 'graphql';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** What one request costs: allowed, or refused with the time until the identity's window resets. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A budget of requests per identity and window. */
export interface RateLimit {
  /** Spends `points` (1 unless said) of `key`'s budget (a key from identityKey), or says when there will be some again. */
  consume(key: string, points?: number): Promise<RateDecision>;
}

export interface RateLimitOptions {
  /** Requests per window per identity; 0 turns the limit off. */
  points: number;
  windowSeconds: number;
  /** Shared by every instance when given; without it, each instance keeps its own counts. */
  redis: Redis | null;
  keyPrefix: string;
  log: Logger;
}

/**
 * How long one check may wait on Redis before this instance decides alone. A healthy
 * Redis answers in a millisecond; waiting longer only delays every request behind it.
 */
const REDIS_DEADLINE_MS = 1000;
/** How often, at most, the fallback to per-instance counting is logged during an outage. */
const FALLBACK_LOG_INTERVAL_MS = 60_000;

/**
 * Per-identity rate limit (rate-limiter-flexible's fixed window from the first request).
 * With Redis, every gateway instance spends one budget; while Redis is unreachable or
 * slow, each instance falls back to counting on its own (up to `points` per instance)
 * rather than refusing or failing requests: an outage of the limiter's store must not
 * become an outage of the API.
 */
export function createRateLimit(options: RateLimitOptions): RateLimit {
  const { points, windowSeconds: duration, log } = options;
  if (points === 0) return { consume: () => Promise.resolve({ allowed: true }) };
  const limiter: RateLimiterAbstract = options.redis
    ? new RLWrapperTimeouts({
        limiter: new RateLimiterRedis({
          storeClient: options.redis,
          keyPrefix: options.keyPrefix,
          points,
          duration,
          // createRedis queues nothing while disconnected; go straight to the fallback.
          rejectIfRedisNotReady: true,
          insuranceLimiter: new LoggedFallback({ keyPrefix: options.keyPrefix, points, duration }, log),
        }),
        timeoutMs: REDIS_DEADLINE_MS,
      })
    : new RateLimiterMemory({ keyPrefix: options.keyPrefix, points, duration });
  return {
    consume: async (key, points = 1) => {
      try {
        await limiter.consume(key, points);
        return { allowed: true };
      } catch (outcome) {
        if (outcome instanceof RateLimiterRes) return { allowed: false, retryAfterMs: outcome.msBeforeNext };
        // Only a bug gets here (the fallback never fails); serve rather than refuse everyone.
        log.error({ err: outcome }, 'rate limit check failed; request let through');
        return { allowed: true };
      }
    },
  };
}

/** The per-instance counts used while Redis is away, saying so in the log (at most once a minute). */
class LoggedFallback extends RateLimiterMemory {
  private lastLogged = 0;

  constructor(
    options: { keyPrefix: string; points: number; duration: number },
    private readonly log: Logger,
  ) {
    super(options);
  }

  override consume(key: string | number, points?: number, options?: Record<string, unknown>): Promise<RateLimiterRes> {
    const now = Date.now();
    if (now - this.lastLogged >= FALLBACK_LOG_INTERVAL_MS) {
      this.lastLogged = now;
      this.log.warn(
        'redis unreachable for the rate limit; each gateway instance is counting on its own until it is back',
      );
    }
    return super.consume(key, points, options);
  }
}

/** Retry-After in whole seconds, at least 1: HTTP has no finer unit, and 0 would invite an immediate retry. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/**
 * The refusal of a request over its identity's budget, the same over HTTP and WebSocket:
 * `RATE_LIMITED`, category UNAVAILABLE (wait, then retry; do not loop), saying when.
 */
export function rateLimitedError(retryAfterMs: number): GraphQLError {
  const seconds = retryAfterSeconds(retryAfterMs);
  return new GraphQLError(`Too many requests; retry in ${seconds} s.`, {
    extensions: { code: 'RATE_LIMITED', category: 'UNAVAILABLE', retryAfterMs },
  });
}
