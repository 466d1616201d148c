import type { Database } from '@stockgraph/persistence';
import type { Outbox } from '@stockgraph/messaging';
import type { CatalogClient } from '../infra/clients/catalog.client';
import type { InventoryClient } from '../infra/clients/inventory.client';
import type { OrderRepository } from '../infra/order.repository';
import { OrderLifecycleService } from './order-lifecycle.service';
import { OrderPaymentService } from './order-payment.service';
import { OrderPlacementService } from './order-placement.service';
import { OrderQueryService } from './order-query.service';
import { OrderTransitionRecorder } from './order-transition-recorder';

export interface OrderServicesDeps {
  db: Database;
  outbox: Outbox;
  orders: OrderRepository;
  inventory: InventoryClient;
  catalog: CatalogClient;
  clock?: () => number;
  /** How long a payment in flight keeps its order's hold (600 s when omitted). */
  paymentHoldSeconds?: number;
  /** Called right after inventory held an order's stock, before the order records it: the crash-test hook. */
  afterReserve?: (orderId: string) => void;
}

/** The order use cases, one service each. */
export interface OrderServices {
  placement: OrderPlacementService;
  lifecycle: OrderLifecycleService;
  payment: OrderPaymentService;
  queries: OrderQueryService;
}

/** The order use cases wired to one database, outbox and pair of clients, sharing one transition recorder. */
export function createOrderServices(deps: OrderServicesDeps): OrderServices {
  const { db, outbox, orders, inventory, catalog } = deps;
  const clock = deps.clock ?? Date.now;
  const queries = new OrderQueryService({ db, orders });
  const transitions = new OrderTransitionRecorder({ db, outbox, orders });
  const lifecycle = new OrderLifecycleService({ db, orders, queries, transitions, inventory, clock });
  return {
    placement: new OrderPlacementService({
      db,
      orders,
      queries,
      transitions,
      inventory,
      catalog,
      clock,
      ...(deps.afterReserve ? { afterReserve: deps.afterReserve } : {}),
    }),
    lifecycle,
    payment: new OrderPaymentService({
      db,
      orders,
      queries,
      lifecycle,
      inventory,
      paymentHoldSeconds: deps.paymentHoldSeconds ?? 600,
    }),
    queries,
  };
}
