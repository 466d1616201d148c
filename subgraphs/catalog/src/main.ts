import { EventBus, GraphQLClient, Logger, openSubgraphRuntime, resolverContainer, RunningSubgraph, runService, serveSubgraph } from '@stockgraph/shared';
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
import { PRODUCTS_TOPIC } from './events/topics';

export interface StartCatalogOptions {
  config: CatalogConfig;
  bus?: EventBus;
  log?: Logger;
}

export type RunningCatalog = RunningSubgraph;

/** Composition root of the catalog service. */
export async function startCatalog(options: StartCatalogOptions): Promise<RunningCatalog> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: CATALOG_ENTITIES,
    migrations: [CatalogSchema1767225600200],
    topics: [PRODUCTS_TOPIC],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, outbox, log } = runtime;
  const catalog = new CatalogService(db, outbox, new ProductRepository());
  const inventory = new InventoryClient(new GraphQLClient('inventory', config.inventory.url, config.inventory.timeoutMs));
  const validation = new StockValidationService(catalog, inventory);
  if (config.seedDemoData) await seedDemoCatalog(db, outbox, log);

  const schema = await buildCatalogSchema(resolverContainer([new ProductResolver(catalog), new StockValidationResolver(validation)]));
  return serveSubgraph<CatalogContext>(runtime, { schema, context: async () => ({ loaders: createLoaders(catalog) }) });
}

if (require.main === module) {
  runService('catalog', () => startCatalog({ config: loadCatalogConfig() }));
}
