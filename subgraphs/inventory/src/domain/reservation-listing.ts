import { sortKey, sortKeyValues } from '@stockgraph/domain';
import type { Reservation, ReservationStatus } from './reservation';

/** Which holds a listing shows. */
export interface ReservationFilter {
  /** As the world sees it (`effectiveStatus`): an ACTIVE hold past its expiry is EXPIRED. */
  status: ReservationStatus;
  /** Only holds with a line at this location (and for `sku`, when both are named, that one line). */
  locationId: string | null;
  /** Only holds with a line for this sku. */
  sku: string | null;
  /** Only holds whose every line is at one of these locations (store staff's own); null: any. */
  within: readonly string[] | null;
}

/**
 * A hold's status as availability counts it: an ACTIVE hold past its expiry already gave
 * its units back, whether or not the sweeper has ended it yet.
 */
export function effectiveStatus(
  reservation: Pick<Reservation, 'status' | 'expiresAt'>,
  now: number,
): ReservationStatus {
  return reservation.status === 'ACTIVE' && reservation.expiresAt <= now ? 'EXPIRED' : reservation.status;
}

/** Where a page of holds resumes: they are listed newest first, by (createdAt, id) descending. */
export interface ReservationPosition {
  createdAt: number;
  id: string;
}

/** The sort key a reservation-list cursor carries. */
export function reservationSortKey(reservation: Pick<Reservation, 'createdAt' | 'id'>): string {
  return sortKey([reservation.createdAt, reservation.id]);
}

/** The position a sort key names, or null when it is not one `reservationSortKey` made. */
export function parseReservationSortKey(key: string | number): ReservationPosition | null {
  const values = sortKeyValues(key, 2);
  if (!values) return null;
  const [createdAt, id] = values;
  if (!Number.isSafeInteger(createdAt) || typeof id !== 'string' || id.length === 0) return null;
  return { createdAt: createdAt as number, id };
}
