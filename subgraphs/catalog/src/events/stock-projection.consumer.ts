import { TOPICS, type StockChangedData } from '@stockgraph/events';
import {
  EventDecoder,
  ResilientConsumer,
  type ConsumerMetrics,
  type EventBus,
  type EventSchemas,
} from '@stockgraph/messaging';
import type { Logger } from '@stockgraph/runtime';
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
export function stockProjectionConsumer(
  bus: EventBus,
  projection: StockProjectionService,
  schemas: EventSchemas,
  metrics: ConsumerMetrics,
  log: Logger,
): ResilientConsumer {
  const decoder = new EventDecoder(PROJECTION_CONSUMER, schemas, bus, metrics, log);
  return new ResilientConsumer(
    bus,
    {
      groupId: `catalog-${PROJECTION_CONSUMER}`,
      topics: [TOPICS.inventoryStock],
      fromBeginning: true,
      // Partitions hold disjoint skus: their batches can commit side by side.
      concurrency: 6,
      handleBatch: async (messages) => {
        const changes = (await decoder.decode<StockChangedData>(messages)).map(({ event }) => toProjected(event.data));
        for (let i = 0; i < changes.length; i += 500) await projection.project(changes.slice(i, i + 500));
      },
      onLag: (topic, partition, lag) =>
        metrics.lag.set({ consumer: PROJECTION_CONSUMER, topic, partition: String(partition) }, lag),
    },
    log,
  );
}
