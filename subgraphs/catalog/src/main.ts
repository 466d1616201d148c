import './tracing';
import { TOPICS } from '@stockgraph/events';
import { consumerMetrics, deadLetterTopic, type EventBus, EventSchemas, processGroupId } from '@stockgraph/messaging';
import { createRedis, GraphQLClient, type Logger, runService } from '@stockgraph/runtime';
import { describeDatabase } from '@stockgraph/persistence';
import {
  openSubgraphRuntime,
  resolverContainer,
  type RunningSubgraph,
  serveSubgraph,
} from '@stockgraph/graphql-service';
import { createHash } from 'node:crypto';
import { Counter, Gauge } from 'prom-client';
import { stockCacheInvalidationConsumer } from './events/stock-cache-invalidation.consumer';
import { StockValidations1767225600202 } from './infra/db/migrations/1767225600202-stock-validations';
import { DropSearchText1767225600203 } from './infra/db/migrations/1767225600203-drop-search-text';
import { CategoryUpdatedAt1767225600204 } from './infra/db/migrations/1767225600204-category-updated-at';
import { LiveStockChecker } from './infra/stock-check/live-stock-checker';
import { LocalRateLimiter, RedisRateLimiter } from './infra/stock-check/rate-limiter';
import {
  InMemoryStockAnswerCache,
  NoStockAnswerCache,
  RedisStockAnswerCache,
} from './infra/stock-check/stock-answer-cache';
import { ValidationAudit } from './infra/validation-audit';
import { ProjectionReconciler } from './app/projection-reconciler';
import { StockProjectionService } from './app/stock-projection.service';
import { stockProjectionConsumer } from './events/stock-projection.consumer';
import { StockProjection1767225600201 } from './infra/db/migrations/1767225600201-stock-projection';
import { StockProjectionRepository } from './infra/stock-projection.repository';
import { CatalogService } from './app/catalog.service';
import { StockValidationService } from './app/stock-validation.service';
import { type CatalogConfig, loadCatalogConfig } from './config';
import { type CatalogContext, createLoaders } from './graphql/context';
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

export interface RunningCatalog extends RunningSubgraph {
  reconciler: ProjectionReconciler;
  audit: ValidationAudit;
  checker: LiveStockChecker;
}

/** Composition root of the catalog service. */
export async function startCatalog(options: StartCatalogOptions): Promise<RunningCatalog> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: CATALOG_ENTITIES,
    migrations: [
      CatalogSchema1767225600200,
      StockProjection1767225600201,
      StockValidations1767225600202,
      DropSearchText1767225600203,
      CategoryUpdatedAt1767225600204,
    ],
    topics: [
      TOPICS.catalogProducts,
      TOPICS.catalogCategories,
      TOPICS.inventoryStock,
      deadLetterTopic(TOPICS.inventoryStock),
    ],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, outbox, log, bus, metrics } = runtime;
  const tokens = await runtime.serviceTokens();
  const serviceAuthorization = () => tokens.authorization();
  const projection = new StockProjectionRepository();
  const catalog = new CatalogService(db, outbox, new ProductRepository(), projection);
  const inventory = new InventoryClient(
    new GraphQLClient('inventory', config.inventory.url, config.inventory.timeoutMs, {
      caller: config.service,
      authorization: serviceAuthorization,
    }),
  );
  const consumers = consumerMetrics(metrics.registry);
  const consumerDeps = { bus, schemas: new EventSchemas(), metrics: consumers, log };
  const projector = stockProjectionConsumer(consumerDeps, new StockProjectionService(db, projection, consumers));
  projector.start();
  const repairs = new Counter({
    name: 'stock_projection_repairs_total',
    help: 'Projected stock rows the reconciliation rewrote or removed to match inventory.',
    registers: [metrics.registry],
  });
  const reconciler = new ProjectionReconciler(
    db,
    projection,
    inventory,
    log,
    config.reconcileIntervalMs,
    (rows) => repairs.inc(rows),
    runtime.jobLease('stock projection reconciliation', config.reconcileIntervalMs),
  );
  reconciler.start();
  const { registry } = metrics;
  const redis = config.redisUrl ? createRedis(config.redisUrl, log) : null;
  // One catalog deployment, one set of keys: named after its event namespace and database.
  const namespace = config.eventBus.kind === 'kafka' ? config.eventBus.namespace : '';
  const prefix = `stockgraph:${namespace}catalog:${createHash('sha256').update(describeDatabase(config.database)).digest('hex').slice(0, 12)}:`;
  const cache =
    config.stockCache.ttlMs === 0
      ? new NoStockAnswerCache()
      : redis
        ? new RedisStockAnswerCache(redis, prefix, config.stockCache.ttlMs, log)
        : new InMemoryStockAnswerCache(config.stockCache.ttlMs);
  const limiter = redis
    ? new RedisRateLimiter(
        redis,
        `${prefix}inventory-calls`,
        config.inventory.rateLimit,
        log,
        config.inventory.rateWindowMs,
      )
    : new LocalRateLimiter(config.inventory.rateLimit, config.inventory.rateWindowMs);
  const circuit = new Gauge({
    name: 'inventory_circuit_state',
    help: 'The circuit around live stock checks: 0 closed, 1 half-open (probing), 2 open.',
    registers: [registry],
  });
  const calls = new Counter({
    name: 'inventory_stock_calls_total',
    help: 'Live stock calls to inventory, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: 'stock_answer_cache_lookups_total',
    help: "Skus looked up in the stock-answer cache by validateStock, by result (hit or miss); seed 002's target is 95 % hits.",
    labelNames: ['result'],
    registers: [registry],
  });
  const answers = new Counter({
    name: 'stock_validations_total',
    help: 'validateStock answers, live or degraded, and whether checkout may go on.',
    labelNames: ['mode', 'ok'],
    registers: [registry],
  });
  const checker = new LiveStockChecker(inventory, cache, limiter, {
    batchWindowMs: config.inventory.batchWindowMs,
    breakerResetMs: config.inventory.breakerResetMs,
    onCircuitChange: (state) => circuit.set(state === 'closed' ? 0 : state === 'half-open' ? 1 : 2),
    onCall: (outcome) => calls.inc({ outcome }),
    onCacheLookup: (hits, misses) => {
      if (hits > 0) cacheLookups.inc({ result: 'hit' }, hits);
      if (misses > 0) cacheLookups.inc({ result: 'miss' }, misses);
    },
  });
  const audit = new ValidationAudit(db, log, config.auditRetentionMs, (intervalMs) =>
    runtime.jobLease('stock validation purge', intervalMs),
  );
  audit.startPurging();
  const validation = new StockValidationService(
    catalog,
    checker,
    audit,
    { timeoutMs: config.inventory.timeoutMs, degradedPolicy: config.degradedPolicy },
    (mode, ok) => answers.inc({ mode, ok: String(ok) }),
  );
  const invalidator = stockCacheInvalidationConsumer(
    consumerDeps,
    cache,
    processGroupId('catalog-stock-cache', config.instanceId),
  );
  invalidator.start();
  if (config.seedDemoData) await seedDemoCatalog(db, outbox, log);

  const schema = await buildCatalogSchema(
    resolverContainer([new ProductResolver(catalog, reconciler), new StockValidationResolver(validation)]),
  );
  const running = await serveSubgraph<CatalogContext>(runtime, {
    schema,
    context: (_req, caller) => Promise.resolve({ caller, loaders: createLoaders(catalog) }),
    background: {
      'stock projection reconciler': reconciler,
      'stock projection': projector,
      'stock cache invalidation': invalidator,
      'validation audit': audit,
      'live stock checker': {
        stop: () => {
          checker.shutdown();
          return Promise.resolve();
        },
      },
    },
  });
  return {
    ...running,
    reconciler,
    audit,
    checker,
    stop: async () => {
      await running.stop();
      redis?.disconnect();
    },
  };
}

if (require.main === module) {
  runService('catalog', () => startCatalog({ config: loadCatalogConfig() }));
}
