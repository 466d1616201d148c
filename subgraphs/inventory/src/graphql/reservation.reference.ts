import type { ReferenceResolver } from '@stockgraph/graphql-service';
import { requireReservationVisible } from '../app/reservation-access';
import type { InventoryContext } from './context';
import { ReservationType } from './reservation.type';

/**
 * `__resolveReference` for Reservation, through the request's DataLoader: one query however
 * many are named. The gateway resolves `Order.reservation` here with the shopper's own
 * token, so this is where a hold is refused to whoever it is not for (the error lands on
 * that field; the rest of the answer stands).
 */
export const reservationReference: ReferenceResolver<InventoryContext> = async (reference, { loaders, caller }) => {
  const reservation = await loaders.reservationById.load(String(reference.id));
  if (!reservation) return null;
  requireReservationVisible(caller, reservation);
  return ReservationType.from(reservation);
};
