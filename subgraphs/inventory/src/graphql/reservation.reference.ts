import type { ReferenceResolver } from '@stockgraph/shared';
import type { InventoryContext } from './context';
import { ReservationType } from './reservation.type';

/** `__resolveReference` for Reservation, through the request's DataLoader: one query however many are named. */
export const reservationReference: ReferenceResolver<InventoryContext> = async (reference, { loaders }) => {
  const reservation = await loaders.reservationById.load(String(reference.id));
  return reservation ? ReservationType.from(reservation) : null;
};
