import type { ReferenceResolver } from '@stockgraph/graphql-service';
import type { CatalogContext } from './context';
import { ProductType } from './product.type';

/** `_entities` lookups, batched per request through the DataLoader: one query per call. */
export const catalogReferences: Record<string, ReferenceResolver<CatalogContext>> = {
  Product: async (reference, { loaders }) => {
    const product = await loaders.productBySku.load(String(reference.sku));
    return product ? ProductType.from(product) : null;
  },
};
