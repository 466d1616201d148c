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
import { CatalogService } from './app/catalog.service';
import { StockValidationService } from './app/stock-validation.service';
import { CatalogConfig, loadCatalogConfig } from './config';
import { CatalogContext, createLoaders } from './graphql/context';
import { ProductResolver } from './graphql/product.resolver';
import { buildCatalogSchema } from './graphql/schema';
import { StockValidationResolver } from './graphql/stock-validation.resolver';
import { InventoryClient } from './infra/clients/inventory.client';
import { CATALOG_ENTITIES } from './infra/db/entities';
import { CatalogSchema1767225600200 } from './infra/db/migrations/1767225600200-catalog-schema';
import { ProductRepository } from './infra/product.repository';
import { seedDemoCatalog } from './infra/seed-demo-catalog';

export interface StartCatalogOptions {
  config: CatalogConfig;
  bus?: EventBus;
  log?: Logger;
}

export interface RunningCatalog extends Stoppable {
  url: string;
  port: number;
  db: Database;
  outbox: Outbox;
}

/** Composition root of the catalog service. */
export async function startCatalog(options: StartCatalogOptions): Promise<RunningCatalog> {
  const { config } = options;
  const log = options.log ?? createLogger('catalog', config.logLevel);
  const metrics = createMetrics('catalog');
  const db = await openDatabase({
    config: config.database,
    entities: CATALOG_ENTITIES,
    migrations: [SharedTables1767225600000, CatalogSchema1767225600200],
    log,
  });
  const bus = options.bus ?? new InProcessEventBus(log);
  const outbox = new Outbox(db, bus, log, { pollMs: config.outboxPollMs });
  const catalog = new CatalogService(db, outbox, new ProductRepository());
  const inventory = new InventoryClient(new GraphQLClient('inventory', config.inventory.url, config.inventory.timeoutMs));
  const validation = new StockValidationService(catalog, inventory);
  if (config.seedDemoData) await seedDemoCatalog(db, outbox, log);
  outbox.start();
  outbox.kick();

  const schema = await buildCatalogSchema(
    resolverContainer([new ProductResolver(catalog), new StockValidationResolver(validation)]),
  );
  const server = await startSubgraphServer<CatalogContext>({
    config,
    schema,
    context: async () => ({ loaders: createLoaders(catalog) }),
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
  runService('catalog', () => startCatalog({ config: loadCatalogConfig() }));
}
