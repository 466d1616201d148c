import {
  EVENT_SOURCES,
  RESERVATION_EVENT_TYPES,
  STOCK_CHANGED,
  TOPICS,
  type ReservationEventData,
  type ReservationEventKind,
  type StockChangedData,
} from '@stockgraph/events';
import { cloudEventMessage, type OutgoingMessage } from '@stockgraph/messaging';
import type { Reservation } from '../domain/reservation';
import type { StockChange } from '../domain/stock-change';
import { available, stockFlags } from '../domain/stock-level';
import type { MovementKind } from '../domain/stock-movement';

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
    damaged: after.damaged,
    qualityControl: after.qualityControl,
    incoming: after.incoming,
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
  return cloudEventMessage(TOPICS.inventoryStock, after.sku, {
    source: EVENT_SOURCES.inventory,
    type: STOCK_CHANGED,
    data,
  });
}

/** The lifecycle event of a reservation (created, confirmed, released, expired), keyed by its id. */
export function reservationMessage(reservation: Reservation, kind: ReservationEventKind): OutgoingMessage {
  const data: ReservationEventData = {
    reservationId: reservation.id,
    status: reservation.status,
    reference: reservation.reference,
    expiresAt: reservation.expiresAt,
    lines: reservation.lines,
  };
  return cloudEventMessage(TOPICS.inventoryReservations, reservation.id, {
    source: EVENT_SOURCES.inventory,
    type: RESERVATION_EVENT_TYPES[kind],
    data,
  });
}
