import { textProblem, UnreachableCaseError } from '@stockgraph/domain';
import { OrderError, type UserError, userError } from './errors';

/** What every order has, whatever its status. */
interface OrderBase {
  id: string;
  customerId: string;
  reference: string | null;
  currency: string;
  lines: OrderLine[];
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

/** What an order has from the moment inventory held its stock, kept after the hold ends as the record of it. */
interface HeldStock {
  reservationId: string;
  /** When inventory lets the hold go unless the order is confirmed, epoch ms. */
  holdExpiresAt: number;
  /**
   * Noted before inventory is asked to confirm, so it may be set on an order still RESERVED
   * (or ended otherwise); null on a CONFIRMED order only when inventory confirmed the hold
   * and the order merely heard of it.
   */
  paymentReference: string | null;
}

/** Saved, stock not yet held. */
export interface PendingOrder extends OrderBase {
  status: 'PENDING';
}

/** Stock held until the hold expires. */
export interface ReservedOrder extends OrderBase, HeldStock {
  status: 'RESERVED';
}

/** Paid, stock sold. */
export interface ConfirmedOrder extends OrderBase, HeldStock {
  status: 'CONFIRMED';
}

/** Ended with its hold released: by the shopper (no failure) or in inventory (why, in `failure`). */
export interface CancelledOrder extends OrderBase, HeldStock {
  status: 'CANCELLED';
  failure: UserError | null;
}

/** The hold ran out before payment. */
export interface ExpiredOrder extends OrderBase, HeldStock {
  status: 'EXPIRED';
  failure: UserError;
}

/** Stock could not be held; nothing was. */
export interface FailedOrder extends OrderBase {
  status: 'FAILED';
  failure: UserError;
}

/**
 * An order by status: PENDING → RESERVED → CONFIRMED, or CANCELLED, EXPIRED or FAILED
 * (all final). Only the statuses reached through a hold carry its reservation.
 */
export type Order = PendingOrder | ReservedOrder | ConfirmedOrder | CancelledOrder | ExpiredOrder | FailedOrder;

export type OrderStatus = Order['status'];

export interface OrderLine {
  sku: string;
  quantity: number;
  /** Minor units, taken from the catalog when the order was placed. */
  unitPrice: number;
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

/** The order's total in minor units of its currency. */
export function orderTotal(order: Pick<Order, 'lines'>): number {
  return order.lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0);
}

/** Why an order is refused a change: a business outcome for the caller, not bad input. */
export type Refusal = { kind: 'refuse'; error: UserError };

/** What confirming an order in its current status means; `confirm` carries the order narrowed to RESERVED. */
export function decideConfirmOrder(
  order: Order,
): { kind: 'confirm'; order: ReservedOrder } | { kind: 'done' } | Refusal {
  switch (order.status) {
    case 'RESERVED':
      return { kind: 'confirm', order };
    case 'CONFIRMED':
      return { kind: 'done' };
    case 'PENDING':
      throw inFlight(order);
    case 'EXPIRED':
      // The same answer whether the expiry event or this confirm reached the order first.
      return {
        kind: 'refuse',
        error: userError(
          'RESERVATION_EXPIRED',
          `the stock held for order ${order.id} expired before payment; place the order again`,
          'id',
        ),
      };
    case 'CANCELLED':
    case 'FAILED':
      return {
        kind: 'refuse',
        error: userError(
          'ORDER_NOT_CONFIRMABLE',
          `order ${order.id} is ${order.status} and can no longer be confirmed`,
          'id',
        ),
      };
    default:
      throw new UnreachableCaseError(order);
  }
}

/**
 * What cancelling an order in its current status means; `cancel` carries the order narrowed
 * to RESERVED. Cancelling a cancelled order is a no-op.
 */
export function decideCancelOrder(order: Order): { kind: 'cancel'; order: ReservedOrder } | { kind: 'done' } | Refusal {
  switch (order.status) {
    case 'PENDING':
      // Its stock may be held by now; cancelling before that is known could strand the hold.
      throw inFlight(order);
    case 'RESERVED':
      return { kind: 'cancel', order };
    case 'CANCELLED':
      return { kind: 'done' };
    case 'CONFIRMED':
      return {
        kind: 'refuse',
        error: userError(
          'ORDER_ALREADY_CONFIRMED',
          `order ${order.id} is confirmed; refund it instead of cancelling`,
          'id',
        ),
      };
    case 'EXPIRED':
    case 'FAILED':
      return {
        kind: 'refuse',
        error: userError(
          'ORDER_NOT_CANCELLABLE',
          `order ${order.id} is ${order.status}; there is nothing to cancel`,
          'id',
        ),
      };
    default:
      throw new UnreachableCaseError(order);
  }
}

function inFlight(order: PendingOrder): OrderError {
  return new OrderError(
    'ORDER_IN_FLIGHT',
    `order ${order.id} is still being placed; retry in a moment`,
    'id',
    'CONFLICT',
  );
}

/** How placing an order ends: inventory held its stock, or could not. */
export type PlacingOutcome =
  { kind: 'reserved'; reservationId: string; holdExpiresAt: number } | { kind: 'failed'; failure: UserError };

/** The PENDING order once placing it ended as `outcome`, at `at` (epoch ms). */
export function endPlacing(order: PendingOrder, outcome: PlacingOutcome, at: number): ReservedOrder | FailedOrder {
  switch (outcome.kind) {
    case 'reserved':
      return {
        ...order,
        status: 'RESERVED',
        reservationId: outcome.reservationId,
        holdExpiresAt: outcome.holdExpiresAt,
        paymentReference: null,
        updatedAt: at,
      };
    case 'failed':
      return { ...order, status: 'FAILED', failure: outcome.failure, updatedAt: at };
    default:
      throw new UnreachableCaseError(outcome);
  }
}

/** How an order's hold ends, and what the order records of it. */
export type HoldEnding =
  /** `paymentReference` null: keep the one noted on the order (inventory confirmed, the order only heard). */
  | { to: 'CONFIRMED'; paymentReference: string | null; failure: null }
  | { to: 'CANCELLED'; failure: UserError | null }
  | { to: 'EXPIRED'; failure: UserError };

/** The RESERVED order once its hold ended as `ending`, at `at` (epoch ms). */
export function endHold(
  order: ReservedOrder,
  ending: HoldEnding,
  at: number,
): ConfirmedOrder | CancelledOrder | ExpiredOrder {
  switch (ending.to) {
    case 'CONFIRMED':
      return {
        ...order,
        status: 'CONFIRMED',
        paymentReference: ending.paymentReference ?? order.paymentReference,
        updatedAt: at,
      };
    case 'CANCELLED':
      return { ...order, status: 'CANCELLED', failure: ending.failure, updatedAt: at };
    case 'EXPIRED':
      return { ...order, status: 'EXPIRED', failure: ending.failure, updatedAt: at };
    default:
      throw new UnreachableCaseError(ending);
  }
}

/** Inventory's final word on a hold, from its events or asked directly. */
export type HoldOutcome = 'CONFIRMED' | 'RELEASED' | 'EXPIRED';

/** What inventory settling a hold does to the order waiting on it (narrowed to RESERVED), and why. */
export type HoldSettlement = HoldEnding & { order: ReservedOrder; cause: string };

/**
 * What inventory settling an order's hold means for the order: only a RESERVED order
 * waiting on that very hold moves; anything else has already moved on (or is about
 * something else) and stays as it is.
 */
export function decideHoldOutcome(order: Order, reservationId: string, outcome: HoldOutcome): HoldSettlement | null {
  if (order.status !== 'RESERVED' || order.reservationId !== reservationId) return null;
  switch (outcome) {
    case 'CONFIRMED':
      return { order, to: 'CONFIRMED', cause: 'inventory confirmed the hold', paymentReference: null, failure: null };
    case 'RELEASED':
      return {
        order,
        to: 'CANCELLED',
        cause: 'the hold was released in inventory',
        failure: userError('RESERVATION_RELEASED', `the stock held for order ${order.id} was released`, 'id'),
      };
    case 'EXPIRED':
      return {
        order,
        to: 'EXPIRED',
        cause: 'the hold expired before payment',
        failure: userError('RESERVATION_EXPIRED', `the stock held for order ${order.id} expired before payment`, 'id'),
      };
    default:
      throw new UnreachableCaseError(outcome);
  }
}

/** How far along the lifecycle a status is; a status is never reached twice, so later ranks are newer news. */
export function statusRank(status: OrderStatus): number {
  switch (status) {
    case 'PENDING':
      return 0;
    case 'RESERVED':
      return 1;
    case 'CONFIRMED':
    case 'CANCELLED':
    case 'EXPIRED':
    case 'FAILED':
      return 2;
    default:
      throw new UnreachableCaseError(status);
  }
}

/** The idempotency key the order service uses for its calls to inventory on behalf of an order. */
/** The longest payment reference a payment provider's id needs. */
const MAX_PAYMENT_REFERENCE = 200;

/** Refuses a payment reference that is blank, too long or holds control characters. */
export function requirePaymentReference(paymentReference: string): void {
  const problem = textProblem(paymentReference, MAX_PAYMENT_REFERENCE);
  if (problem !== null)
    throw new OrderError('INVALID_PAYMENT_REFERENCE', `paymentReference ${problem}`, 'paymentReference');
}

export const inventoryKeys = {
  reserve: (orderId: string) => `order:${orderId}:reserve`,
  confirm: (orderId: string) => `order:${orderId}:confirm`,
};
