import {
  DomainError,
  type ErrorCategory,
  type UserError as SharedUserError,
  userError as sharedUserError,
} from '@stockgraph/domain';

/** Outcomes a caller should handle; they come back in a payload's `userErrors`. */
export const ORDER_USER_ERROR_CODES = [
  'INSUFFICIENT_STOCK',
  'RESERVATION_EXPIRED',
  'RESERVATION_RELEASED',
  'ORDER_ALREADY_CONFIRMED',
  'ORDER_NOT_CONFIRMABLE',
  'ORDER_NOT_CANCELLABLE',
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

export class OrderError extends DomainError<OrderErrorCode> {
  constructor(code: OrderErrorCode, message: string, field?: string, category: ErrorCategory = 'BAD_USER_INPUT') {
    super(code, message, field, category);
  }
}

/** A business outcome reported in a payload's `userErrors`. */
export type UserError = SharedUserError<OrderUserErrorCode>;

export const userError = (code: OrderUserErrorCode, message: string, field: string | null = null): UserError =>
  sharedUserError(code, message, field);
