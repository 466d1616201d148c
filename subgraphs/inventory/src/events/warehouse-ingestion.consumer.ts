import { ConsumerMetrics, EventBus, Logger, ResilientConsumer } from '@stockgraph/shared';
import { INGESTION_CONSUMER, WarehouseIngestionService } from '../app/warehouse-ingestion.service';
import { WAREHOUSE_TOPIC } from './topics';

/** Consumes warehouse.stock-updated.v1 in one group shared by every inventory instance: each count is applied once. */
export function warehouseIngestionConsumer(bus: EventBus, ingestion: WarehouseIngestionService, metrics: ConsumerMetrics, log: Logger): ResilientConsumer {
  return new ResilientConsumer(
    bus,
    {
      groupId: `inventory-${INGESTION_CONSUMER}`,
      topics: [WAREHOUSE_TOPIC],
      fromBeginning: true,
      // Partitions hold disjoint skus: their batches can commit side by side.
      concurrency: 6,
      handleBatch: async (messages) => {
        // At most 100 events per transaction: long enough to amortise, short enough to hold locks briefly.
        for (let i = 0; i < messages.length; i += 100) await ingestion.ingest(messages.slice(i, i + 100));
      },
      onLag: (topic, partition, lag) => metrics.lag.set({ consumer: INGESTION_CONSUMER, topic, partition: String(partition) }, lag),
    },
    log,
  );
}
