import { stockKey } from '@stockgraph/domain';
import type { StockDelta, StockQuantities } from './stock-level';
import { userError, type UserError } from './errors';

/**
 * The most units any stored or summed quantity may reach. The schema exposes onHand,
 * reserved, safetyStock, available (per level and summed over a sku's locations), ledger
 * deltas and stock-change quantities as GraphQL `Int`, which is 32-bit signed: one value
 * past this makes the field, and with it every list that holds it, fail to serialise (and
 * the MariaDB `INT` columns refuse it). Keeping the sum of onHand over all locations of a
 * sku within it keeps every one of them in range, since reserved ≤ onHand,
 * available ≤ onHand and every per-location or per-region figure is part of that sum; a
 * ledger or stock-change delta is the difference of two such values, so it stays within
 * ±MAX_STOCK_QUANTITY too. Safety stock is not summed anywhere; it is bounded per level.
 */
export const MAX_STOCK_QUANTITY = 2_147_483_647;

/** Sum of onHand per sku over the given levels (pass every location of each sku). */
export function skuOnHandTotals(
  levels: ReadonlyArray<{ sku: string } & Pick<StockQuantities, 'onHand'>>,
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const level of levels) totals.set(level.sku, (totals.get(level.sku) ?? 0) + level.onHand);
  return totals;
}

/** A planned change of one stock level, as the bound sees it. */
export interface BoundedChange {
  sku: string;
  locationId: string;
  delta: StockDelta;
  /** The level's quantities before the change. */
  before: StockQuantities;
  /** Input path the change came from, for the user error. */
  field: string;
}

/**
 * User errors (ADJUSTMENT_OUT_OF_RANGE) for an all-or-nothing set of changes that would
 * leave a sku's onHand summed over its locations, or one level's safety stock, above
 * MAX_STOCK_QUANTITY. `totals` are the sums before the changes, read under the lock that
 * the changes are written under. A sku whose total does not grow is never refused, so
 * stock that is already out of range (written before this rule) can still be brought down.
 */
export function adjustmentBoundErrors(
  totals: ReadonlyMap<string, number>,
  changes: readonly BoundedChange[],
): UserError[] {
  const errors: UserError[] = [];
  const growth = new Map<string, number>();
  for (const change of changes) growth.set(change.sku, (growth.get(change.sku) ?? 0) + change.delta.onHand);
  for (const change of changes) {
    const before = totals.get(change.sku) ?? 0;
    const after = before + (growth.get(change.sku) ?? 0);
    if (change.delta.onHand > 0 && after > before && after > MAX_STOCK_QUANTITY) {
      errors.push(
        userError(
          'ADJUSTMENT_OUT_OF_RANGE',
          `onHand of ${change.sku} over all locations would be ${after}, above the limit of ${MAX_STOCK_QUANTITY}; at most ${Math.max(0, MAX_STOCK_QUANTITY - before)} more can be added`,
          change.field,
        ),
      );
    }
    const safetyAfter = change.before.safetyStock + change.delta.safetyStock;
    if (change.delta.safetyStock > 0 && safetyAfter > MAX_STOCK_QUANTITY) {
      errors.push(
        userError(
          'ADJUSTMENT_OUT_OF_RANGE',
          `safetyStock of ${change.sku} at ${change.locationId} would be ${safetyAfter}, above the limit of ${MAX_STOCK_QUANTITY}`,
          change.field,
        ),
      );
    }
  }
  return errors;
}

/** A proposed onHand change of one level, among others that may each be taken or left. */
export interface ProposedOnHandChange {
  sku: string;
  /** New onHand minus current onHand. */
  onHandChange: number;
}

/**
 * Of independent onHand changes (warehouse counts: each applies or not on its own), the
 * ones to refuse so that no sku's total over its locations ends above MAX_STOCK_QUANTITY.
 * Decreases are taken first, since they only make room; increases then in the given order
 * while they fit. `totals` are the sums before the changes, read under the same lock.
 */
export function refuseOverBound<T extends ProposedOnHandChange>(
  totals: ReadonlyMap<string, number>,
  proposals: readonly T[],
): Array<{ proposal: T; total: number }> {
  const running = new Map(totals);
  for (const proposal of proposals) {
    if (proposal.onHandChange <= 0) running.set(proposal.sku, (running.get(proposal.sku) ?? 0) + proposal.onHandChange);
  }
  const refused: Array<{ proposal: T; total: number }> = [];
  for (const proposal of proposals) {
    if (proposal.onHandChange <= 0) continue;
    const total = (running.get(proposal.sku) ?? 0) + proposal.onHandChange;
    if (total > MAX_STOCK_QUANTITY) refused.push({ proposal, total });
    else running.set(proposal.sku, total);
  }
  return refused;
}

/** Why a count was refused by the bound, for a dead letter or an error message. */
export function overBoundDetail(sku: string, locationId: string, onHand: number, total: number): string {
  return `counting ${onHand} of ${sku} at ${locationId} would make its onHand over all locations ${total}, above the limit of ${MAX_STOCK_QUANTITY}`;
}

/**
 * Of counts about to be submitted (absolute onHand per sku and location), the ones that
 * would take a sku's total over its locations past MAX_STOCK_QUANTITY if applied, given the
 * current levels of those skus (every location). Where a submission counts one location
 * twice, the larger count stands for both, so no order of application can break the bound.
 * Returns the indexes of the refused counts with the total each would make.
 */
export function countsOverBound(
  levels: ReadonlyArray<{ sku: string; locationId: string; onHand: number }>,
  counts: ReadonlyArray<{ sku: string; locationId: string; onHand: number }>,
): Array<{ index: number; total: number }> {
  const onHandAt = new Map(levels.map((level) => [stockKey(level.sku, level.locationId), level.onHand]));
  const largest = new Map<string, { index: number; sku: string; onHandChange: number }>();
  counts.forEach((count, index) => {
    const key = stockKey(count.sku, count.locationId);
    const onHandChange = count.onHand - (onHandAt.get(key) ?? 0);
    const seen = largest.get(key);
    if (!seen || onHandChange > seen.onHandChange) largest.set(key, { index, sku: count.sku, onHandChange });
  });
  const refused = refuseOverBound(
    skuOnHandTotals(levels),
    [...largest.values()].sort((a, b) => a.index - b.index),
  );
  return refused.map(({ proposal, total }) => ({ index: proposal.index, total }));
}
