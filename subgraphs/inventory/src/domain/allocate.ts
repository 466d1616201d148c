import { stockKey } from '@stockgraph/domain';
import { available, compareStockKeys, type StockQuantities } from './stock-level';

export type AllocationStrategy = 'priority' | 'most-stock';

export interface CandidateStock extends StockQuantities {
  sku: string;
  locationId: string;
  /** The location's allocation priority, lower first. */
  priority: number;
}

export interface DemandLine {
  index: number;
  sku: string;
  quantity: number;
  locationId: string | null;
}

/** Units to hold at one (sku, location). */
export interface Allocation {
  sku: string;
  locationId: string;
  quantity: number;
}

export interface Shortfall {
  index: number;
  sku: string;
  requested: number;
  /** What this line could still have had after the cart's other lines. */
  available: number;
}

export type AllocationResult = { ok: true; allocations: Allocation[] } | { ok: false; shortfalls: Shortfall[] };

/**
 * Decides where each line's units come from. Lines that name a location are served
 * there first; lines that do not are spread over the sku's locations in strategy order,
 * split when one location is not enough. Demand is summed per (sku, location), so two
 * lines of one cart can never count the same units twice. Allocations come out in
 * (sku, location) order, the order rows are written in.
 */
export function allocate(
  lines: readonly DemandLine[],
  stock: readonly CandidateStock[],
  strategy: AllocationStrategy,
): AllocationResult {
  const remaining = new Map<string, number>();
  for (const row of stock) remaining.set(stockKey(row.sku, row.locationId), available(row));

  const demand = new Map<string, Allocation>();
  const take = (sku: string, locationId: string, quantity: number) => {
    const key = stockKey(sku, locationId);
    remaining.set(key, (remaining.get(key) ?? 0) - quantity);
    const existing = demand.get(key);
    if (existing) existing.quantity += quantity;
    else demand.set(key, { sku, locationId, quantity });
  };

  const shortfalls: Shortfall[] = [];
  const pinnedFirst = [...lines].sort((a, b) => Number(a.locationId === null) - Number(b.locationId === null));
  for (const line of pinnedFirst) {
    if (line.locationId !== null) {
      const free = Math.max(0, remaining.get(stockKey(line.sku, line.locationId)) ?? 0);
      if (free < line.quantity)
        shortfalls.push({ index: line.index, sku: line.sku, requested: line.quantity, available: free });
      else take(line.sku, line.locationId, line.quantity);
      continue;
    }
    const candidates = order(
      stock.filter((row) => row.sku === line.sku),
      strategy,
      (row) => remaining.get(stockKey(row.sku, row.locationId)) ?? 0,
    );
    const free = candidates.reduce(
      (sum, row) => sum + Math.max(0, remaining.get(stockKey(row.sku, row.locationId)) ?? 0),
      0,
    );
    if (free < line.quantity) {
      shortfalls.push({ index: line.index, sku: line.sku, requested: line.quantity, available: free });
      continue;
    }
    let left = line.quantity;
    for (const row of candidates) {
      if (left === 0) break;
      const here = Math.min(left, Math.max(0, remaining.get(stockKey(row.sku, row.locationId)) ?? 0));
      if (here > 0) {
        take(row.sku, row.locationId, here);
        left -= here;
      }
    }
  }
  if (shortfalls.length > 0) return { ok: false, shortfalls: shortfalls.sort((a, b) => a.index - b.index) };
  return { ok: true, allocations: [...demand.values()].sort(compareStockKeys) };
}

function order(
  rows: CandidateStock[],
  strategy: AllocationStrategy,
  free: (row: CandidateStock) => number,
): CandidateStock[] {
  const byId = (a: CandidateStock, b: CandidateStock) =>
    a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0;
  return strategy === 'priority'
    ? rows.sort((a, b) => a.priority - b.priority || byId(a, b))
    : rows.sort((a, b) => free(b) - free(a) || a.priority - b.priority || byId(a, b));
}
