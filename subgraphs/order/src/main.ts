import {
  createLogger,
  createMetrics,
  Database,
  EventBus,
  GraphQLClient,
  InProcessEventBus,
  Logger,
  openDatabase,
  Outbox,
  resolverContainer,
  runService,
  SharedTables1767225600000,
  startSubgraphServer,
  Stoppable,
} from '@stockgraph/shared';
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

export interface StartOrderOptions {
  config: OrderConfig;
  bus?: EventBus;
  log?: Logger;
}

export interface RunningOrder extends Stoppable {
  url: string;
  port: number;
  db: Database;
  outbox: Outbox;
}

/** Composition root of the order service. */
export async function startOrder(options: StartOrderOptions): Promise<RunningOrder> {
  const { config } = options;
  const log = options.log ?? createLogger('order', config.logLevel);
  const metrics = createMetrics('order');
  const db = await openDatabase({
    config: config.database,
    entities: ORDER_ENTITIES,
    migrations: [SharedTables1767225600000, OrderSchema1767225600300],
    log,
  });
  const bus = options.bus ?? new InProcessEventBus(log);
  const outbox = new Outbox(db, bus, log, { pollMs: config.outboxPollMs });
  const orders = new OrderService(
    db,
    outbox,
    new OrderRepository(),
    new InventoryClient(new GraphQLClient('inventory', config.inventory.url, config.inventory.timeoutMs)),
    new CatalogClient(new GraphQLClient('catalog', config.catalog.url, config.catalog.timeoutMs)),
  );
  outbox.start();
  outbox.kick();

  const schema = await buildOrderSchema(resolverContainer([new OrderResolver(orders)]));
  const server = await startSubgraphServer<OrderContext>({
    config,
    schema,
    context: async () => ({ loaders: createLoaders(orders) }),
    readiness: [{ name: 'database', check: () => db.ping() }],
    metrics,
    log,
  });
  return {
    url: `${server.url}/graphql`,
    port: server.port,
    db,
    outbox,
    stop: async () => {
      await server.close();
      await outbox.stop();
      if (!options.bus) await bus.close();
      await db.close();
    },
  };
}

if (require.main === module) {
  runService('order', () => startOrder({ config: loadOrderConfig() }));
}
