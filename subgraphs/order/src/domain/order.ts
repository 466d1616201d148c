import { assertSku } from '@stockgraph/shared/domain';
import { OrderError, UserError, userError } from './errors';

/**
 * PENDING: saved, stock not yet held. RESERVED: stock held until the hold expires.
 * CONFIRMED: paid, stock sold. CANCELLED, EXPIRED (hold ran out) and FAILED (stock could
 * not be held) are final.
 */
export type OrderStatus = 'PENDING' | 'RESERVED' | 'CONFIRMED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';

export interface OrderLine {
  sku: string;
  quantity: number;
  /** Minor units, taken from the catalog when the order was placed. */
  unitPrice: number;
}

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  reference: string | null;
  currency: string;
  lines: OrderLine[];
  reservationId: string | null;
  /** When inventory lets the hold go unless the order is confirmed, epoch ms. */
  holdExpiresAt: number | null;
  paymentReference: string | null;
  /** Why the order failed, for FAILED and EXPIRED orders. */
  failure: UserError | null;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

/** One status change and its cause. */
export interface OrderEvent {
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  cause: string;
  /** Epoch ms. */
  at: number;
}

export interface PlaceOrderRequest {
  customerId: string;
  lines: Array<{ sku: string; quantity: number }>;
  reference?: string | null;
}

export const MAX_ORDER_LINES = 100;
const MAX_QUANTITY = 100_000;

/** Checks an order before any other service is asked anything. */
export function validatePlaceOrder(request: PlaceOrderRequest): void {
  const customer = request.customerId.trim();
  if (customer.length === 0 || customer.length > 128) {
    throw new OrderError('INVALID_CUSTOMER', 'customerId must be 1 to 128 characters', 'input.customerId');
  }
  if (request.lines.length === 0) throw new OrderError('EMPTY_ORDER', 'an order needs at least one line', 'input.lines');
  if (request.lines.length > MAX_ORDER_LINES) {
    throw new OrderError('TOO_MANY_LINES', `an order may have at most ${MAX_ORDER_LINES} lines`, 'input.lines');
  }
  const seen = new Map<string, number>();
  request.lines.forEach((line, index) => {
    assertSku(line.sku, `input.lines.${index}.sku`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      throw new OrderError(
        'INVALID_QUANTITY',
        `quantity must be a whole number from 1 to ${MAX_QUANTITY}, got ${line.quantity}`,
        `input.lines.${index}.quantity`,
      );
    }
    const earlier = seen.get(line.sku);
    if (earlier !== undefined) {
      throw new OrderError(
        'DUPLICATE_LINE',
        `lines ${earlier} and ${index} are both ${line.sku}; send one line with the total quantity`,
        `input.lines.${index}`,
      );
    }
    seen.set(line.sku, index);
  });
  if (request.reference != null && request.reference.length > 500) {
    throw new OrderError('INVALID_REFERENCE', 'reference must be at most 500 characters', 'input.reference');
  }
}

export function orderTotal(order: Pick<Order, 'lines'>): number {
  return order.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
}

/** What confirming an order in its current status means. */
export function decideConfirmOrder(order: Order): { kind: 'confirm' } | { kind: 'done' } | { kind: 'refuse'; error: UserError } {
  switch (order.status) {
    case 'RESERVED':
      return { kind: 'confirm' };
    case 'CONFIRMED':
      return { kind: 'done' };
    case 'PENDING':
      throw new OrderError('ORDER_IN_FLIGHT', `order ${order.id} is still being placed; retry in a moment`, 'id', 'CONFLICT');
    case 'EXPIRED':
      // The same answer whether the expiry event or this confirm reached the order first.
      return {
        kind: 'refuse',
        error: userError('RESERVATION_EXPIRED', `the stock held for order ${order.id} expired before payment; place the order again`, 'id'),
      };
    default:
      return {
        kind: 'refuse',
        error: userError('ORDER_NOT_CONFIRMABLE', `order ${order.id} is ${order.status} and can no longer be confirmed`, 'id'),
      };
  }
}

/** What cancelling an order in its current status means. Cancelling a cancelled order is a no-op. */
export function decideCancelOrder(
  order: Order,
): { kind: 'cancel' } | { kind: 'done' } | { kind: 'refuse'; error: UserError } {
  switch (order.status) {
    case 'PENDING':
      // Its stock may be held by now; cancelling before that is known could strand the hold.
      throw new OrderError('ORDER_IN_FLIGHT', `order ${order.id} is still being placed; retry in a moment`, 'id', 'CONFLICT');
    case 'RESERVED':
      return { kind: 'cancel' };
    case 'CANCELLED':
      return { kind: 'done' };
    case 'CONFIRMED':
      return {
        kind: 'refuse',
        error: userError('ORDER_ALREADY_CONFIRMED', `order ${order.id} is confirmed; refund it instead of cancelling`, 'id'),
      };
    default:
      return {
        kind: 'refuse',
        error: userError('ORDER_NOT_CANCELLABLE', `order ${order.id} is ${order.status}; there is nothing to cancel`, 'id'),
      };
  }
}

/** Inventory's final word on a hold, from its events or asked directly. */
export type HoldOutcome = 'CONFIRMED' | 'RELEASED' | 'EXPIRED';

export interface HoldSettlement {
  to: OrderStatus;
  cause: string;
  failure: UserError | null;
}

/**
 * What inventory settling an order's hold means for the order: only a RESERVED order
 * waiting on that very hold moves; anything else has already moved on (or is about
 * something else) and stays as it is.
 */
export function decideHoldOutcome(order: Order, reservationId: string, outcome: HoldOutcome): HoldSettlement | null {
  if (order.status !== 'RESERVED' || order.reservationId !== reservationId) return null;
  switch (outcome) {
    case 'CONFIRMED':
      return { to: 'CONFIRMED', cause: 'inventory confirmed the hold', failure: null };
    case 'RELEASED':
      return {
        to: 'CANCELLED',
        cause: 'the hold was released in inventory',
        failure: userError('RESERVATION_RELEASED', `the stock held for order ${order.id} was released`, 'id'),
      };
    case 'EXPIRED':
      return {
        to: 'EXPIRED',
        cause: 'the hold expired before payment',
        failure: userError('RESERVATION_EXPIRED', `the stock held for order ${order.id} expired before payment`, 'id'),
      };
  }
}

/** How far along the lifecycle a status is; a status is never reached twice, so later ranks are newer news. */
export function statusRank(status: OrderStatus): number {
  return status === 'PENDING' ? 0 : status === 'RESERVED' ? 1 : 2;
}

/** The idempotency key the order service uses for its calls to inventory on behalf of an order. */
export const inventoryKeys = {
  reserve: (orderId: string) => `order:${orderId}:reserve`,
  confirm: (orderId: string) => `order:${orderId}:confirm`,
};
