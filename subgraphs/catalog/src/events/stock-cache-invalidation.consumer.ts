import { TOPICS, type StockChangedData } from '@stockgraph/events';
import { type ConsumerDeps, eventConsumer, type ResilientConsumer } from '@stockgraph/messaging';
import type { StockAnswerCache } from '../infra/stock-check/stock-answer-cache';

const CACHE_INVALIDATION_CONSUMER = 'catalog-stock-cache';

/**
 * Drops cached inventory answers the moment a stock event for their sku arrives. Every
 * instance listens in a group of its own, because each may hold its own cache. An event
 * that fails its schema is dead-lettered: it names no sku this consumer can trust, and
 * the answers it might concern still die by their TTL.
 */
export function stockCacheInvalidationConsumer(
  deps: ConsumerDeps,
  cache: StockAnswerCache,
  groupId: string,
): ResilientConsumer {
  return eventConsumer<StockChangedData>(deps, {
    name: CACHE_INVALIDATION_CONSUMER,
    groupId,
    topics: [TOPICS.inventoryStock],
    fromBeginning: false,
    reportLag: false,
    handle: async (events) => {
      await cache.invalidate([...new Set(events.map(({ event }) => event.data.sku))]);
    },
  });
}
