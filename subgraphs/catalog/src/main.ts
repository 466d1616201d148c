import {
  consumerMetrics,
  deadLetterTopic,
  EventBus,
  EventSchemas,
  GraphQLClient,
  Logger,
  openSubgraphRuntime,
  resolverContainer,
  RunningSubgraph,
  runService,
  serveSubgraph,
} from '@stockgraph/shared';
import { Counter } from 'prom-client';
import { ProjectionReconciler } from './app/projection-reconciler';
import { INVENTORY_STOCK_TOPIC, StockProjectionService } from './app/stock-projection.service';
import { stockProjectionConsumer } from './events/stock-projection.consumer';
import { StockProjection1767225600201 } from './infra/db/migrations/1767225600201-stock-projection';
import { StockProjectionRepository } from './infra/stock-projection.repository';
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

export interface RunningCatalog extends RunningSubgraph {
  reconciler: ProjectionReconciler;
}

/** Composition root of the catalog service. */
export async function startCatalog(options: StartCatalogOptions): Promise<RunningCatalog> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: CATALOG_ENTITIES,
    migrations: [CatalogSchema1767225600200, StockProjection1767225600201],
    topics: [PRODUCTS_TOPIC, INVENTORY_STOCK_TOPIC, deadLetterTopic(INVENTORY_STOCK_TOPIC)],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, outbox, log, bus, metrics } = runtime;
  const projection = new StockProjectionRepository();
  const catalog = new CatalogService(db, outbox, new ProductRepository(), projection);
  const inventory = new InventoryClient(new GraphQLClient('inventory', config.inventory.url, config.inventory.timeoutMs));
  const consumers = consumerMetrics(metrics.registry);
  const projector = stockProjectionConsumer(bus, new StockProjectionService(db, projection, outbox, new EventSchemas(), consumers), consumers, log);
  projector.start();
  const repairs = new Counter({
    name: 'stock_projection_repairs_total',
    help: 'Projected stock rows the reconciliation rewrote or removed to match inventory.',
    registers: [metrics.registry],
  });
  const reconciler = new ProjectionReconciler(db, projection, inventory, log, (rows) => repairs.inc(rows));
  reconciler.start(config.reconcileIntervalMs);
  const validation = new StockValidationService(catalog, inventory);
  if (config.seedDemoData) await seedDemoCatalog(db, outbox, log);

  const schema = await buildCatalogSchema(resolverContainer([new ProductResolver(catalog, reconciler), new StockValidationResolver(validation)]));
  const running = await serveSubgraph<CatalogContext>(runtime, {
    schema,
    context: async () => ({ loaders: createLoaders(catalog) }),
    readiness: [
      {
        name: 'stock projection',
        check: async () => {
          if (!projector.ready) throw new Error('not yet consuming inventory.stock.v1');
        },
      },
    ],
  });
  return {
    ...running,
    reconciler,
    stop: async () => {
      await reconciler.stop();
      await projector.stop();
      await running.stop();
    },
  };
}

if (require.main === module) {
  runService('catalog', () => startCatalog({ config: loadCatalogConfig() }));
}
