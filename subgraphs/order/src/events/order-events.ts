import { cloudEvent, OutgoingMessage } from '@stockgraph/shared';
import type { UserError } from '../domain/errors';
import { Order, OrderStatus, orderTotal } from '../domain/order';
import { orderFromRecord, toOrderRecord } from '../domain/order-record';

export const ORDER_EVENTS_TOPIC = 'order.events.v1';
const EVENT_SOURCE = '/stockgraph/order';

/** `data` of `io.stockgraph.order.<status>.v1`: the order right after a status change. */
export interface OrderStatusChangedData {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  reference: string | null;
  /** Why it changed, in words. */
  cause: string;
  reservationId: string | null;
  /** Epoch ms. */
  holdExpiresAt: number | null;
  paymentReference: string | null;
  failure: UserError | null;
  /** Minor units. */
  totalAmount: number;
  currency: string;
  lines: Order['lines'];
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  changedAt: number;
}

/**
 * One event per status change, keyed by order id so each order's events stay in order.
 * It carries the whole order as it stood after the change, so a reader (such as the
 * orderUpdated subscription) needs nothing else.
 */
export function orderStatusMessage(order: Order, previous: OrderStatus | null, cause: string): OutgoingMessage {
  const record = toOrderRecord(order);
  const data: OrderStatusChangedData = {
    orderId: record.id,
    customerId: record.customerId,
    status: record.status,
    previousStatus: previous,
    reference: record.reference,
    cause,
    reservationId: record.reservationId,
    holdExpiresAt: record.holdExpiresAt,
    paymentReference: record.paymentReference,
    failure: record.failure,
    totalAmount: orderTotal(order),
    currency: record.currency,
    lines: record.lines,
    createdAt: record.createdAt,
    changedAt: record.updatedAt,
  };
  return {
    topic: ORDER_EVENTS_TOPIC,
    key: order.id,
    value: JSON.stringify(
      cloudEvent({ source: EVENT_SOURCE, type: `io.stockgraph.order.${order.status.toLowerCase()}.v1`, subject: order.id, data }),
    ),
    headers: { 'content-type': 'application/cloudevents+json' },
  };
}

/** The order an event describes; throws InvalidOrderRecordError when its status lacks what reaching it records. */
export function orderOfEvent(data: OrderStatusChangedData): Order {
  return orderFromRecord({
    id: data.orderId,
    customerId: data.customerId,
    status: data.status,
    reference: data.reference,
    currency: data.currency,
    lines: data.lines,
    reservationId: data.reservationId,
    holdExpiresAt: data.holdExpiresAt,
    paymentReference: data.paymentReference,
    failure: data.failure,
    createdAt: data.createdAt,
    updatedAt: data.changedAt,
  });
}
