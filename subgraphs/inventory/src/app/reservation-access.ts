import { type Caller, forbidden, hasRole, isAnonymous, mayActAt, unauthenticated } from '@stockgraph/domain';
import type { Reservation } from '../domain/reservation';
import { requireLinesAt } from './location-access';

/**
 * Who may end a hold. Anyone who may act at every line's location, except that a hold made
 * for a customer belongs to their order: only a service (the order service, carrying out
 * that customer's confirmOrder with its payment reference) may sell it, and only services
 * and operations may give it back. Store staff at the location keep their own holds.
 */
export function requireMayEndHold(
  caller: Caller,
  reservation: Pick<Reservation, 'id' | 'customerId' | 'lines'>,
  ending: 'confirm' | 'release',
  field = 'id',
): void {
  requireLinesAt(caller, reservation.lines, field);
  if (reservation.customerId === null) return;
  if (ending === 'confirm' && !hasRole(caller, 'service'))
    throw forbidden(
      `reservation ${reservation.id} holds stock for a customer's order: it is sold by confirmOrder on that order, which records the payment`,
      field,
    );
  if (ending === 'release' && !hasRole(caller, 'ops', 'service'))
    throw forbidden(
      `reservation ${reservation.id} holds stock for a customer's order: cancel the order (cancelOrder), or ask operations`,
      field,
    );
}

/**
 * Who may extend a hold: anyone who may act at every line's location, except that a hold
 * made for a customer is extended only by a service (the order service, while that
 * customer's payment is in flight) or operations.
 */
export function requireMayExtendHold(
  caller: Caller,
  reservation: Pick<Reservation, 'id' | 'customerId' | 'lines'>,
  field = 'id',
): void {
  requireLinesAt(caller, reservation.lines, field);
  if (reservation.customerId !== null && !hasRole(caller, 'ops', 'service'))
    throw forbidden(
      `reservation ${reservation.id} holds stock for a customer's order: its payment keeps it (beginPayment on the order)`,
      field,
    );
}

/**
 * Only operations and services may say whom a hold is for: the customer named then sees
 * it, so anyone else naming one could hand a hold to a customer, or pass one off as theirs.
 */
export function requireMayHoldFor(caller: Caller, customerId: string | null, field: string): void {
  if (customerId === null || hasRole(caller, 'ops', 'service')) return;
  throw forbidden('only operations and services name the customer a hold is for: leave customerId out', field);
}

/** Who may take a hold: store staff at their own locations (every line names one), for no one in particular. */
export function requireMayReserve(
  caller: Caller,
  request: { lines: ReadonlyArray<{ locationId?: string | null }>; customerId: string | null },
): void {
  requireLinesAt(caller, request.lines, 'input.lines');
  requireMayHoldFor(caller, request.customerId, 'input.customerId');
}

/**
 * Who may see a reservation (its status, lines and reference): operations and services
 * any; store staff one whose every line is at their locations; a customer one made for
 * them (`customerId` is their token's `sub`). Anonymous callers are UNAUTHENTICATED,
 * everyone else FORBIDDEN. A caller with several roles sees what any of them allows.
 */
export function requireReservationVisible(
  caller: Caller,
  reservation: Pick<Reservation, 'id' | 'customerId' | 'lines'>,
  field?: string,
): void {
  if (isAnonymous(caller)) throw unauthenticated('sign in to see a reservation');
  if (hasRole(caller, 'ops', 'service')) return;
  if (hasRole(caller, 'customer') && reservation.customerId !== null && reservation.customerId === caller.subject)
    return;
  if (
    hasRole(caller, 'store') &&
    reservation.lines.length > 0 &&
    reservation.lines.every((line) => mayActAt(caller, line.locationId))
  )
    return;
  throw forbidden(`reservation ${reservation.id} is not yours to see`, field);
}

/**
 * Which holds a caller may list: operations and services any (null); store staff those
 * whose every line is at their own locations, the rule `requireReservationVisible` applies
 * to one hold, so a list never shows a hold its id would refuse. A store naming another
 * location as `locationId` is FORBIDDEN, as in every store-scoped query; anyone else too.
 */
export function listableReservations(
  caller: Caller,
  locationId: string | null,
  field = 'locationId',
): readonly string[] | null {
  if (isAnonymous(caller)) throw unauthenticated('sign in to list reservations');
  if (hasRole(caller, 'ops', 'service')) return null;
  if (!hasRole(caller, 'store')) throw forbidden('reservations are for store staff, operations and services', field);
  if (locationId !== null && !mayActAt(caller, locationId)) {
    throw forbidden(
      `you may list holds at ${caller.locations.length > 0 ? caller.locations.join(', ') : 'no location'}, not at ${locationId}`,
      field,
    );
  }
  return caller.locations;
}
