import './tracing';
import { TOPICS } from '@stockgraph/events';
import {
  consumerMetrics,
  deadLetterTopic,
  EventDecoder,
  type EventBus,
  EventSchemas,
  processGroupId,
} from '@stockgraph/messaging';
import { GraphQLClient, type Logger, runService } from '@stockgraph/runtime';
import { openSubgraphRuntime, type RunningSubgraph, serveSubgraph } from '@stockgraph/graphql-service';
import { Counter, Gauge } from 'prom-client';
import { OrderRecovery } from './app/order-recovery';
import { createOrderServices, type OrderServices } from './app/order-services';
import { loadOrderConfig, type OrderConfig } from './config';
import { OrderUpdatesFeed } from './events/order-updates-feed';
import { reservationOutcomeConsumer } from './events/reservation-outcome.consumer';
import { createLoaders, type OrderContext } from './graphql/context';
import { buildOrderSchema } from './graphql/schema';
import { CatalogClient } from './infra/clients/catalog.client';
import { InventoryClient } from './infra/clients/inventory.client';
import { ORDER_ENTITIES } from './infra/db/entities';
import { OrderSchema1767225600300 } from './infra/db/migrations/1767225600300-order-schema';
import { OrderRecovery1767225600301 } from './infra/db/migrations/1767225600301-order-recovery';
import { OrderKeyPerCustomer1767225600302 } from './infra/db/migrations/1767225600302-order-key-per-customer';
import { OrderRepository } from './infra/order.repository';

export interface StartOrderOptions {
  config: OrderConfig;
  bus?: EventBus;
  log?: Logger;
}

export interface RunningOrder extends RunningSubgraph {
  orders: OrderServices;
  recovery: OrderRecovery;
}

/** Composition root of the order service. */
export async function startOrder(options: StartOrderOptions): Promise<RunningOrder> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: ORDER_ENTITIES,
    migrations: [OrderSchema1767225600300, OrderRecovery1767225600301, OrderKeyPerCustomer1767225600302],
    topics: [
      TOPICS.orderEvents,
      TOPICS.inventoryReservations,
      deadLetterTopic(TOPICS.inventoryReservations),
      deadLetterTopic(TOPICS.orderEvents),
    ],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, outbox, bus, log, metrics } = runtime;
  const tokens = await runtime.serviceTokens();
  const identity = { caller: config.service, authorization: () => tokens.authorization() };
  const inventory = new InventoryClient(
    new GraphQLClient('inventory', config.inventory.url, config.inventory.timeoutMs, identity),
  );
  const orders = createOrderServices({
    db,
    outbox,
    orders: new OrderRepository(),
    inventory,
    paymentHoldSeconds: config.paymentHoldSeconds,
    catalog: new CatalogClient(new GraphQLClient('catalog', config.catalog.url, config.catalog.timeoutMs, identity)),
    // The crash test's process death between inventory's hold and the order recording it.
    ...(config.faults.has('crash-after-reserve') ? { afterReserve: () => process.kill(process.pid, 'SIGKILL') } : {}),
  });
  const schemas = new EventSchemas();
  const outcomes = reservationOutcomeConsumer(
    { bus, schemas, metrics: consumerMetrics(metrics.registry), log },
    orders.lifecycle,
  );
  outcomes.start();
  const recovered = new Counter({
    name: 'order_recovery_total',
    help: 'Orders recovery carried on or settled after a crash or outage, and attempts that failed.',
    labelNames: ['result'],
    registers: [metrics.registry],
  });
  const recovery = new OrderRecovery(orders, inventory, log, config.recovery, (report) => {
    for (const result of ['resumed', 'settled', 'failed'] as const) recovered.inc({ result }, report[result]);
  });
  recovery.start();
  const updates = new OrderUpdatesFeed(
    bus,
    processGroupId('order-live', config.instanceId),
    new EventDecoder('order-updates-feed', schemas, bus, consumerMetrics(metrics.registry), log),
    log,
  );
  updates.start();
  new Gauge({
    name: 'order_update_watchers',
    help: 'orderUpdated subscriptions open on this instance.',
    registers: [metrics.registry],
    collect() {
      this.set(updates.watcherCount);
    },
  });

  const schema = await buildOrderSchema(orders);
  const running = await serveSubgraph<OrderContext>(runtime, {
    schema,
    context: (_req, caller) => Promise.resolve({ caller, loaders: createLoaders(orders.queries), updates }),
    subscriptionContext: (caller) => ({ caller, loaders: createLoaders(orders.queries, { cache: false }), updates }),
    background: { 'order recovery': recovery, 'reservation outcomes': outcomes },
    liveFeeds: { 'order updates feed': updates },
  });
  return { ...running, orders, recovery };
}

if (require.main === module) {
  runService('order', () => startOrder({ config: loadOrderConfig() }));
}
