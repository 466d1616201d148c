import { type AdjustStockRequest, planAdjustment, validateAdjustRequest } from './adjust-stock';

const base: AdjustStockRequest = { sku: 'A', locationId: 'madrid', reason: 'restock' };
const level = { onHand: 10, reserved: 4, safetyStock: 2 };

describe('adjustments', () => {
  it('needs exactly one of delta and set', () => {
    expect(() => validateAdjustRequest({ ...base })).toThrow('give exactly one of delta');
    expect(() => validateAdjustRequest({ ...base, delta: 1, set: 3 })).toThrow('give exactly one of delta');
    expect(() => validateAdjustRequest({ ...base, delta: 0 })).toThrow('delta must be a non-zero whole number');
    expect(() => validateAdjustRequest({ ...base, set: -1 })).toThrow('set must be a whole number from 0');
    expect(() => validateAdjustRequest({ ...base, set: 5, changeFrom: -2 })).toThrow('changeFrom must be');
  });

  it('plans a delta, a set and a safety-stock change', () => {
    expect(planAdjustment(level, { ...base, delta: 5 })).toEqual({
      ok: true,
      delta: { onHand: 5, reserved: 0, safetyStock: 0 },
    });
    expect(planAdjustment(level, { ...base, set: 7 })).toEqual({
      ok: true,
      delta: { onHand: -3, reserved: 0, safetyStock: 0 },
    });
    expect(planAdjustment(level, { ...base, quantity: 'SAFETY_STOCK', set: 0 })).toEqual({
      ok: true,
      delta: { onHand: 0, reserved: 0, safetyStock: -2 },
    });
  });

  it('refuses a stale changeFrom', () => {
    const plan = planAdjustment(level, { ...base, set: 20, changeFrom: 9 });
    expect(plan).toMatchObject({ ok: false, error: { code: 'CHANGE_FROM_STALE', field: 'input.changeFrom' } });
  });

  it('accepts a current changeFrom', () => {
    expect(planAdjustment(level, { ...base, set: 20, changeFrom: 10 }).ok).toBe(true);
  });

  it('never takes on hand below what is reserved, nor safety stock below zero', () => {
    expect(planAdjustment(level, { ...base, delta: -7 })).toMatchObject({
      ok: false,
      error: { code: 'ADJUSTMENT_OUT_OF_RANGE' },
    });
    expect(planAdjustment(level, { ...base, quantity: 'SAFETY_STOCK', delta: -3 })).toMatchObject({
      ok: false,
      error: { code: 'ADJUSTMENT_OUT_OF_RANGE' },
    });
  });
});
