import { TOPICS, type StockChangedData } from '@stockgraph/events';
import {
  EventDecoder,
  ResilientConsumer,
  type ConsumerMetrics,
  type EventBus,
  type EventSchemas,
} from '@stockgraph/messaging';
import type { Logger } from '@stockgraph/runtime';
import type { StockAnswerCache } from '../infra/stock-check/stock-answer-cache';

const CACHE_INVALIDATION_CONSUMER = 'catalog-stock-cache';

/**
 * Drops cached inventory answers the moment a stock event for their sku arrives. Every
 * instance listens in a group of its own, because each may hold its own cache. An event
 * that fails its schema is dead-lettered: it names no sku this consumer can trust, and
 * the answers it might concern still die by their TTL.
 */
export function stockCacheInvalidationConsumer(
  bus: EventBus,
  cache: StockAnswerCache,
  groupId: string,
  schemas: EventSchemas,
  metrics: ConsumerMetrics,
  log: Logger,
): ResilientConsumer {
  const decoder = new EventDecoder(CACHE_INVALIDATION_CONSUMER, schemas, bus, metrics, log);
  return new ResilientConsumer(
    bus,
    {
      groupId,
      topics: [TOPICS.inventoryStock],
      fromBeginning: false,
      handleBatch: async (messages) => {
        const events = await decoder.decode<StockChangedData>(messages);
        await cache.invalidate([...new Set(events.map(({ event }) => event.data.sku))]);
      },
    },
    log,
  );
}
