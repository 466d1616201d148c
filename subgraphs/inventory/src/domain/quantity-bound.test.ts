import {
  adjustmentBoundErrors,
  countsOverBound,
  MAX_STOCK_QUANTITY,
  refuseOverBound,
  skuOnHandTotals,
} from './quantity-bound';

const zero = { onHand: 0, reserved: 0, safetyStock: 0 };
const onHand = (n: number) => ({ onHand: n, reserved: 0, safetyStock: 0 });

describe('the stock quantity bound', () => {
  it('is the largest GraphQL Int', () => {
    expect(MAX_STOCK_QUANTITY).toBe(2 ** 31 - 1);
  });

  it('sums onHand per sku over its locations', () => {
    const totals = skuOnHandTotals([
      { sku: 'A', onHand: 3 },
      { sku: 'B', onHand: 1 },
      { sku: 'A', onHand: 4 },
    ]);
    expect(Object.fromEntries(totals)).toEqual({ A: 7, B: 1 });
  });

  describe('for adjustments (all or nothing)', () => {
    const change = (over: {
      sku?: string;
      locationId?: string;
      onHand?: number;
      safetyStock?: number;
      before?: typeof zero;
      field?: string;
    }) => ({
      sku: over.sku ?? 'A',
      locationId: over.locationId ?? 'madrid',
      delta: { onHand: over.onHand ?? 0, reserved: 0, safetyStock: over.safetyStock ?? 0 },
      before: over.before ?? zero,
      field: over.field ?? 'input.delta',
    });

    it('refuses a third billion: the sku total would pass 2^31 - 1', () => {
      // Arrange: two billion already at madrid.
      const totals = new Map([['A', 2_000_000_000]]);
      // Act
      const errors = adjustmentBoundErrors(totals, [change({ onHand: 1_000_000_000, before: onHand(2_000_000_000) })]);
      // Assert
      expect(errors).toEqual([
        expect.objectContaining({
          code: 'ADJUSTMENT_OUT_OF_RANGE',
          field: 'input.delta',
          message: expect.stringContaining('at most 147483647 more'),
        }),
      ]);
    });

    it('refuses a sum over locations that passes it although each location stays below', () => {
      const totals = new Map([['A', 2_000_000_000]]);
      const errors = adjustmentBoundErrors(totals, [
        change({ locationId: 'berlin', onHand: 200_000_000, field: 'inputs.1.delta' }),
      ]);
      expect(errors.map((e) => e.field)).toEqual(['inputs.1.delta']);
    });

    it('accepts reaching the bound exactly', () => {
      const totals = new Map([['A', MAX_STOCK_QUANTITY - 5]]);
      expect(adjustmentBoundErrors(totals, [change({ onHand: 5 })])).toEqual([]);
    });

    it('counts a decrease elsewhere in the same call as room', () => {
      const totals = new Map([['A', MAX_STOCK_QUANTITY]]);
      const errors = adjustmentBoundErrors(totals, [
        change({ onHand: 10 }),
        change({ locationId: 'berlin', onHand: -10 }),
      ]);
      expect(errors).toEqual([]);
    });

    it('names every adjustment that adds to a sku over the bound, and no other sku', () => {
      const totals = new Map([
        ['A', MAX_STOCK_QUANTITY - 1],
        ['B', 0],
      ]);
      const errors = adjustmentBoundErrors(totals, [
        change({ onHand: 1, field: 'inputs.0.delta' }),
        change({ locationId: 'berlin', onHand: 1, field: 'inputs.1.delta' }),
        change({ sku: 'B', onHand: 1_000_000_000, field: 'inputs.2.delta' }),
      ]);
      expect(errors.map((e) => e.field)).toEqual(['inputs.0.delta', 'inputs.1.delta']);
    });

    it('never refuses bringing down stock that is already past the bound', () => {
      const totals = new Map([['A', 3_000_000_000]]);
      expect(adjustmentBoundErrors(totals, [change({ onHand: -1_000_000_000 })])).toEqual([]);
    });

    it('keeps one level’s safety stock within the bound', () => {
      const before = { onHand: 0, reserved: 0, safetyStock: 2_000_000_000 };
      const errors = adjustmentBoundErrors(new Map(), [
        change({ safetyStock: 1_000_000_000, before, field: 'input.delta' }),
      ]);
      expect(errors).toEqual([
        expect.objectContaining({ code: 'ADJUSTMENT_OUT_OF_RANGE', message: expect.stringContaining('safetyStock') }),
      ]);
    });
  });

  describe('for independent counts', () => {
    it('takes decreases first, then increases while they fit', () => {
      const totals = new Map([['A', MAX_STOCK_QUANTITY - 100]]);
      const refused = refuseOverBound(totals, [
        { sku: 'A', onHandChange: 150, id: 'up-150' },
        { sku: 'A', onHandChange: 120, id: 'up-120' },
        { sku: 'A', onHandChange: -60, id: 'down-60' },
      ]);
      // -60 makes room for 150 (100 + 60 = 160 ≥ 150); 120 no longer fits.
      expect(refused.map((r) => r.proposal.id)).toEqual(['up-120']);
      // What 120 would have made: (MAX - 100) - 60 + 150 + 120.
      expect(refused[0]?.total).toBe(MAX_STOCK_QUANTITY + 110);
    });

    it('refuses one billion at three locations of one sku from the third on', () => {
      const refused = refuseOverBound(new Map([['A', 0]]), [
        { sku: 'A', onHandChange: 1_000_000_000 },
        { sku: 'A', onHandChange: 1_000_000_000 },
        { sku: 'A', onHandChange: 1_000_000_000 },
        { sku: 'B', onHandChange: 1_000_000_000 },
      ]);
      expect(refused).toEqual([{ proposal: { sku: 'A', onHandChange: 1_000_000_000 }, total: 3_000_000_000 }]);
    });

    it('for a submission: judges counts against the levels now, replacing what each location holds', () => {
      const levels = [
        { sku: 'A', locationId: 'madrid', onHand: 1_000_000_000 },
        { sku: 'A', locationId: 'berlin', onHand: 1_000_000_000 },
      ];
      // Recounting madrid at the same figure changes nothing; paris adds a billion more.
      expect(countsOverBound(levels, [{ sku: 'A', locationId: 'madrid', onHand: 1_000_000_000 }])).toEqual([]);
      expect(countsOverBound(levels, [{ sku: 'A', locationId: 'paris', onHand: 1_000_000_000 }])).toEqual([
        { index: 0, total: 3_000_000_000 },
      ]);
      expect(
        countsOverBound(levels, [
          { sku: 'A', locationId: 'berlin', onHand: 0 },
          { sku: 'A', locationId: 'paris', onHand: 1_000_000_000 },
        ]),
      ).toEqual([]);
    });

    it('for a submission: of two counts of one location, the larger stands for both', () => {
      const counts = [
        { sku: 'A', locationId: 'madrid', onHand: 5 },
        { sku: 'A', locationId: 'madrid', onHand: MAX_STOCK_QUANTITY },
        { sku: 'A', locationId: 'berlin', onHand: 1 },
      ];
      expect(countsOverBound([], counts)).toEqual([{ index: 2, total: MAX_STOCK_QUANTITY + 1 }]);
    });
  });
});
