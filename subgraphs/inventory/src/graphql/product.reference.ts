import type { ReferenceResolver } from '@stockgraph/graphql-service';
import type { InventoryContext } from './context';
import { ProductType } from './product.type';

/**
 * `__resolveReference` for Product: inventory knows every sku it stocks, so the reference
 * is the sku alone; its fields load lazily, batched.
 */
export const productReference: ReferenceResolver<InventoryContext> = (reference) =>
  Object.assign(new ProductType(), { sku: String(reference.sku) });
