import type { Caller } from '@stockgraph/domain';
import DataLoader from 'dataloader';
import type { OrderQueryService } from '../app/order-query.service';
import type { Order, OrderEvent } from '../domain/order';
import type { OrderUpdatesFeed } from '../events/order-updates-feed';

export interface OrderLoaders {
  orderById: DataLoader<string, Order | null>;
  historyByOrderId: DataLoader<string, OrderEvent[]>;
}

export interface OrderContext {
  /** Who is calling, from the verified token. */
  caller: Caller;
  loaders: OrderLoaders;
  updates: OrderUpdatesFeed;
}

/**
 * Per-request batching loaders. A subscription's context lives as long as the
 * subscription, so it asks for `cache: false`: every event is resolved afresh.
 */
export function createLoaders(orders: OrderQueryService, options: { cache?: boolean } = {}): OrderLoaders {
  return {
    orderById: new DataLoader(async (ids) => {
      const byId = new Map((await orders.ordersByIds(ids)).map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? null);
    }, options),
    historyByOrderId: new DataLoader(async (ids) => {
      const events = await orders.historyOf(ids);
      return ids.map((id) => events.filter((e) => e.orderId === id));
    }, options),
  };
}
