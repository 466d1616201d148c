/** `type` of every event on `warehouse.stock-updated.v1`. */
export const WAREHOUSE_STOCK_UPDATED = 'io.stockgraph.warehouse.stock-updated.v1';

/** `data` of `io.stockgraph.warehouse.stock-updated.v1`: an absolute count of one sku at one location. */
export interface WarehouseStockUpdatedData {
  /** The sku counted. */
  sku: string;
  /** Where it was counted. */
  locationId: string;
  /** Units physically there. */
  onHand: number;
  /** The sender's own ordering of counts for this sku and location: higher is newer. */
  sequence?: number;
  /** When the count was taken (RFC 3339); orders counts that carry no sequence. */
  observedAt: string;
}
