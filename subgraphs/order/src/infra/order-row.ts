import type { UserError } from '../domain/errors';
import type { Order, OrderLine, OrderStatus } from '../domain/order';
import { orderFromRecord } from '../domain/order-record';

/** An `orders` row as the hand-written SELECTs read it (COLUMNS). */
export interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  reference: string | null;
  currency: string;
  reservation_id: string | null;
  hold_expires_at: number | null;
  payment_reference: string | null;
  failure_code: string | null;
  failure_message: string | null;
  request_hash: string;
  created_at: number;
  updated_at: number;
}

export const COLUMNS =
  'id, customer_id, status, reference, currency, reservation_id, hold_expires_at, payment_reference, failure_code, failure_message, request_hash, created_at, updated_at';

/** The order a row and its lines describe. */
export function toOrder(row: OrderRow, lines: OrderLine[]): Order {
  return orderFromRecord({
    id: row.id,
    customerId: row.customer_id,
    status: row.status,
    reference: row.reference,
    currency: row.currency,
    lines,
    reservationId: row.reservation_id,
    holdExpiresAt: row.hold_expires_at === null ? null : Number(row.hold_expires_at),
    paymentReference: row.payment_reference,
    failure: row.failure_code
      ? { code: row.failure_code as UserError['code'], message: row.failure_message ?? '', field: null }
      : null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });
}
