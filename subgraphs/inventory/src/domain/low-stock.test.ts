import { NO_STATES } from './stock-level';
import { DomainError } from '@stockgraph/domain';
import { lowStockSortKey, parseLowStockSortKey, validateLowStockQuery } from './low-stock';

function codeOf(act: () => unknown): string {
  try {
    act();
    return 'accepted';
  } catch (error) {
    if (error instanceof DomainError) return `${error.code} on ${error.field}: ${error.message}`;
    throw error;
  }
}

describe('validateLowStockQuery', () => {
  it('defaults the threshold to 5 and looks everywhere when no location is named', () => {
    expect(validateLowStockQuery({})).toEqual({ threshold: 5, locationIds: null });
    expect(validateLowStockQuery({ threshold: null, locationIds: null })).toEqual({ threshold: 5, locationIds: null });
  });

  it.each([
    [{ threshold: 0 }, 'accepted'],
    [{ threshold: 1_000_000 }, 'accepted'],
    [{ threshold: -1 }, 'INVALID_THRESHOLD on threshold: threshold must be a whole number from 0 to 1,000,000, got -1'],
    [
      { threshold: 1_000_001 },
      'INVALID_THRESHOLD on threshold: threshold must be a whole number from 0 to 1,000,000, got 1000001',
    ],
    [{ locationIds: Array.from({ length: 100 }, (_, i) => `l${i}`) }, 'accepted'],
    [
      { locationIds: Array.from({ length: 101 }, (_, i) => `l${i}`) },
      'TOO_MANY_LOCATIONS on locationIds: lowStockLevels takes at most 100 locationIds, got 101',
    ],
  ])('%j: %s', (request, expected) => {
    expect(codeOf(() => validateLowStockQuery(request))).toBe(expected);
  });
});

describe('low-stock sort keys', () => {
  it('round-trips a level position and refuses any other shape', () => {
    const key = lowStockSortKey({
      sku: 'A',
      locationId: 'madrid',
      onHand: 9,
      reserved: 2,
      safetyStock: 3,
      ...NO_STATES,
      version: 1,
      updatedAt: 0,
    });

    expect(parseLowStockSortKey(key)).toEqual({ available: 4, sku: 'A', locationId: 'madrid' });
    for (const bad of [42, 'x', '[1,"A"]', '["1","A","m"]', '[1.5,"A","m"]', '{"available":1}'])
      expect(parseLowStockSortKey(bad)).toBeNull();
  });
});
