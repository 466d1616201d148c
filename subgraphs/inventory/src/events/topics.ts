/** Kafka topics the inventory service writes (names fixed by DESIGN.md §5). */
export const STOCK_TOPIC = 'inventory.stock.v1';
export const RESERVATIONS_TOPIC = 'inventory.reservations.v1';

export const EVENT_SOURCE = '/stockgraph/inventory';

export const STOCK_CHANGED = 'io.stockgraph.inventory.stock.changed.v1';
export const RESERVATION_EVENT_TYPES = {
  CREATED: 'io.stockgraph.inventory.reservation.created.v1',
  CONFIRMED: 'io.stockgraph.inventory.reservation.confirmed.v1',
  RELEASED: 'io.stockgraph.inventory.reservation.released.v1',
  EXPIRED: 'io.stockgraph.inventory.reservation.expired.v1',
} as const;

/** Where warehouses and legacy systems publish their counts (consumed here). */
export const WAREHOUSE_TOPIC = 'warehouse.stock-updated.v1';
export const WAREHOUSE_STOCK_UPDATED = 'io.stockgraph.warehouse.stock-updated.v1';

/**
 * Name of the warehouse ingestion: its consumer group (prefixed `inventory-`), its inbox
 * rows and its metrics label. Changing it replays the topic from the beginning.
 */
export const INGESTION_CONSUMER = 'warehouse-ingestion';
