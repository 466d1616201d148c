import { buildFederatedSchema, type ReferenceResolver } from '@stockgraph/graphql-service';
import type { GraphQLSchema } from 'graphql';
import type { InventoryContext } from './context';
import { locationReference } from './location.reference';
import { productReference } from './product.reference';
import { reservationReference } from './reservation.reference';
// Query and Mutation fields print in the order their decorators ran, which is the order
// these modules first load: keep it (and import this file before any resolver module), or
// the committed SDL reorders.
import { ProductResolver } from './product.resolver';
import { StockLevelResolver } from './stock-level.resolver';
import { LocationResolver } from './location.resolver';
import { WarehouseCountResolver } from './warehouse-count.resolver';
import { ReservationLineResolver, ReservationResolver } from './reservation.resolver';
import { StockLedgerResolver } from './stock-ledger.resolver';
import { StockAdjustmentResolver } from './stock-adjustment.resolver';
import { StockChangeResolver } from './stock-change.resolver';
import { WarehouseWatermarkResolver } from './warehouse-watermark.resolver';
import { StoreApiKeyResolver } from './store-api-key.resolver';
import { InventorySummaryResolver } from './inventory-summary.resolver';
import { ReservationQueryResolver } from './reservation-query.resolver';
import { LowStockResolver } from './low-stock.resolver';
import { StoreSaleResolver } from './store-sale.resolver';
import { DeadLetterResolver } from './dead-letter.resolver';
import { TransferResolver } from './transfer.resolver';
import { PurchaseOrderResolver } from './purchase-order.resolver';

export const INVENTORY_RESOLVERS = [
  ProductResolver,
  StockLevelResolver,
  LocationResolver,
  WarehouseCountResolver,
  ReservationResolver,
  ReservationLineResolver,
  StockLedgerResolver,
  StockAdjustmentResolver,
  StockChangeResolver,
  WarehouseWatermarkResolver,
  StoreApiKeyResolver,
  InventorySummaryResolver,
  ReservationQueryResolver,
  LowStockResolver,
  StoreSaleResolver,
  DeadLetterResolver,
  TransferResolver,
  PurchaseOrderResolver,
] as const;

/**
 * `__resolveReference` for inventory's entities. Each goes through the request's
 * DataLoader, so one `_entities` call costs one query per type however many it names.
 */
export const inventoryReferences: Record<string, ReferenceResolver<InventoryContext>> = {
  Product: productReference,
  Location: locationReference,
  Reservation: reservationReference,
};

/** The inventory subgraph schema; without a container it serves only for printing SDL. */
export function buildInventorySchema(container?: { get(someClass: unknown): unknown }): Promise<GraphQLSchema> {
  return buildFederatedSchema<InventoryContext>({
    resolvers: [...INVENTORY_RESOLVERS],
    references: inventoryReferences,
    ...(container ? { container } : {}),
  });
}
