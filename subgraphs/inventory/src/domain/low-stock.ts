import { sortKey, sortKeyValues } from '@stockgraph/domain';
import { InventoryError } from './errors';
import { available, type StockLevel } from './stock-level';

/** Bounds of a low-stock listing; each is refused, before anything is read, with a code that states it. */
export const LOW_STOCK_LIMITS = { defaultThreshold: 5, maxThreshold: 1_000_000, maxLocations: 100 } as const;

/**
 * Which stock levels count as low: those whose available (expired holds counted as
 * released) is at most their safety stock or the threshold, whichever is larger; and where
 * to look (null: every location the caller may read).
 */
export interface LowStockQuery {
  threshold: number;
  locationIds: readonly string[] | null;
}

/** Checks a low-stock request's bounds: INVALID_THRESHOLD (0 to 1,000,000) or TOO_MANY_LOCATIONS (at most 100). */
export function validateLowStockQuery(request: {
  threshold?: number | null;
  locationIds?: readonly string[] | null;
}): LowStockQuery {
  const threshold = request.threshold ?? LOW_STOCK_LIMITS.defaultThreshold;
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > LOW_STOCK_LIMITS.maxThreshold) {
    throw new InventoryError(
      'INVALID_THRESHOLD',
      `threshold must be a whole number from 0 to 1,000,000, got ${threshold}`,
      'threshold',
    );
  }
  const locationIds = request.locationIds ?? null;
  if (locationIds && locationIds.length > LOW_STOCK_LIMITS.maxLocations) {
    throw new InventoryError(
      'TOO_MANY_LOCATIONS',
      `lowStockLevels takes at most ${LOW_STOCK_LIMITS.maxLocations} locationIds, got ${locationIds.length}`,
      'locationIds',
    );
  }
  return { threshold, locationIds };
}

/** Where a page of the low-stock list resumes: it is ordered by (available, sku, location). */
export interface LowStockPosition {
  available: number;
  sku: string;
  locationId: string;
}

/** The sort key a low-stock cursor carries. */
export function lowStockSortKey(level: StockLevel): string {
  return sortKey([available(level), level.sku, level.locationId]);
}

/** The position a sort key names, or null when it is not one `lowStockSortKey` made. */
export function parseLowStockSortKey(key: string | number): LowStockPosition | null {
  const values = sortKeyValues(key, 3);
  if (!values) return null;
  const [units, sku, locationId] = values;
  if (!Number.isSafeInteger(units) || typeof sku !== 'string' || typeof locationId !== 'string') return null;
  return { available: units as number, sku, locationId };
}
