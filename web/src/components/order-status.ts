import type { OrderStatus } from '../gql/graphql';

/** An order's status as a shopper reads it. */
export const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  PENDING: 'Being placed',
  RESERVED: 'Waiting for payment',
  CONFIRMED: 'Paid',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
  FAILED: 'Not placed',
};

/** The order number a shopper sees: the first part of its id, enough to tell their orders apart and to quote it. */
export function orderNumber(id: string): string {
  return id.slice(0, 8).toUpperCase();
}
