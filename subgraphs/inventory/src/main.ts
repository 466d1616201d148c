import './tracing';
import { TOPICS } from '@stockgraph/events';
import {
  consumerMetrics,
  DeadLetterDesk,
  deadLetterTopic,
  DLQ_ACTIONS_TOPIC,
  type EventBus,
  EventDecoder,
  EventSchemas,
  processGroupId,
} from '@stockgraph/messaging';
import { CallerBudget, type Logger, runService } from '@stockgraph/runtime';
import {
  openSubgraphRuntime,
  resolverContainer,
  type RunningSubgraph,
  serveSubgraph,
} from '@stockgraph/graphql-service';
import { Counter } from 'prom-client';
import { type InventoryConfig, loadInventoryConfig } from './config';
import { createLoaders, type InventoryContext } from './graphql/context';
// Before any resolver module: it fixes the order the SDL prints fields in.
import { buildInventorySchema } from './graphql/schema';
import { LocationResolver } from './graphql/location.resolver';
import { ProductResolver } from './graphql/product.resolver';
import { ReservationLineResolver, ReservationResolver } from './graphql/reservation.resolver';
import { StockAdjustmentResolver } from './graphql/stock-adjustment.resolver';
import { StockChangeResolver } from './graphql/stock-change.resolver';
import { StockLedgerResolver } from './graphql/stock-ledger.resolver';
import { StockLevelResolver } from './graphql/stock-level.resolver';
import { WarehouseCountResolver } from './graphql/warehouse-count.resolver';
import { LocationService } from './app/location.service';
import { HoldExpiry } from './app/hold-expiry.service';
import { HoldExtensionService } from './app/hold-extension.service';
import { ReservationService } from './app/reservation.service';
import { ReservationSweeper } from './app/reservation-sweeper';
import { StockAdjustmentService } from './app/stock-adjustment.service';
import { StockChangeRecorder } from './app/stock-change-recorder';
import { StockQueryService } from './app/stock-query.service';
import { StockImportService } from './app/stock-import.service';
import { StockStateService } from './app/stock-state.service';
import { TransferService } from './app/transfer.service';
import { PurchaseOrderService } from './app/purchase-order.service';
import { PurchaseOrderRepository } from './infra/purchase-order.repository';
import { PurchaseOrderResolver } from './graphql/purchase-order.resolver';
import { TransferRepository } from './infra/transfer.repository';
import { TransferResolver } from './graphql/transfer.resolver';
import { type StockUseCases, stockUseCases } from './app/stock-use-cases';
import { LedgerHistoryService } from './app/ledger-history.service';
import { ledgerExportRoute } from './http/ledger-export.route';
import { WarehouseCountSubmissionService } from './app/warehouse-count-submission.service';
import { WarehouseIngestionService } from './app/warehouse-ingestion.service';
import { CurrentStock } from './events/current-stock';
import { LiveStockFeed } from './events/live-stock-feed';
import { liveStockMetrics } from './events/live-stock-metrics';
import { warehouseIngestionConsumer } from './events/warehouse-ingestion.consumer';
import { WarehouseWatermarkService } from './app/warehouse-watermark.service';
import { WarehouseWatermarkResolver } from './graphql/warehouse-watermark.resolver';
import { StoreApiKeyResolver } from './graphql/store-api-key.resolver';
import { InventorySummaryResolver } from './graphql/inventory-summary.resolver';
import { LowStockResolver } from './graphql/low-stock.resolver';
import { ReservationQueryResolver } from './graphql/reservation-query.resolver';
import { LowStockQueryService } from './app/low-stock-query.service';
import { ReservationQueryService } from './app/reservation-query.service';
import { StoreApiKeyService } from './app/store-api-key.service';
import { INVENTORY_ENTITIES } from './infra/db/entities';
import { INVENTORY_MIGRATIONS } from './infra/db/migrations';
import { LocationRepository } from './infra/location.repository';
import { ReservationRepository } from './infra/reservation.repository';
import { seedDemoInventory } from './infra/seed-demo-inventory';
import { StockLevelRepository } from './infra/stock-level.repository';
import { StockMovementRepository } from './infra/stock-movement.repository';
import { StoreAllowanceRepository } from './infra/store-allowance.repository';
import { StoreApiKeyRepository } from './infra/store-api-key.repository';
import { StoreSaleRepository } from './infra/store-sale.repository';
import { StoreAllowanceService } from './app/store-allowance.service';
import { StoreReturnService } from './app/store-return.service';
import { StoreSaleService } from './app/store-sale.service';
import { StoreSaleResolver } from './graphql/store-sale.resolver';
import { WarehouseWatermarkRepository } from './infra/warehouse-watermark.repository';
import { DeadLetterResolver } from './graphql/dead-letter.resolver';
import { DeadLetterService } from './app/dead-letter.service';

export interface StartInventoryOptions {
  config: InventoryConfig;
  /** The event bus to publish on; a private in-process bus when omitted. */
  bus?: EventBus;
  log?: Logger;
  /** Epoch-ms clock, for tests that move time. */
  clock?: () => number;
}

export type { StockUseCases };

export interface RunningInventory extends RunningSubgraph {
  reservations: ReservationService;
  /** Holds that follow payment. */
  holdExtensions: HoldExtensionService;
  adjustments: StockAdjustmentService;
  /** Stores' API keys (the embedded mode makes its demo store's). */
  storeKeys: StoreApiKeyService;
  /** A store's offline allowance, and its till's sales recorded centrally. */
  storeAllowances: StoreAllowanceService;
  storeSales: StoreSaleService;
  storeReturns: StoreReturnService;
  warehouse: WarehouseIngestionService;
  /**
   * `reservations` and `adjustments` under the one name callers used before the split
   * (the other services' integration tests drive inventory through it).
   */
  stock: StockUseCases;
  queries: StockQueryService;
  /** Counts and adjustments from CSV. */
  imports: StockImportService;
  /** Units moved between sellable, damaged and quality control. */
  states: StockStateService;
  transfers: TransferService;
  purchaseOrders: PurchaseOrderService;
  /** The ledger as history: levels as of a moment, and exports. */
  history: LedgerHistoryService;
  liveStock: LiveStockFeed;
  sweeper: ReservationSweeper;
}

/** Composition root of the inventory service. */
export async function startInventory(options: StartInventoryOptions): Promise<RunningInventory> {
  const { config } = options;
  const runtime = await openSubgraphRuntime({
    config,
    entities: INVENTORY_ENTITIES,
    migrations: INVENTORY_MIGRATIONS,
    topics: [
      TOPICS.inventoryStock,
      TOPICS.inventoryReservations,
      TOPICS.warehouseStockUpdated,
      deadLetterTopic(TOPICS.warehouseStockUpdated),
      deadLetterTopic(TOPICS.inventoryStock),
      DLQ_ACTIONS_TOPIC,
    ],
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const { db, outbox, log, bus, metrics } = runtime;
  const clock = options.clock ?? Date.now;
  const levels = new StockLevelRepository();
  const reservations = new ReservationRepository();
  const movements = new StockMovementRepository();
  const locations = new LocationRepository();
  const recorder = new StockChangeRecorder({ outbox, movements, locations });
  const holds = new HoldExpiry({ db, levels, reservations, recorder, clock });
  // What most use cases share: each takes the parts it names.
  const common = { db, levels, locations, holds, recorder, clock, limits: config.reservations };
  const reservationService = new ReservationService({ ...common, reservations });
  const holdExtensions = new HoldExtensionService({ ...common, reservations });
  const adjustments = new StockAdjustmentService(common);
  const allowances = new StoreAllowanceRepository();
  const queries = new StockQueryService(clock, db, levels, locations, reservations, movements, allowances);
  const history = new LedgerHistoryService(db, movements, clock);
  const imports = new StockImportService(adjustments);
  const states = new StockStateService(common);
  const transfers = new TransferService({ ...common, transfers: new TransferRepository() });
  const purchaseOrders = new PurchaseOrderService({ ...common, purchaseOrders: new PurchaseOrderRepository() });
  const storeKeys = new StoreApiKeyService(db, new StoreApiKeyRepository(), locations, clock, log);
  const storeAllowances = new StoreAllowanceService({ ...common, allowances });
  const storeSaleRepository = new StoreSaleRepository();
  const storeSales = new StoreSaleService({ ...common, allowances, sales: storeSaleRepository });
  const storeReturns = new StoreReturnService({ db, levels, locations, sales: storeSaleRepository, recorder, clock });
  if (config.seedDemoData) await seedDemoInventory(db, outbox, log);
  const expired = new Counter({
    name: 'reservations_expired_total',
    help: 'Holds the sweeper released because they expired.',
    registers: [metrics.registry],
  });
  const ingestionMetrics = consumerMetrics(metrics.registry);
  const watermarks = new WarehouseWatermarkRepository();
  const warehouseTime = { clockSkewMs: config.warehouse.clockSkewMs, clock };
  const warehouse = new WarehouseIngestionService({
    db,
    levels,
    locations,
    holds,
    recorder,
    watermarks,
    outbox,
    metrics: ingestionMetrics,
    log,
    ...warehouseTime,
  });
  const ingestion = warehouseIngestionConsumer(bus, warehouse, new EventSchemas(), ingestionMetrics, log);
  ingestion.start();
  const sweeper = new ReservationSweeper(holds, log, config.reservations.sweepIntervalMs, (n) => expired.inc(n));
  sweeper.start();
  const live = liveStockMetrics(metrics.registry, () => liveStock);
  const liveStock = new LiveStockFeed(
    bus,
    processGroupId('inventory-live', config.instanceId),
    new EventDecoder('inventory-live-feed', new EventSchemas(), bus, consumerMetrics(metrics.registry), log),
    log,
    live.onLoss,
    live.onLag,
    live.onQueued,
  );
  liveStock.start();
  const deadLetters = new DeadLetterDesk(bus, processGroupId('inventory-dlq-desk', config.instanceId), log);
  deadLetters.start();

  const currentStock = new CurrentStock(queries);
  const schema = await buildInventorySchema(
    resolverContainer([
      new ProductResolver(),
      new StockLevelResolver(),
      new LocationResolver(queries, new LocationService(db, locations, clock)),
      new WarehouseCountResolver(new WarehouseCountSubmissionService(db, outbox, levels, locations, warehouseTime)),
      new ReservationResolver(reservationService, holdExtensions),
      new ReservationLineResolver(),
      new StockLedgerResolver(queries, history),
      new StockAdjustmentResolver(adjustments, imports, states),
      new StockChangeResolver(),
      new WarehouseWatermarkResolver(new WarehouseWatermarkService(db, watermarks, log)),
      new StoreApiKeyResolver(storeKeys),
      new InventorySummaryResolver(),
      new ReservationQueryResolver(new ReservationQueryService(db, reservations, clock)),
      new LowStockResolver(new LowStockQueryService(db, levels, clock)),
      new StoreSaleResolver(storeAllowances, storeSales, storeReturns),
      new DeadLetterResolver(new DeadLetterService(deadLetters)),
      new TransferResolver(transfers),
      new PurchaseOrderResolver(purchaseOrders),
    ]),
  );
  const running = await serveSubgraph<InventoryContext>(runtime, {
    schema,
    context: (_req, caller) => Promise.resolve({ caller, loaders: createLoaders(queries), liveStock, currentStock }),
    subscriptionContext: (caller) => ({
      caller,
      loaders: createLoaders(queries, { cache: false }),
      liveStock,
      currentStock,
    }),
    background: {
      'warehouse ingestion': ingestion,
      'reservation sweeper': sweeper,
      // Not a readiness check: the desk serves operators (it answers unavailable until joined), not stock.
      'dead-letter desk': { stop: () => deadLetters.stop() },
    },
    liveFeeds: { 'live stock feed': liveStock },
    routes: [ledgerExportRoute(history, runtime.authenticator)],
    // Inventory's own count of each caller: callers' limiters keep under it, this makes it hold.
    callerBudget: new CallerBudget(config.callerRateLimits),
  });
  return {
    ...running,
    reservations: reservationService,
    holdExtensions,
    adjustments,
    storeKeys,
    storeAllowances,
    storeSales,
    storeReturns,
    warehouse,
    stock: stockUseCases(reservationService, adjustments),
    queries,
    history,
    imports,
    states,
    transfers,
    purchaseOrders,
    liveStock,
    sweeper,
  };
}

if (require.main === module) {
  runService('inventory', () => startInventory({ config: loadInventoryConfig() }));
}
