import { effectiveStatus, parseReservationSortKey, reservationSortKey } from './reservation-listing';

describe('effectiveStatus', () => {
  it.each([
    ['ACTIVE', 2000, 'ACTIVE'],
    ['ACTIVE', 1000, 'EXPIRED'],
    ['ACTIVE', 999, 'EXPIRED'],
    ['CONFIRMED', 999, 'CONFIRMED'],
    ['RELEASED', 999, 'RELEASED'],
    ['EXPIRED', 2000, 'EXPIRED'],
  ] as const)('%s expiring at %d, seen at 1000: %s', (status, expiresAt, expected) => {
    expect(effectiveStatus({ status, expiresAt }, 1000)).toBe(expected);
  });
});

describe('reservation sort keys', () => {
  it('round-trips a position and refuses any other shape', () => {
    const key = reservationSortKey({ createdAt: 1_700_000_000_000, id: 'r-1' });

    expect(parseReservationSortKey(key)).toEqual({ createdAt: 1_700_000_000_000, id: 'r-1' });
    for (const bad of [7, 'r-1', '[1]', '["1","r"]', '[1,""]', '[1,"r",2]'])
      expect(parseReservationSortKey(bad)).toBeNull();
  });
});
