import { EventBus, IncomingMessage, Logger, ResilientConsumer } from '@stockgraph/shared';
import { INVENTORY_STOCK_TOPIC } from '../app/stock-projection.service';
import type { StockAnswerCache } from '../infra/stock-check/stock-answer-cache';

/**
 * Drops cached inventory answers the moment a stock event for their sku arrives. Every
 * instance listens in a group of its own, because each may hold its own cache.
 */
export function stockCacheInvalidationConsumer(bus: EventBus, cache: StockAnswerCache, groupId: string, log: Logger): ResilientConsumer {
  const skuOf = (message: IncomingMessage): string | null => {
    try {
      const sku = (JSON.parse(message.value ?? '') as { data?: { sku?: unknown } }).data?.sku;
      return typeof sku === 'string' ? sku : message.key;
    } catch {
      // The projector dead-letters unreadable events; the message key still names the sku.
      return message.key;
    }
  };
  return new ResilientConsumer(
    bus,
    {
      groupId,
      topics: [INVENTORY_STOCK_TOPIC],
      fromBeginning: false,
      handleBatch: async (messages) => {
        const skus = [...new Set(messages.map(skuOf).filter((sku): sku is string => !!sku))];
        await cache.invalidate(skus);
      },
    },
    log,
  );
}
