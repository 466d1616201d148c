import { ConsumerMetrics, EventBus, Logger, ResilientConsumer } from '@stockgraph/shared';
import { INVENTORY_STOCK_TOPIC, PROJECTION_CONSUMER, StockProjectionService } from '../app/stock-projection.service';

/**
 * Consumes inventory.stock.v1 in one group shared by every catalog instance, from the
 * beginning of what Kafka keeps: a new catalog database fills itself in.
 */
export function stockProjectionConsumer(bus: EventBus, projection: StockProjectionService, metrics: ConsumerMetrics, log: Logger): ResilientConsumer {
  return new ResilientConsumer(
    bus,
    {
      groupId: `catalog-${PROJECTION_CONSUMER}`,
      topics: [INVENTORY_STOCK_TOPIC],
      fromBeginning: true,
      // Partitions hold disjoint skus: their batches can commit side by side.
      concurrency: 6,
      handleBatch: async (messages) => {
        for (let i = 0; i < messages.length; i += 500) await projection.project(messages.slice(i, i + 500));
      },
      onLag: (topic, partition, lag) => metrics.lag.set({ consumer: PROJECTION_CONSUMER, topic, partition: String(partition) }, lag),
    },
    log,
  );
}
