import { decideConfirm, decideRelease } from './reservation';

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
});
