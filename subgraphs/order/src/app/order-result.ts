import { UnreachableCaseError } from '@stockgraph/domain';
import { userError, type UserError } from '../domain/errors';
import type { Order } from '../domain/order';
import { orderFromRecord, type OrderRecord, toOrderRecord } from '../domain/order-record';
import type { InventoryUserError } from '../infra/clients/inventory.client';

/** What an order mutation answers: the order as it now stands and the outcomes to handle. */
export interface OrderResult {
  order: Order;
  userErrors: UserError[];
}

/** The answer for an order as it stands: an order that ended badly says why. */
export function resultOf(order: Order): OrderResult {
  switch (order.status) {
    case 'FAILED':
    case 'EXPIRED':
      return { order, userErrors: [order.failure] };
    case 'PENDING':
    case 'RESERVED':
    case 'CONFIRMED':
    case 'CANCELLED':
      return { order, userErrors: [] };
    default:
      throw new UnreachableCaseError(order);
  }
}

/** placeOrder's answer as stored with the order; the order in the flat record shape, as it always was. */
export function storedResult(result: OrderResult): string {
  return JSON.stringify({ order: toOrderRecord(result.order), userErrors: result.userErrors });
}

/** placeOrder's answer read back from what `storedResult` wrote. */
export function parseStoredResult(stored: string): OrderResult {
  const parsed = JSON.parse(stored) as { order: OrderRecord; userErrors: UserError[] };
  return { order: orderFromRecord(parsed.order), userErrors: parsed.userErrors };
}

const PASSED_THROUGH = new Set<string>([
  'INSUFFICIENT_STOCK',
  'RESERVATION_EXPIRED',
  'RESERVATION_RELEASED',
  'INVALID_CUSTOMER',
  'INVALID_QUANTITY',
  'INVALID_REFERENCE',
  'HOLD_LIFETIME_EXCEEDED',
]);

/** Inventory's user error in the order's terms: the codes a shopper can act on pass through, the rest read as no stock. */
export function toOrderError(problem: InventoryUserError): UserError {
  const code = PASSED_THROUGH.has(problem.code) ? (problem.code as UserError['code']) : 'INSUFFICIENT_STOCK';
  // Inventory was sent the order's lines in order, so its field paths name the same lines.
  return userError(code, problem.message, problem.field);
}
