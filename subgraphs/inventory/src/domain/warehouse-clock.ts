/**
 * How far ahead of this service's clock a warehouse count may be dated by default. Senders'
 * clocks drift by seconds, not minutes; a count dated further ahead would become the
 * watermark and make every real count after it look stale, freezing the level.
 */
export const DEFAULT_WAREHOUSE_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Whether a count taken at `observedAt` (epoch ms) is dated beyond `now` plus the allowed
 * skew. A time that is not a number counts as in the future: it could not be ordered either.
 */
export function isObservedInFuture(observedAt: number, now: number, clockSkewMs: number): boolean {
  return !(observedAt <= now + clockSkewMs);
}

/** Why a future-dated count was refused, for a dead letter or an error message. */
export function observedInFutureDetail(observedAt: number, now: number, clockSkewMs: number): string {
  const when = Number.isFinite(observedAt) ? new Date(observedAt).toISOString() : String(observedAt);
  return `observedAt ${when} is more than ${Math.round(clockSkewMs / 1000)} s ahead of this service's clock (${new Date(now).toISOString()}); fix the sender's clock`;
}

/**
 * The time a count's watermark records: when it was observed, but never later than `now`.
 * A count dated a little ahead (within the skew) is applied at once, and then stands as
 * taken now; recorded as dated, it would make every real count of the next minutes look
 * older and leave the level frozen at it.
 */
export function watermarkTime(observedAt: number, now: number): number {
  return Math.min(observedAt, now);
}
