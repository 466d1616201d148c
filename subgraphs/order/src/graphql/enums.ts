import { registerEnumType } from 'type-graphql';

export const OrderStatus = {
  PENDING: 'PENDING',
  RESERVED: 'RESERVED',
  CONFIRMED: 'CONFIRMED',
  CANCELLED: 'CANCELLED',
  EXPIRED: 'EXPIRED',
  FAILED: 'FAILED',
} as const;
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: 'PENDING → RESERVED → CONFIRMED, or CANCELLED, EXPIRED (hold ran out) or FAILED (no stock).',
});

export const OrderUserErrorCode = {
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  RESERVATION_EXPIRED: 'RESERVATION_EXPIRED',
  RESERVATION_RELEASED: 'RESERVATION_RELEASED',
  ORDER_ALREADY_CONFIRMED: 'ORDER_ALREADY_CONFIRMED',
  ORDER_NOT_CONFIRMABLE: 'ORDER_NOT_CONFIRMABLE',
  ORDER_NOT_CANCELLABLE: 'ORDER_NOT_CANCELLABLE',
  HOLD_LIFETIME_EXCEEDED: 'HOLD_LIFETIME_EXCEEDED',
} as const;
registerEnumType(OrderUserErrorCode, {
  name: 'OrderUserErrorCode',
  description: 'Business outcomes of order mutations.',
});
