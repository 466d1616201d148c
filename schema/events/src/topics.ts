import path from 'node:path';

/**
 * Every Kafka topic stockgraph writes or reads (DESIGN.md §5). Each has a JSON Schema
 * `<topic>.schema.json` beside this package; dead letters go to `<topic>.dlq`.
 */
export const TOPICS = {
  /** A stock level after one committed change; keyed by sku. Inventory → catalog, live feeds, caches. */
  inventoryStock: 'inventory.stock.v1',
  /** Reservation lifecycle; keyed by reservation id. Inventory → order. */
  inventoryReservations: 'inventory.reservations.v1',
  /** Absolute counts from warehouses and legacy systems; keyed by sku. → inventory ingestion. */
  warehouseStockUpdated: 'warehouse.stock-updated.v1',
  /** Products as they now are; keyed by sku. Catalog → store replicas and other readers. */
  catalogProducts: 'catalog.products.v1',
  /** Categories as they now are; keyed by category id. Catalog → store replicas and other readers. */
  catalogCategories: 'catalog.categories.v1',
  /** Order status changes carrying the whole order; keyed by order id. Order → anyone. */
  orderEvents: 'order.events.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * Not a Kafka topic: the stores' local outboxes of sales and returns, named like one so
 * what the centre refuses for good goes to `store.sync.v1.dlq` (key: the sale or return
 * id; value: what the till recorded; `dlq-reason`: the centre's code; `dlq-consumer`:
 * `store-<location>`), where the operations summary shows it beside the other dead letters.
 */
export const STORE_SYNC = 'store.sync.v1';

/** The CloudEvents `source` of each producing service. */
export const EVENT_SOURCES = {
  catalog: '/stockgraph/catalog',
  inventory: '/stockgraph/inventory',
  order: '/stockgraph/order',
} as const;

/** The folder holding `<topic>.schema.json` and `cloudevent.schema.json`. */
export const EVENT_SCHEMA_DIR = path.resolve(__dirname, '..');
