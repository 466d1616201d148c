import {
  createLogger,
  createMetrics,
  Database,
  EventBus,
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
import { StockQueryService } from './app/stock-query.service';
import { StockService } from './app/stock.service';
import { InventoryConfig, loadInventoryConfig } from './config';
import { createLoaders, InventoryContext } from './graphql/context';
import { ProductResolver } from './graphql/product.resolver';
import { buildInventorySchema } from './graphql/schema';
import { ReservationLineResolver, StockLevelResolver } from './graphql/stock-level.resolver';
import { StockResolver } from './graphql/stock.resolver';
import { INVENTORY_ENTITIES } from './infra/db/entities';
import { InventorySchema1767225600100 } from './infra/db/migrations/1767225600100-inventory-schema';
import { LocationRepository } from './infra/location.repository';
import { ReservationRepository } from './infra/reservation.repository';
import { seedDemoInventory } from './infra/seed-demo-inventory';
import { StockLevelRepository } from './infra/stock-level.repository';
import { StockMovementRepository } from './infra/stock-movement.repository';

export interface StartInventoryOptions {
  config: InventoryConfig;
  /** The event bus to publish on; a private in-process bus when omitted. */
  bus?: EventBus;
  log?: Logger;
  /** Epoch-ms clock, for tests that move time. */
  clock?: () => number;
}

export interface RunningInventory extends Stoppable {
  url: string;
  port: number;
  db: Database;
  outbox: Outbox;
  stock: StockService;
  queries: StockQueryService;
}

/** Composition root of the inventory service. */
export async function startInventory(options: StartInventoryOptions): Promise<RunningInventory> {
  const { config } = options;
  const log = options.log ?? createLogger('inventory', config.logLevel);
  const metrics = createMetrics('inventory');
  const db = await openDatabase({
    config: config.database,
    entities: INVENTORY_ENTITIES,
    migrations: [SharedTables1767225600000, InventorySchema1767225600100],
    log,
  });
  const bus = options.bus ?? new InProcessEventBus(log);
  const outbox = new Outbox(db, bus, log, { pollMs: config.outboxPollMs });
  const levels = new StockLevelRepository();
  const reservations = new ReservationRepository();
  const movements = new StockMovementRepository();
  const locations = new LocationRepository();
  const stock = new StockService({
    db,
    outbox,
    levels,
    reservations,
    movements,
    locations,
    limits: config.reservations,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const queries = new StockQueryService(db, levels, locations, reservations, movements);
  if (config.seedDemoData) await seedDemoInventory(db, outbox, log);
  outbox.start();
  outbox.kick();

  const schema = await buildInventorySchema(
    resolverContainer([
      new StockResolver(stock, queries),
      new ProductResolver(),
      new StockLevelResolver(),
      new ReservationLineResolver(),
    ]),
  );
  const server = await startSubgraphServer<InventoryContext>({
    config,
    schema,
    context: async () => ({ actor: 'anonymous', loaders: createLoaders(queries) }),
    readiness: [{ name: 'database', check: () => db.ping() }],
    metrics,
    log,
  });
  return {
    url: `${server.url}/graphql`,
    port: server.port,
    db,
    outbox,
    stock,
    queries,
    stop: async () => {
      await server.close();
      await outbox.stop();
      if (!options.bus) await bus.close();
      await db.close();
    },
  };
}

if (require.main === module) {
  runService('inventory', () => startInventory({ config: loadInventoryConfig() }));
}
