import { effectOfCount, isNewer, newestPerKey, type WarehouseCount } from './warehouse-count';

const count = (over: Partial<WarehouseCount>): WarehouseCount => ({
  eventId: 'e',
  sku: 'A',
  locationId: 'L',
  onHand: 5,
  sequence: null,
  observedAt: 1000,
  publishedAt: 1000,
  source: 'wms',
  ...over,
});

describe('warehouse counts', () => {
  it('orders by sequence when both counts have one, else by observation time', () => {
    expect(isNewer({ sequence: 5, observedAt: 1 }, { sequence: 4, observedAt: 9 })).toBe(true);
    expect(isNewer({ sequence: 4, observedAt: 9 }, { sequence: 4, observedAt: 1 })).toBe(false);
    expect(isNewer({ sequence: null, observedAt: 10 }, { sequence: 4, observedAt: 9 })).toBe(true);
    expect(isNewer({ sequence: 1, observedAt: 10 }, undefined)).toBe(true);
  });

  it('keeps only the newest count per sku and location of a batch', () => {
    const a1 = count({ eventId: 'a1', sequence: 1 });
    const a3 = count({ eventId: 'a3', sequence: 3 });
    const a2 = count({ eventId: 'a2', sequence: 2 });
    const b = count({ eventId: 'b', locationId: 'M' });
    const { newest, superseded } = newestPerKey([a1, a3, b, a2]);
    expect(newest.map((c) => c.eventId).sort()).toEqual(['a3', 'b']);
    expect(superseded.map((c) => c.eventId).sort()).toEqual(['a1', 'a2']);
  });

  it('changes on hand to the count, unless holds exceed it', () => {
    expect(effectOfCount({ onHand: 10, reserved: 2, safetyStock: 0 }, { onHand: 7 })).toEqual({
      kind: 'apply',
      delta: { onHand: -3, reserved: 0, safetyStock: 0 },
    });
    expect(effectOfCount({ onHand: 10, reserved: 2, safetyStock: 0 }, { onHand: 10 })).toEqual({ kind: 'unchanged' });
    expect(effectOfCount({ onHand: 10, reserved: 4, safetyStock: 0 }, { onHand: 3 })).toEqual({
      kind: 'below-reserved',
      reserved: 4,
    });
  });
});
