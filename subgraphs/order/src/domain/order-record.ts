import { UnreachableCaseError } from '@stockgraph/domain';
import type { UserError } from './errors';
import type { Order, OrderLine, OrderStatus } from './order';

/**
 * An order with every status's fields side by side, null where its status has none: the
 * shape a table row, an `order.events.v1` event and a stored placeOrder answer hold it in.
 */
export interface OrderRecord {
  id: string;
  customerId: string;
  status: OrderStatus;
  reference: string | null;
  currency: string;
  lines: OrderLine[];
  reservationId: string | null;
  /** Epoch ms. */
  holdExpiresAt: number | null;
  paymentReference: string | null;
  failure: UserError | null;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

/** A record that does not describe an order any of our transitions could have made. */
export class InvalidOrderRecordError extends Error {
  constructor(record: Pick<OrderRecord, 'id' | 'status'>, missing: string) {
    super(`order ${record.id} is ${record.status} without ${missing}`);
    this.name = 'InvalidOrderRecordError';
  }
}

/** The order flattened to a record. */
export function toOrderRecord(order: Order): OrderRecord {
  const base = {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    reference: order.reference,
    currency: order.currency,
    lines: order.lines,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
  const none = { reservationId: null, holdExpiresAt: null, paymentReference: null, failure: null };
  switch (order.status) {
    case 'PENDING':
      return { ...base, ...none };
    case 'FAILED':
      return { ...base, ...none, failure: order.failure };
    case 'RESERVED':
    case 'CONFIRMED': {
      const held = {
        reservationId: order.reservationId,
        holdExpiresAt: order.holdExpiresAt,
        paymentReference: order.paymentReference,
      };
      return { ...base, ...held, failure: null };
    }
    case 'CANCELLED':
    case 'EXPIRED': {
      const held = {
        reservationId: order.reservationId,
        holdExpiresAt: order.holdExpiresAt,
        paymentReference: order.paymentReference,
      };
      return { ...base, ...held, failure: order.failure };
    }
    default:
      throw new UnreachableCaseError(order);
  }
}

/**
 * The order a record describes. Throws InvalidOrderRecordError when a status lacks what
 * reaching it records (a RESERVED order without its reservation, a FAILED one without why):
 * only a bug or a hand-edited row makes one, and acting on it would act on nothing.
 */
export function orderFromRecord(record: OrderRecord): Order {
  const base = {
    id: record.id,
    customerId: record.customerId,
    reference: record.reference,
    currency: record.currency,
    lines: record.lines,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  switch (record.status) {
    case 'PENDING':
      return { ...base, status: record.status };
    case 'FAILED':
      return { ...base, status: record.status, failure: failureOf(record) };
    case 'RESERVED':
    case 'CONFIRMED':
      return { ...base, status: record.status, ...heldOf(record) };
    case 'CANCELLED':
      return { ...base, status: record.status, ...heldOf(record), failure: record.failure ?? null };
    case 'EXPIRED':
      return { ...base, status: record.status, ...heldOf(record), failure: failureOf(record) };
    default:
      throw new UnreachableCaseError(record.status);
  }
}

function heldOf(record: OrderRecord): {
  reservationId: string;
  holdExpiresAt: number;
  paymentReference: string | null;
} {
  if (record.reservationId == null) throw new InvalidOrderRecordError(record, 'a reservation');
  if (record.holdExpiresAt == null) throw new InvalidOrderRecordError(record, 'a hold expiry');
  // An event may leave out what it has not got; absent and null mean the same.
  return {
    reservationId: record.reservationId,
    holdExpiresAt: record.holdExpiresAt,
    paymentReference: record.paymentReference ?? null,
  };
}

function failureOf(record: OrderRecord): UserError {
  if (record.failure == null) throw new InvalidOrderRecordError(record, 'a failure');
  return record.failure;
}
