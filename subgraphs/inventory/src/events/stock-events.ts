import { cloudEvent, OutgoingMessage } from '@stockgraph/shared';
import type { Reservation } from '../domain/reservation';
import type { StockChange } from '../domain/stock-change';
import { available, StockDelta, StockFlag, stockFlags } from '../domain/stock-level';
import type { MovementKind } from '../domain/stock-movement';
import { EVENT_SOURCE, RESERVATION_EVENT_TYPES, RESERVATIONS_TOPIC, STOCK_CHANGED, STOCK_TOPIC } from './topics';

/** `data` of `io.stockgraph.inventory.stock.changed.v1`: a stock level after one change. */
export interface StockChangedData {
  /** The sku; also the Kafka key, so one sku's events stay in order. */
  sku: string;
  locationId: string;
  /** The location's region, for regional availability. */
  region: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  /** on hand − reserved − safety stock, floored at 0. */
  available: number;
  /** Newer versions supersede older ones; consumers ignore anything not newer than what they applied. */
  version: number;
  /** What this change did to each quantity. */
  delta: StockDelta;
  /** The kind of change: RESERVE, CONFIRM, RELEASE, EXPIRE, ADJUST or INGEST. */
  cause: MovementKind;
  /** OUT_OF_STOCK or BACK_IN_STOCK when availability crossed zero. */
  flags: StockFlag[];
  /** The reservation behind the change, if any. */
  reservationId: string | null;
  /** The warehouse event an INGEST change applied. */
  sourceEventId: string | null;
  /** Epoch ms that source event was published: end-to-end lag is measured from it. */
  sourceTime: number | null;
  /** Epoch ms of the commit that made the change. */
  changedAt: number;
}

/**
 * The `stock.changed` event of one change, keyed by sku: what the catalog projects and the
 * live feed pushes to `stockChanged` subscribers. A change that applies a warehouse count
 * carries that event's id and time.
 */
export function stockChangedMessage(
  { before, after, delta, source }: StockChange,
  cause: MovementKind,
  origin: { region: string; reservationId?: string | null },
): OutgoingMessage {
  const data: StockChangedData = {
    sku: after.sku,
    locationId: after.locationId,
    region: origin.region,
    onHand: after.onHand,
    reserved: after.reserved,
    safetyStock: after.safetyStock,
    available: available(after),
    version: after.version,
    delta,
    cause,
    flags: stockFlags(before, after),
    reservationId: origin.reservationId ?? null,
    sourceEventId: source?.eventId ?? null,
    sourceTime: source?.time ?? null,
    changedAt: after.updatedAt,
  };
  return {
    topic: STOCK_TOPIC,
    key: after.sku,
    value: JSON.stringify(cloudEvent({ source: EVENT_SOURCE, type: STOCK_CHANGED, subject: after.sku, data })),
    headers: { 'content-type': 'application/cloudevents+json' },
  };
}

/** `data` of the reservation lifecycle events. */
export interface ReservationEventData {
  reservationId: string;
  status: Reservation['status'];
  reference: string | null;
  /** Epoch ms. */
  expiresAt: number;
  lines: Reservation['lines'];
}

/** The lifecycle event of a reservation (created, confirmed, released, expired), keyed by its id. */
export function reservationMessage(
  reservation: Reservation,
  kind: keyof typeof RESERVATION_EVENT_TYPES,
): OutgoingMessage {
  const data: ReservationEventData = {
    reservationId: reservation.id,
    status: reservation.status,
    reference: reservation.reference,
    expiresAt: reservation.expiresAt,
    lines: reservation.lines,
  };
  return {
    topic: RESERVATIONS_TOPIC,
    key: reservation.id,
    value: JSON.stringify(
      cloudEvent({ source: EVENT_SOURCE, type: RESERVATION_EVENT_TYPES[kind], subject: reservation.id, data }),
    ),
    headers: { 'content-type': 'application/cloudevents+json' },
  };
}
