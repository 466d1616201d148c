import DataLoader from 'dataloader';
import type { OrderService } from '../app/order.service';
import type { Order, OrderEvent } from '../domain/order';

export interface OrderLoaders {
  orderById: DataLoader<string, Order | null>;
  historyByOrderId: DataLoader<string, OrderEvent[]>;
}

export interface OrderContext {
  loaders: OrderLoaders;
}

export function createLoaders(orders: OrderService): OrderLoaders {
  return {
    orderById: new DataLoader(async (ids) => {
      const byId = new Map((await orders.ordersByIds(ids)).map((o) => [o.id, o]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    historyByOrderId: new DataLoader(async (ids) => {
      const events = await orders.historyOf(ids);
      return ids.map((id) => events.filter((e) => e.orderId === id));
    }),
  };
}
