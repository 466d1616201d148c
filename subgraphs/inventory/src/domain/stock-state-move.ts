import { assertSku } from '@stockgraph/domain';
import { InventoryError, userError, type UserError } from './errors';
import { assertReference } from './reserve-request';
import { applyDelta, type StockDelta, type StockLevel } from './stock-level';

/** Where units on hand can be: sellable, damaged, in quality control; and out of stock for good (written off). */
export const STOCK_STATE_NAMES = ['SELLABLE', 'DAMAGED', 'QUALITY_CONTROL', 'WRITTEN_OFF'] as const;
export type StockStateName = (typeof STOCK_STATE_NAMES)[number];

/** Why units change state; kept in the ledger. */
export const STATE_MOVE_REASONS = [
  'inspection',
  'transport_damage',
  'customer_return',
  'expired',
  'repaired',
  'quality_passed',
  'quality_failed',
  'other',
] as const;
export type StateMoveReason = (typeof STATE_MOVE_REASONS)[number];

export interface StateMoveRequest {
  sku: string;
  locationId: string;
  quantity: number;
  from: Exclude<StockStateName, 'WRITTEN_OFF'>;
  to: StockStateName;
  reason: StateMoveReason;
  reference?: string | null;
}

const MAX_QUANTITY = 1_000_000_000;

/** Throws for a malformed move; nothing is read before this passes. */
export function validateStateMove(request: StateMoveRequest, field = 'input'): void {
  assertSku(request.sku, `${field}.sku`);
  if (!Number.isInteger(request.quantity) || request.quantity < 1 || request.quantity > MAX_QUANTITY)
    throw new InventoryError(
      'INVALID_QUANTITY',
      `quantity must be a whole number from 1 to ${MAX_QUANTITY}, got ${request.quantity}`,
      `${field}.quantity`,
    );
  if ((request.from as StockStateName) === request.to)
    throw new InventoryError(
      'INVALID_STATE_MOVE',
      `units are already ${request.to}: name two different states`,
      `${field}.to`,
    );
  if (request.from === 'SELLABLE' && request.to === 'WRITTEN_OFF')
    throw new InventoryError(
      'INVALID_STATE_MOVE',
      'sellable units leave stock by adjustStock (with a reason such as shrinkage); write off damaged or quality-control units here',
      `${field}.to`,
    );
  assertReference(request.reference, `${field}.reference`);
}

const FIELD = { DAMAGED: 'damaged', QUALITY_CONTROL: 'qualityControl' } as const;

/** What moving `quantity` units between two states does to a level's quantities. */
export function stateMoveDelta(request: Pick<StateMoveRequest, 'from' | 'to' | 'quantity'>): StockDelta {
  const delta: StockDelta = { onHand: 0, reserved: 0, safetyStock: 0 };
  if (request.from !== 'SELLABLE') delta[FIELD[request.from]] = -request.quantity;
  if (request.to === 'WRITTEN_OFF') delta.onHand = -request.quantity;
  else if (request.to !== 'SELLABLE') delta[FIELD[request.to]] = (delta[FIELD[request.to]] ?? 0) + request.quantity;
  return delta;
}

/**
 * The move's delta, or why the level cannot make it: sellable units are those on hand not
 * held for carts, damaged or in quality control (the safety buffer is a policy, not a
 * shelf: a damaged unit may come from it); a state gives up at most what it holds.
 */
export function planStateMove(
  level: StockLevel,
  request: StateMoveRequest,
  field = 'input',
): { ok: true; delta: StockDelta } | { ok: false; error: UserError } {
  const delta = stateMoveDelta(request);
  const after = applyDelta(level, delta);
  const sound = level.onHand - level.reserved - level.damaged - level.qualityControl;
  const held = request.from === 'SELLABLE' ? sound : level[FIELD[request.from]];
  if (
    after.damaged < 0 ||
    after.qualityControl < 0 ||
    after.onHand < after.reserved + after.damaged + after.qualityControl
  )
    return {
      ok: false,
      error: userError(
        'INSUFFICIENT_STOCK',
        `only ${Math.max(0, held)} units of ${request.sku} at ${request.locationId} are ${request.from === 'SELLABLE' ? 'sellable and not held for carts' : request.from.toLowerCase().replace('_', ' ')}; ${request.quantity} asked to move`,
        `${field}.quantity`,
      ),
    };
  return { ok: true, delta };
}
