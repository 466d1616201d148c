import { serviceErrors, type UserError as SharedUserError } from '@stockgraph/domain';

/** Outcomes a caller should handle; they come back in a payload's `userErrors`. */
export const ORDER_USER_ERROR_CODES = [
  'INSUFFICIENT_STOCK',
  'RESERVATION_EXPIRED',
  'RESERVATION_RELEASED',
  'ORDER_ALREADY_CONFIRMED',
  'ORDER_NOT_CONFIRMABLE',
  'ORDER_NOT_CANCELLABLE',
  /** A payment in flight would keep the order's hold past the longest a hold may last: pay now, or order again. */
  'HOLD_LIFETIME_EXCEEDED',
] as const;

export type OrderUserErrorCode = (typeof ORDER_USER_ERROR_CODES)[number];

/** True when `code` (read from a stored row or an event) is one of ours. */
export function isOrderUserErrorCode(code: string): code is OrderUserErrorCode {
  return (ORDER_USER_ERROR_CODES as readonly string[]).includes(code);
}

/** Bad input and missing things, raised as GraphQL errors. */
export type OrderErrorCode =
  | 'ORDER_NOT_FOUND'
  | 'UNKNOWN_SKU'
  | 'INVALID_QUANTITY'
  | 'INVALID_CUSTOMER'
  | 'INVALID_REFERENCE'
  | 'INVALID_PAYMENT_REFERENCE'
  | 'INVALID_REASON'
  | 'EMPTY_ORDER'
  | 'DUPLICATE_LINE'
  | 'TOO_MANY_LINES'
  | 'PRODUCT_UNAVAILABLE'
  | 'MIXED_CURRENCIES'
  | 'ORDER_IN_FLIGHT';

const errors = serviceErrors<OrderErrorCode, OrderUserErrorCode>();

/** Bad input and missing things: thrown, and raised as a GraphQL error with its code. */
export const OrderError = errors.ServiceError;
export type OrderError = InstanceType<typeof OrderError>;

/** A business outcome reported in a payload's `userErrors`. */
export type UserError = SharedUserError<OrderUserErrorCode>;
export const userError = errors.userError;
