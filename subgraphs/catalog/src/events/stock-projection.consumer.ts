import { TOPICS, type StockChangedData } from '@stockgraph/events';
import { type ConsumerDeps, eventConsumer, type ResilientConsumer } from '@stockgraph/messaging';
import {
  PROJECTION_CONSUMER,
  type StockChangeToProject,
  type StockProjectionService,
} from '../app/stock-projection.service';

/** What the projection keeps of a stock event. */
function toProjected({
  sku,
  locationId,
  region,
  onHand,
  reserved,
  available,
  version,
  changedAt,
  sourceTime,
}: StockChangedData): StockChangeToProject {
  return { sku, locationId, region, onHand, reserved, available, version, changedAt, sourceTime };
}

/**
 * Consumes inventory.stock.v1 in one group shared by every catalog instance, from the
 * beginning of what Kafka keeps: a new catalog database fills itself in. Events that do
 * not match their schema go to inventory.stock.v1.dlq.
 */
export function stockProjectionConsumer(deps: ConsumerDeps, projection: StockProjectionService): ResilientConsumer {
  return eventConsumer<StockChangedData>(deps, {
    name: PROJECTION_CONSUMER,
    groupId: `catalog-${PROJECTION_CONSUMER}`,
    sharedGroup: true,
    topics: [TOPICS.inventoryStock],
    fromBeginning: true,
    // Partitions hold disjoint skus: their batches can commit side by side.
    concurrency: 6,
    handle: async (events) => {
      const changes = events.map(({ event }) => toProjected(event.data));
      for (let i = 0; i < changes.length; i += 500) await projection.project(changes.slice(i, i + 500));
    },
  });
}
