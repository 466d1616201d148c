import { EVENT_SOURCES, orderEventType, TOPICS, type OrderStatusChangedData } from '@stockgraph/events';
import { cloudEventMessage, type OutgoingMessage } from '@stockgraph/messaging';
import { isOrderUserErrorCode, type UserError } from '../domain/errors';
import { type Order, type OrderStatus, orderTotal } from '../domain/order';
import { InvalidOrderRecordError, orderFromRecord, toOrderRecord } from '../domain/order-record';

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
  return cloudEventMessage(TOPICS.orderEvents, order.id, {
    source: EVENT_SOURCES.order,
    type: orderEventType(order.status),
    data,
  });
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
    failure: failureOfEvent(data),
    createdAt: data.createdAt,
    updatedAt: data.changedAt,
  });
}

/** The failure an event reports, if its code is one this service gives. */
function failureOfEvent(data: OrderStatusChangedData): UserError | null {
  if (data.failure === null) return null;
  const { code, message, field } = data.failure;
  if (!isOrderUserErrorCode(code))
    throw new InvalidOrderRecordError({ id: data.orderId, status: data.status }, `a known failure code (got ${code})`);
  return { code, message, field };
}
