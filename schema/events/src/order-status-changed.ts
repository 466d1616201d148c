export type OrderStatusData = 'PENDING' | 'RESERVED' | 'CONFIRMED' | 'CANCELLED' | 'EXPIRED' | 'FAILED';

/** `type` of an event on `order.events.v1`: one per status, `io.stockgraph.order.<status>.v1`. */
export function orderEventType(status: OrderStatusData): string {
  return `io.stockgraph.order.${status.toLowerCase()}.v1`;
}

/** One ordered line, priced when the order was placed. */
export interface OrderLineData {
  sku: string;
  quantity: number;
  /** Minor units. */
  unitPrice: number;
}

/** Why an order failed, as the caller was told. */
export interface OrderFailureData {
  code: string;
  message: string;
  field: string | null;
}

/** `data` of `io.stockgraph.order.<status>.v1`: the whole order right after a status change. */
export interface OrderStatusChangedData {
  orderId: string;
  customerId: string;
  status: OrderStatusData;
  previousStatus: OrderStatusData | null;
  reference: string | null;
  /** Why it changed, in words. */
  cause: string;
  reservationId: string | null;
  /** Epoch ms; when the hold lapses unless confirmed. */
  holdExpiresAt: number | null;
  paymentReference: string | null;
  failure: OrderFailureData | null;
  /** Minor units. */
  totalAmount: number;
  currency: string;
  lines: OrderLineData[];
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms. */
  changedAt: number;
}
