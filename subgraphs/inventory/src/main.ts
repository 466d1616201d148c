import {
  consumerMetrics,
  deadLetterTopic,
  EventBus,
  EventSchemas,
  Logger,
  openSubgraphRuntime,
  resolverContainer,
  RunningSubgraph,
  runService,
  serveSubgraph,
  CallerBudget,
} from '@stockgraph/shared';
import { Counter, Gauge, Histogram } from 'prom-client';
import { StockQueryService } from './app/stock-query.service';
import { StockService } from './app/stock.service';
import { InventoryConfig, loadInventoryConfig } from './config';
import { createLoaders, InventoryContext } from './graphql/context';
import { ProductResolver } from './graphql/product.resolver';
import { buildInventorySchema } from './graphql/schema';
import { ReservationLineResolver, StockLevelResolver } from './graphql/stock-level.resolver';
import { StockChangeResolver } from './graphql/stock-change.resolver';
import { StockResolver } from './graphql/stock.resolver';
import { LiveStockFeed } from './events/live-stock-feed';
import { RESERVATIONS_TOPIC, STOCK_TOPIC, WAREHOUSE_TOPIC } from './events/topics';
import { warehouseIngestionConsumer } from './events/warehouse-ingestion.consumer';
import { WarehouseIngestionService } from './app/warehouse-ingestion.service';
import { WarehouseCountSubmissionService } from './app/warehouse-count-submission.service';
import { LocationService } from './app/location.service';
import { OperationsResolver } from './graphql/operations.resolver';
import { WarehouseWatermarkRepository } from './infra/warehouse-watermark.repository';
import { WarehouseWatermarks1767225600102 } from './infra/db/migrations/1767225600102-warehouse-watermarks';
import { INVENTORY_ENTITIES } from './infra/db/entities';
import { InventorySchema1767225600100 } from './infra/db/migrations/1767225600100-inventory-schema';
import { ReservationLineSkuIndex1767225600101 } from './infra/db/migrations/1767225600101-reservation-line-sku-index';
import { ReservationSweeper } from './app/reservation-sweeper';
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

export interface RunningInventory extends RunningSubgraph {
  stock: StockService;
  queries: StockQueryService;
  liveStock: LiveStockFeed;
  sweeper: ReservationSweeper;
}

/** Composition root of the inventory service. */
export async function startInventory(options: StartInventoryOptions): Promise<RunningInventory> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: INVENTORY_ENTITIES,
    migrations: [InventorySchema1767225600100, ReservationLineSkuIndex1767225600101, WarehouseWatermarks1767225600102],
    topics: [STOCK_TOPIC, RESERVATIONS_TOPIC, WAREHOUSE_TOPIC, deadLetterTopic(WAREHOUSE_TOPIC)],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, outbox, log, bus, metrics } = runtime;
  const clock = options.clock ?? Date.now;
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
    clock,
  });
  const queries = new StockQueryService(clock, db, levels, locations, reservations, movements);
  if (config.seedDemoData) await seedDemoInventory(db, outbox, log);
  const expired = new Counter({
    name: 'reservations_expired_total',
    help: 'Holds the sweeper released because they expired.',
    registers: [metrics.registry],
  });
  const ingestion = warehouseIngestionConsumer(
    bus,
    new WarehouseIngestionService(db, stock, new WarehouseWatermarkRepository(), outbox, new EventSchemas(), consumerMetrics(metrics.registry), log),
    consumerMetrics(metrics.registry),
    log,
  );
  ingestion.start();
  const sweeper = new ReservationSweeper(stock, log, config.reservations.sweepIntervalMs, (n) => expired.inc(n));
  sweeper.start();
  const losses = new Counter({
    name: 'stock_subscription_losses_total',
    help: 'Stock changes a slow subscriber did not get: coalesced into a newer change of the same stock level, or dropped.',
    labelNames: ['kind'],
    registers: [metrics.registry],
  });
  const lag = new Histogram({
    name: 'stock_live_feed_lag_seconds',
    help: 'From a stock change committing to it reaching this instance\'s live feed (outbox, bus, consumer).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics.registry],
  });
  const liveStock = new LiveStockFeed(
    bus,
    `inventory-live-${config.instanceId}`,
    log,
    (kind) => losses.inc({ kind }),
    (seconds) => lag.observe(seconds),
  );
  new Gauge({
    name: 'stock_live_subscribers',
    help: 'stockChanged subscriptions open on this instance.',
    registers: [metrics.registry],
    collect() {
      this.set(liveStock.subscriberCount);
    },
  });
  liveStock.start();

  const schema = await buildInventorySchema(
    resolverContainer([
      new StockResolver(stock, queries),
      new ProductResolver(),
      new StockLevelResolver(),
      new ReservationLineResolver(),
      new StockChangeResolver(),
      new OperationsResolver(new LocationService(db, locations, clock), new WarehouseCountSubmissionService(db, outbox)),
    ]),
  );
  const running = await serveSubgraph<InventoryContext>(runtime, {
    schema,
    context: async () => ({ actor: 'anonymous', loaders: createLoaders(queries), liveStock }),
    subscriptionContext: () => ({ actor: 'anonymous', loaders: createLoaders(queries, { cache: false }), liveStock }),
    background: { 'warehouse ingestion': ingestion, 'reservation sweeper': sweeper },
    liveFeeds: { 'live stock feed': liveStock },
    // Inventory's own count of each caller: callers' limiters keep under it, this makes it hold.
    callerBudget: new CallerBudget(config.callerRateLimits),
  });
  return { ...running, stock, queries, liveStock, sweeper };
}

if (require.main === module) {
  runService('inventory', () => startInventory({ config: loadInventoryConfig() }));
}
