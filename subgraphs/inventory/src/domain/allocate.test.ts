import { allocate, type CandidateStock } from './allocate';

const stock = (
  sku: string,
  locationId: string,
  onHand: number,
  priority: number,
  reserved = 0,
  safetyStock = 0,
): CandidateStock => ({
  sku,
  locationId,
  onHand,
  reserved,
  safetyStock,
  priority,
});

describe('allocate', () => {
  const rows = [stock('A', 'madrid', 5, 1), stock('A', 'berlin', 10, 2), stock('B', 'madrid', 3, 1, 1, 1)];

  it('serves a line from the highest-priority location and splits when one is not enough', () => {
    const result = allocate([{ index: 0, sku: 'A', quantity: 8, locationId: null }], rows, 'priority');
    expect(result).toEqual({
      ok: true,
      allocations: [
        { sku: 'A', locationId: 'berlin', quantity: 3 },
        { sku: 'A', locationId: 'madrid', quantity: 5 },
      ],
    });
  });

  it('takes from the location with most stock first under most-stock', () => {
    const result = allocate([{ index: 0, sku: 'A', quantity: 8, locationId: null }], rows, 'most-stock');
    expect(result).toEqual({ ok: true, allocations: [{ sku: 'A', locationId: 'berlin', quantity: 8 }] });
  });

  it('never counts the same units twice for two lines of one cart', () => {
    const result = allocate(
      [
        { index: 0, sku: 'A', quantity: 5, locationId: 'madrid' },
        { index: 1, sku: 'A', quantity: 11, locationId: null },
      ],
      rows,
      'priority',
    );
    expect(result).toEqual({ ok: false, shortfalls: [{ index: 1, sku: 'A', requested: 11, available: 10 }] });
  });

  it('sums demand per (sku, location) when a pinned and a free line meet', () => {
    const result = allocate(
      [
        { index: 0, sku: 'A', quantity: 2, locationId: null },
        { index: 1, sku: 'A', quantity: 2, locationId: 'madrid' },
      ],
      rows,
      'priority',
    );
    expect(result).toEqual({ ok: true, allocations: [{ sku: 'A', locationId: 'madrid', quantity: 4 }] });
  });

  it('honours reserved units and the safety stock', () => {
    expect(allocate([{ index: 0, sku: 'B', quantity: 2, locationId: null }], rows, 'priority')).toEqual({
      ok: false,
      shortfalls: [{ index: 0, sku: 'B', requested: 2, available: 1 }],
    });
  });

  it('reports every short line, in input order', () => {
    const result = allocate(
      [
        { index: 0, sku: 'B', quantity: 9, locationId: null },
        { index: 1, sku: 'A', quantity: 99, locationId: 'berlin' },
      ],
      rows,
      'priority',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.shortfalls.map((s) => s.index)).toEqual([0, 1]);
  });

  it('returns allocations in (sku, location) order, the order rows are locked in', () => {
    const result = allocate(
      [
        { index: 0, sku: 'B', quantity: 1, locationId: null },
        { index: 1, sku: 'A', quantity: 12, locationId: null },
      ],
      rows,
      'priority',
    );
    expect(result.ok && result.allocations.map((a) => `${a.sku}@${a.locationId}`)).toEqual([
      'A@berlin',
      'A@madrid',
      'B@madrid',
    ]);
  });
});
