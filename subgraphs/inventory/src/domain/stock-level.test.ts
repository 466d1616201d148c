import { available, stockFlags, summarize } from './stock-level';

describe('stock level maths', () => {
  it('available is on hand less reserved and safety stock, never negative', () => {
    expect(available({ onHand: 10, reserved: 3, safetyStock: 2 })).toBe(5);
    expect(available({ onHand: 10, reserved: 3, safetyStock: 9 })).toBe(0);
  });

  it('flags only zero crossings', () => {
    expect(stockFlags({ onHand: 1, reserved: 0, safetyStock: 0 }, { onHand: 1, reserved: 1, safetyStock: 0 })).toEqual([
      'OUT_OF_STOCK',
    ]);
    expect(stockFlags({ onHand: 0, reserved: 0, safetyStock: 0 }, { onHand: 4, reserved: 0, safetyStock: 0 })).toEqual([
      'BACK_IN_STOCK',
    ]);
    expect(stockFlags({ onHand: 5, reserved: 0, safetyStock: 0 }, { onHand: 4, reserved: 0, safetyStock: 0 })).toEqual(
      [],
    );
  });

  it('sums per location availability, not the total', () => {
    expect(
      summarize([
        { onHand: 5, reserved: 0, safetyStock: 10 },
        { onHand: 3, reserved: 1, safetyStock: 0 },
      ]),
    ).toEqual({ onHand: 8, reserved: 1, available: 2 });
  });
});
