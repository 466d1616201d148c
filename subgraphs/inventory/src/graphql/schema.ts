import { buildFederatedSchema } from '@stockgraph/shared';
import type { GraphQLSchema } from 'graphql';
import type { InventoryContext } from './context';
import { ProductResolver } from './product.resolver';
import { inventoryReferences } from './references';
import { ReservationLineResolver, StockLevelResolver } from './stock-level.resolver';
import { OperationsResolver } from './operations.resolver';
import { StockChangeResolver } from './stock-change.resolver';
import { StockResolver } from './stock.resolver';
import { WarehouseWatermarkResolver } from './warehouse-watermark.resolver';

export const INVENTORY_RESOLVERS = [StockResolver, ProductResolver, StockLevelResolver, ReservationLineResolver, StockChangeResolver, OperationsResolver, WarehouseWatermarkResolver] as const;

/** The inventory subgraph schema; without a container it serves only for printing SDL. */
export function buildInventorySchema(container?: { get(someClass: unknown): unknown }): Promise<GraphQLSchema> {
  return buildFederatedSchema<InventoryContext>({
    resolvers: [...INVENTORY_RESOLVERS],
    references: inventoryReferences,
    ...(container ? { container } : {}),
  });
}
