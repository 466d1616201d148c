import { decideConfirm, decideExtend, decideRelease } from './reservation';

const hold = (status: 'ACTIVE' | 'CONFIRMED' | 'RELEASED' | 'EXPIRED', expiresAt = 2_000) => ({
  id: 'r1',
  status,
  expiresAt,
});

describe('reservation decisions', () => {
  it('confirms an active hold before its expiry and nothing after', () => {
    expect(decideConfirm(hold('ACTIVE'), 1_999)).toEqual({ kind: 'confirm' });
    expect(decideConfirm(hold('ACTIVE'), 2_000)).toMatchObject({
      kind: 'expire-then-refuse',
      error: { code: 'RESERVATION_EXPIRED' },
    });
  });

  it('treats a second confirm as done and refuses ended holds with their reason', () => {
    expect(decideConfirm(hold('CONFIRMED'), 0)).toEqual({ kind: 'already-confirmed' });
    expect(decideConfirm(hold('EXPIRED'), 0)).toMatchObject({ kind: 'refuse', error: { code: 'RESERVATION_EXPIRED' } });
    expect(decideConfirm(hold('RELEASED'), 0)).toMatchObject({
      kind: 'refuse',
      error: { code: 'RESERVATION_RELEASED' },
    });
  });

  it('releases idempotently and never a sold hold', () => {
    expect(decideRelease(hold('ACTIVE'), 0)).toEqual({ kind: 'release' });
    expect(decideRelease(hold('ACTIVE'), 5_000)).toEqual({ kind: 'expire' });
    expect(decideRelease(hold('RELEASED'), 0)).toEqual({ kind: 'already-ended' });
    expect(decideRelease(hold('EXPIRED'), 0)).toEqual({ kind: 'already-ended' });
    expect(decideRelease(hold('CONFIRMED'), 0)).toMatchObject({
      kind: 'refuse',
      error: { code: 'RESERVATION_ALREADY_CONFIRMED' },
    });
  });

  it('extends an active hold up to its lifetime bound, never shortens one, and never revives one', () => {
    const made = { ...hold('ACTIVE', 60_000), createdAt: 0 };
    const bound = { seconds: 600, maxLifetimeMs: 3_600_000 };
    expect(decideExtend(made, 1_000, bound)).toEqual({ kind: 'extend', expiresAt: 601_000 });
    expect(decideExtend(made, 1_000, { ...bound, seconds: 30 })).toEqual({ kind: 'unchanged' });
    expect(decideExtend(made, 3_000_001, { ...bound, seconds: 600 })).toMatchObject({ kind: 'expire-then-refuse' });
    const late = { ...hold('ACTIVE', 3_500_000), createdAt: 0 };
    expect(decideExtend(late, 3_000_000, bound)).toEqual({ kind: 'extend', expiresAt: 3_600_000 });
    expect(decideExtend(late, 3_000_001, bound)).toMatchObject({
      kind: 'refuse',
      error: { code: 'HOLD_LIFETIME_EXCEEDED', field: 'ttlSeconds' },
    });
    for (const [status, code] of [
      ['CONFIRMED', 'RESERVATION_ALREADY_CONFIRMED'],
      ['RELEASED', 'RESERVATION_RELEASED'],
      ['EXPIRED', 'RESERVATION_EXPIRED'],
    ] as const)
      expect(decideExtend({ ...hold(status), createdAt: 0 }, 0, bound)).toMatchObject({
        kind: 'refuse',
        error: { code },
      });
  });
});
