import type { ReferenceResolver } from '@stockgraph/graphql-service';
import type { InventoryContext } from './context';

/** `__resolveReference` for Location, through the request's DataLoader: one query however many are named. */
export const locationReference: ReferenceResolver<InventoryContext> = (reference, { loaders }) =>
  loaders.locationById.load(String(reference.id));
