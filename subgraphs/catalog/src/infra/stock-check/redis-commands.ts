import type { Result } from 'ioredis';

/** The scripts the catalog defines on its Redis client (see defineCommand calls), typed for callers. */
declare module 'ioredis' {
  interface RedisCommander<Context> {
    sgSetUnlessInvalidated(
      answerKey: string,
      epochKey: string,
      available: number,
      epoch: number,
      ttlMs: number,
    ): Result<number, Context>;
    sgTakeSlot(windowKey: string, windowMs: number, limit: number, member: string): Result<number, Context>;
  }
}
