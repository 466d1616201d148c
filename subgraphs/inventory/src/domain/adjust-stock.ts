import { InventoryError, userError, type UserError } from './errors';
import { assertSku } from '@stockgraph/domain';
import { assertReference } from './reserve-request';
import { committed, type StockDelta, type StockQuantities } from './stock-level';

export const ADJUSTMENT_REASONS = [
  'received',
  'restock',
  'correction',
  'cycle_count',
  'damaged',
  'shrinkage',
  'promotion',
  'other',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** Which quantity an adjustment changes. */
export type AdjustedQuantity = 'ON_HAND' | 'SAFETY_STOCK';

export interface AdjustStockRequest {
  sku: string;
  locationId: string;
  quantity?: AdjustedQuantity | null;
  /** Exactly one of `delta` and `set`. */
  delta?: number | null;
  set?: number | null;
  /** Compare-and-set: apply only if the quantity is still this. */
  changeFrom?: number | null;
  reason: AdjustmentReason;
  reference?: string | null;
}

const LIMIT = 1_000_000_000;

/** Throws for malformed adjustments; nothing is read before this passes. */
export function validateAdjustRequest(request: AdjustStockRequest, field = 'input'): void {
  assertSku(request.sku, `${field}.sku`);
  const hasDelta = request.delta != null;
  const hasSet = request.set != null;
  if (hasDelta === hasSet) {
    throw new InventoryError('INVALID_ADJUSTMENT', 'give exactly one of delta (change by) and set (change to)', field);
  }
  const value = (hasDelta ? request.delta : request.set) as number;
  if (!Number.isInteger(value) || Math.abs(value) > LIMIT || (hasSet && value < 0) || (hasDelta && value === 0)) {
    throw new InventoryError(
      'INVALID_QUANTITY',
      hasSet
        ? `set must be a whole number from 0 to ${LIMIT}, got ${value}`
        : `delta must be a non-zero whole number within ±${LIMIT}, got ${value}`,
      `${field}.${hasDelta ? 'delta' : 'set'}`,
    );
  }
  if (request.changeFrom != null && (!Number.isInteger(request.changeFrom) || request.changeFrom < 0)) {
    throw new InventoryError(
      'INVALID_QUANTITY',
      'changeFrom must be a whole number of at least 0',
      `${field}.changeFrom`,
    );
  }
  assertReference(request.reference, `${field}.reference`);
  if (request.reference != null && !isUri(request.reference)) {
    throw new InventoryError(
      'INVALID_REFERENCE',
      `reference must be a URI naming the source document, such as urn:receiving-note:4711 or https://wms.example/notes/4711`,
      `${field}.reference`,
    );
  }
}

/** An absolute URI: a scheme, a colon, and something after it. */
function isUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(value);
}

/**
 * The change an adjustment makes to the current quantities, or the user error that
 * stops it: a stale `changeFrom`, or a result below zero or below what is reserved
 * (on-hand units held for carts cannot vanish from under them).
 */
export function planAdjustment(
  current: StockQuantities,
  request: AdjustStockRequest,
  field = 'input',
): { ok: true; delta: StockDelta } | { ok: false; error: UserError } {
  const target = request.quantity ?? 'ON_HAND';
  const now = target === 'ON_HAND' ? current.onHand : current.safetyStock;
  if (request.changeFrom != null && request.changeFrom !== now) {
    return {
      ok: false,
      error: userError(
        'CHANGE_FROM_STALE',
        `${target === 'ON_HAND' ? 'onHand' : 'safetyStock'} of ${request.sku} at ${request.locationId} is ${now}, not ${request.changeFrom}; read it again and retry`,
        `${field}.changeFrom`,
      ),
    };
  }
  const next = request.set ?? now + (request.delta ?? 0);
  const change = next - now;
  if (target === 'ON_HAND' && next < committed(current)) {
    return {
      ok: false,
      error: userError(
        'ADJUSTMENT_OUT_OF_RANGE',
        `onHand of ${request.sku} at ${request.locationId} cannot go to ${next}: ${committed(current)} units are reserved, damaged or in quality control`,
        `${field}.${request.set != null ? 'set' : 'delta'}`,
      ),
    };
  }
  if (next < 0) {
    return {
      ok: false,
      error: userError(
        'ADJUSTMENT_OUT_OF_RANGE',
        `safetyStock of ${request.sku} at ${request.locationId} cannot go below 0 (would be ${next})`,
        `${field}.${request.set != null ? 'set' : 'delta'}`,
      ),
    };
  }
  return {
    ok: true,
    delta:
      target === 'ON_HAND'
        ? { onHand: change, reserved: 0, safetyStock: 0 }
        : { onHand: 0, reserved: 0, safetyStock: change },
  };
}

/** What makes two adjustments "the same" for an idempotency key. */
export function adjustRequestIdentity(request: AdjustStockRequest): unknown {
  return {
    sku: request.sku,
    locationId: request.locationId,
    quantity: request.quantity ?? 'ON_HAND',
    delta: request.delta ?? null,
    set: request.set ?? null,
    changeFrom: request.changeFrom ?? null,
    reason: request.reason,
    reference: request.reference ?? null,
  };
}
