/** `type` of every event on `inventory.stock.v1`. */
export const STOCK_CHANGED = 'io.stockgraph.inventory.stock.changed.v1';

/** What one change did to each quantity of a stock level (a state it leaves out did not change). */
export interface StockDeltaData {
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged?: number;
  qualityControl?: number;
  incoming?: number;
}

/** The kind of change, as the ledger records it. */
export type StockChangeCause =
  | 'RESERVE'
  | 'CONFIRM'
  | 'RELEASE'
  | 'EXPIRE'
  | 'ADJUST'
  | 'INGEST'
  | 'ALLOWANCE'
  | 'SALE'
  | 'RETURN'
  | 'STATE'
  | 'TRANSFER'
  | 'PURCHASE';

/** Set when availability crossed zero with this change. */
export type StockChangeFlag = 'OUT_OF_STOCK' | 'BACK_IN_STOCK';

/** `data` of `io.stockgraph.inventory.stock.changed.v1`: a stock level after one change. */
export interface StockChangedData {
  /** The sku; also the Kafka key, so one sku's events stay in order. */
  sku: string;
  locationId: string;
  /** The location's region, for regional availability. */
  region: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  /** Units of on hand that may not be sold: damaged, and in quality control (absent from events written before they existed). */
  damaged?: number;
  qualityControl?: number;
  /** Units expected and not yet on hand (purchase orders, transfers in transit). */
  incoming?: number;
  /** on hand − reserved − safety stock − damaged − in quality control, floored at 0. */
  available: number;
  /** Newer versions supersede older ones; consumers ignore anything not newer than what they applied. */
  version: number;
  /** What this change did to each quantity. */
  delta: StockDeltaData;
  /** The kind of change. */
  cause: StockChangeCause;
  /** OUT_OF_STOCK or BACK_IN_STOCK when availability crossed zero. */
  flags: StockChangeFlag[];
  /** The reservation behind the change, if any. */
  reservationId: string | null;
  /** The warehouse event an INGEST change applied. */
  sourceEventId: string | null;
  /** Epoch ms that source event was published: end-to-end lag is measured from it. */
  sourceTime: number | null;
  /** Epoch ms of the commit that made the change. */
  changedAt: number;
}
