import type { ReferenceResolver } from '@stockgraph/shared';
import type { InventoryContext } from './context';
import { ProductType } from './product.type';
import { ReservationType } from './reservation.type';

/**
 * `__resolveReference` for inventory's entities. Each goes through the request's
 * DataLoader, so one `_entities` call costs one query per type however many it names.
 */
export const inventoryReferences: Record<string, ReferenceResolver<InventoryContext>> = {
  // Inventory knows every sku it stocks; its Product fields load lazily, batched.
  Product: (reference) => Object.assign(new ProductType(), { sku: String(reference.sku) }),
  Location: (reference, { loaders }) => loaders.locationById.load(String(reference.id)),
  Reservation: async (reference, { loaders }) => {
    const reservation = await loaders.reservationById.load(String(reference.id));
    return reservation ? ReservationType.from(reservation) : null;
  },
};
