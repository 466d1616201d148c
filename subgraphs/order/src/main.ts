import { EventBus, GraphQLClient, Logger, openSubgraphRuntime, resolverContainer, RunningSubgraph, runService, serveSubgraph } from '@stockgraph/shared';
import { OrderService } from './app/order.service';
import { loadOrderConfig, OrderConfig } from './config';
import { createLoaders, OrderContext } from './graphql/context';
import { OrderResolver } from './graphql/order.resolver';
import { buildOrderSchema } from './graphql/schema';
import { CatalogClient } from './infra/clients/catalog.client';
import { InventoryClient } from './infra/clients/inventory.client';
import { ORDER_ENTITIES } from './infra/db/entities';
import { OrderSchema1767225600300 } from './infra/db/migrations/1767225600300-order-schema';
import { OrderRepository } from './infra/order.repository';
import { ORDER_EVENTS_TOPIC } from './events/order-events';

export interface StartOrderOptions {
  config: OrderConfig;
  bus?: EventBus;
  log?: Logger;
}

export type RunningOrder = RunningSubgraph;

/** Composition root of the order service. */
export async function startOrder(options: StartOrderOptions): Promise<RunningOrder> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: ORDER_ENTITIES,
    migrations: [OrderSchema1767225600300],
    topics: [ORDER_EVENTS_TOPIC],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const orders = new OrderService(
    runtime.db,
    runtime.outbox,
    new OrderRepository(),
    new InventoryClient(new GraphQLClient('inventory', config.inventory.url, config.inventory.timeoutMs)),
    new CatalogClient(new GraphQLClient('catalog', config.catalog.url, config.catalog.timeoutMs)),
  );
  const schema = await buildOrderSchema(resolverContainer([new OrderResolver(orders)]));
  return serveSubgraph<OrderContext>(runtime, { schema, context: async () => ({ loaders: createLoaders(orders) }) });
}

if (require.main === module) {
  runService('order', () => startOrder({ config: loadOrderConfig() }));
}
