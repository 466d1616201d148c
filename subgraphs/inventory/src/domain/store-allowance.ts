import { assertSku } from '@stockgraph/domain';
import { InventoryError } from './errors';

/**
 * Units of one sku set aside at a store's own location for the store to sell from when it
 * cannot reach the centre. They count in the level's `reserved`, so online orders and carts
 * can never take them; only the store's own sales consume them.
 */
export interface StoreAllowance {
  sku: string;
  locationId: string;
  quantity: number;
  /** Bumped on every change. */
  version: number;
  /** Epoch ms. */
  updatedAt: number;
}

/** How much of a sku a store asks to have set aside. */
export interface AllowanceTarget {
  sku: string;
  quantity: number;
}

/** Skus one call may size. */
export const MAX_ALLOWANCE_LINES = 1000;
/** The most units a store may keep aside of one sku. */
export const MAX_ALLOWANCE = 1_000_000;

/** Throws for a malformed request; nothing is read before this passes. */
export function validateAllowanceTargets(targets: readonly AllowanceTarget[], field: string): void {
  if (targets.length === 0) throw new InventoryError('EMPTY_REQUEST', 'give at least one sku to size', field);
  if (targets.length > MAX_ALLOWANCE_LINES) {
    throw new InventoryError(
      'TOO_MANY_LINES',
      `at most ${MAX_ALLOWANCE_LINES} skus per call, got ${targets.length}`,
      field,
    );
  }
  const seen = new Map<string, number>();
  targets.forEach((target, i) => {
    assertSku(target.sku, `${field}.${i}.sku`);
    const earlier = seen.get(target.sku);
    if (earlier !== undefined)
      throw new InventoryError(
        'DUPLICATE_LINE',
        `lines ${earlier} and ${i} both size ${target.sku}; give each sku once`,
        `${field}.${i}.sku`,
      );
    seen.set(target.sku, i);
    if (!Number.isInteger(target.quantity) || target.quantity < 0 || target.quantity > MAX_ALLOWANCE) {
      throw new InventoryError(
        'INVALID_QUANTITY',
        `an allowance is a whole number from 0 to ${MAX_ALLOWANCE}, got ${target.quantity}`,
        `${field}.${i}.quantity`,
      );
    }
  });
}

/**
 * The change that brings an allowance towards `target`: shrinking always succeeds; growing
 * takes only units that are free (`available`), so an allowance never takes a unit that
 * is held or sold — the store gets less than it asked for rather than stock that is not there.
 */
export function allowanceChange(current: number, target: number, available: number): number {
  return target <= current ? target - current : Math.min(target - current, available);
}
