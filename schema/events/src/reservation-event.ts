/** `type` of the events on `inventory.reservations.v1`, by what happened to the hold. */
export const RESERVATION_EVENT_TYPES = {
  CREATED: 'io.stockgraph.inventory.reservation.created.v1',
  CONFIRMED: 'io.stockgraph.inventory.reservation.confirmed.v1',
  RELEASED: 'io.stockgraph.inventory.reservation.released.v1',
  EXPIRED: 'io.stockgraph.inventory.reservation.expired.v1',
} as const;

export type ReservationEventKind = keyof typeof RESERVATION_EVENT_TYPES;

export type ReservationStatusData = 'ACTIVE' | 'CONFIRMED' | 'RELEASED' | 'EXPIRED';

/** One held line: units of a sku at a location. */
export interface ReservationLineData {
  sku: string;
  locationId: string;
  quantity: number;
}

/** `data` of the reservation lifecycle events: the hold as it stands after the change. */
export interface ReservationEventData {
  reservationId: string;
  status: ReservationStatusData;
  /** The caller's reference, such as an order id. */
  reference: string | null;
  /** Epoch ms the hold lapses unless confirmed. */
  expiresAt: number;
  lines: ReservationLineData[];
}
