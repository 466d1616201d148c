import { cloudEvent, OutgoingMessage } from '@stockgraph/shared';
import { Order, OrderStatus, orderTotal } from '../domain/order';

export const ORDER_EVENTS_TOPIC = 'order.events.v1';
const EVENT_SOURCE = '/stockgraph/order';

/** `data` of `io.stockgraph.order.<status>.v1`: the order right after a status change. */
export interface OrderStatusChangedData {
  orderId: string;
  customerId: string;
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  /** Why it changed, in words. */
  cause: string;
  reservationId: string | null;
  /** Minor units. */
  totalAmount: number;
  currency: string;
  lines: Order['lines'];
  /** Epoch ms. */
  changedAt: number;
}

/** One event per status change, keyed by order id so each order's events stay in order. */
export function orderStatusMessage(order: Order, previous: OrderStatus | null, cause: string): OutgoingMessage {
  const data: OrderStatusChangedData = {
    orderId: order.id,
    customerId: order.customerId,
    status: order.status,
    previousStatus: previous,
    cause,
    reservationId: order.reservationId,
    totalAmount: orderTotal(order),
    currency: order.currency,
    lines: order.lines,
    changedAt: order.updatedAt,
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
