import { DEFAULT_WAREHOUSE_CLOCK_SKEW_MS, isObservedInFuture, observedInFutureDetail } from './warehouse-clock';

describe('warehouse count clock', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it('allows five minutes of clock skew by default', () => {
    expect(DEFAULT_WAREHOUSE_CLOCK_SKEW_MS).toBe(300_000);
  });

  it('accepts counts up to now plus the skew, refuses later ones', () => {
    expect(isObservedInFuture(now - 60_000, now, 300_000)).toBe(false);
    expect(isObservedInFuture(now + 300_000, now, 300_000)).toBe(false);
    expect(isObservedInFuture(now + 300_001, now, 300_000)).toBe(true);
    expect(isObservedInFuture(Date.parse('9999-12-31T23:59:59Z'), now, 300_000)).toBe(true);
  });

  it('treats a time that is not a number as in the future', () => {
    expect(isObservedInFuture(Number.NaN, now, 300_000)).toBe(true);
    expect(observedInFutureDetail(Number.NaN, now, 300_000)).toContain('NaN');
  });

  it('says how far ahead is allowed', () => {
    expect(observedInFutureDetail(Date.parse('9999-12-31T23:59:59Z'), now, 300_000)).toBe(
      "observedAt 9999-12-31T23:59:59.000Z is more than 300 s ahead of this service's clock (2026-12-01T12:00:00.000Z); fix the sender's clock",
    );
  });
});
