import { type CategoryUpsertedData, type ProductUpsertedData, type StockChangedData, TOPICS } from '@stockgraph/events';
import { type ConsumerDeps, eventConsumer, type ResilientConsumer } from '@stockgraph/messaging';
import type { NearbyAvailability, ReplicaCategory, ReplicaProduct, ReplicaStock } from '../domain/replica';
import type { ReplicaService } from '../app/replica.service';

const CONSUMER = 'store-replica';

/** What the replica reads. */
export const REPLICA_TOPICS: readonly string[] = [
  TOPICS.catalogProducts,
  TOPICS.catalogCategories,
  TOPICS.inventoryStock,
];

/** The replica's consumer group: one per replica database, so a rebuilt replica reads from the start. */
export function replicaGroupId(scope: { locationId: string; replicaId: string }): string {
  return `store-${scope.locationId}-replica-${scope.replicaId}`;
}

/**
 * Feeds the replica from Kafka in a consumer group of its own (per replica database): every
 * product and category, the stock events of the shop's own location, and what the other locations of
 * its region can sell (the rest are skipped on arrival). A new
 * store starts from the beginning of what Kafka keeps; versions make replays harmless.
 * Events that do not match their schema go to `<topic>.dlq`.
 */
export function replicaConsumer(
  deps: ConsumerDeps,
  replica: ReplicaService,
  scope: { locationId: string; replicaId: string },
): ResilientConsumer {
  const { locationId } = scope;
  return eventConsumer<ProductUpsertedData | CategoryUpsertedData | StockChangedData>(deps, {
    name: CONSUMER,
    groupId: replicaGroupId(scope),
    topics: REPLICA_TOPICS,
    fromBeginning: true,
    handle: async (events) => {
      const products: ReplicaProduct[] = [];
      const categories: ReplicaCategory[] = [];
      const stock: ReplicaStock[] = [];
      const nearby: NearbyAvailability[] = [];
      for (const { event, message } of events) {
        if (message.topic === TOPICS.catalogProducts) {
          products.push(toProduct(event.data as ProductUpsertedData));
          continue;
        }
        if (message.topic === TOPICS.catalogCategories) {
          const { id, name, updatedAt } = event.data as CategoryUpsertedData;
          categories.push({ id, name, updatedAt });
          continue;
        }
        const data = event.data as StockChangedData;
        if (data.locationId === locationId) stock.push(toStock(data));
        else if (data.region === replica.region)
          nearby.push({
            sku: data.sku,
            locationId: data.locationId,
            available: data.available,
            version: data.version,
            changedAt: data.changedAt,
          });
      }
      if (products.length + categories.length + stock.length + nearby.length > 0)
        await replica.apply({ products, categories, stock, nearby });
    },
  });
}

function toProduct(data: ProductUpsertedData): ReplicaProduct {
  return {
    sku: data.sku,
    name: data.name,
    categoryId: data.categoryId ?? null,
    priceAmount: data.priceAmount,
    priceCurrency: data.priceCurrency,
    active: data.active,
    updatedAt: data.updatedAt,
  };
}

function toStock(data: StockChangedData): ReplicaStock {
  return {
    sku: data.sku,
    onHand: data.onHand,
    reserved: data.reserved,
    safetyStock: data.safetyStock,
    available: data.available,
    version: data.version,
    changedAt: data.changedAt,
  };
}
