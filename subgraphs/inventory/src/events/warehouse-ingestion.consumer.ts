import { TOPICS, type WarehouseStockUpdatedData } from '@stockgraph/events';
import {
  type ConsumerMetrics,
  deadLetter,
  type EventBus,
  type EventSchemas,
  type IncomingMessage,
  type OutgoingMessage,
  ResilientConsumer,
  tracedConsume,
} from '@stockgraph/messaging';
import type { Logger } from '@stockgraph/runtime';
import type { CountBatch, DecodedCount, WarehouseIngestionService } from '../app/warehouse-ingestion.service';
import { INGESTION_CONSUMER } from './topics';

/** At most this many events per transaction: long enough to amortise, short enough to hold locks briefly. */
const EVENTS_PER_TRANSACTION = 100;

/**
 * Decodes a batch of `warehouse.stock-updated.v1` messages: each is checked against its
 * JSON Schema and becomes a count, or a dead letter (counted by topic and reason) that the
 * ingestion writes with the batch. Each count keeps the way to dead-letter its own message,
 * should the ingestion refuse it later.
 */
export function decodeWarehouseBatch(
  messages: readonly IncomingMessage[],
  schemas: EventSchemas,
  metrics: Pick<ConsumerMetrics, 'deadLetters'>,
): CountBatch {
  const letter = (message: IncomingMessage, reason: string, detail: string): OutgoingMessage => {
    metrics.deadLetters.inc({ topic: message.topic, reason });
    return deadLetter(message, reason, detail, INGESTION_CONSUMER);
  };
  const counts: DecodedCount[] = [];
  const undecodable: OutgoingMessage[] = [];
  for (const message of messages) {
    const result = schemas.parse<WarehouseStockUpdatedData>(TOPICS.warehouseStockUpdated, message);
    if (!result.ok) {
      undecodable.push(letter(message, result.reason, result.detail));
      continue;
    }
    const { event } = result;
    counts.push({
      count: {
        eventId: event.id,
        sku: event.data.sku,
        locationId: event.data.locationId,
        onHand: event.data.onHand,
        sequence: event.data.sequence ?? null,
        observedAt: Date.parse(event.data.observedAt),
        publishedAt: Date.parse(event.time),
        source: event.source,
      },
      deadLetter: (reason, detail) => letter(message, reason, detail),
    });
  }
  return { counts, undecodable };
}

/** Consumes warehouse.stock-updated.v1 in one group shared by every inventory instance: each count is applied once. */
export function warehouseIngestionConsumer(
  bus: EventBus,
  ingestion: WarehouseIngestionService,
  schemas: EventSchemas,
  metrics: ConsumerMetrics,
  log: Logger,
): ResilientConsumer {
  return new ResilientConsumer(
    bus,
    {
      groupId: `inventory-${INGESTION_CONSUMER}`,
      topics: [TOPICS.warehouseStockUpdated],
      fromBeginning: true,
      sharedGroup: true,
      // Partitions hold disjoint skus: their batches can commit side by side.
      concurrency: 6,
      handleBatch: async (messages) => {
        for (let i = 0; i < messages.length; i += EVENTS_PER_TRANSACTION) {
          const chunk = messages.slice(i, i + EVENTS_PER_TRANSACTION);
          // A count comes from a warehouse, outside any trace of ours: each starts its own.
          await tracedConsume(
            INGESTION_CONSUMER,
            chunk.map((message) => ({ message })),
            () => ingestion.ingest(decodeWarehouseBatch(chunk, schemas, metrics)),
            { newTraces: true },
          );
        }
      },
      onLag: (topic, partition, lag) =>
        metrics.lag.set({ consumer: INGESTION_CONSUMER, topic, partition: String(partition) }, lag),
    },
    log,
  );
}
