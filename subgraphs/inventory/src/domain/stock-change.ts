import { applyDelta, type StockDelta, type StockLevel } from './stock-level';

/** The warehouse event a change applied, for the ledger and for measuring end-to-end lag. */
export interface StockChangeSource {
  /** CloudEvent id of the warehouse event. */
  eventId: string;
  /** Epoch ms that event was published. */
  time: number;
}

/** One stock level's change: what it was, what it became, and by how much. */
export interface StockChange {
  before: StockLevel;
  after: StockLevel;
  delta: StockDelta;
  /** Set when the change applies a warehouse count. */
  source?: StockChangeSource;
}

/**
 * The change `delta` makes to `before` at `now`, as the guarded UPDATE leaves the row
 * (version bumped, updated at `now`); callers build it only once that UPDATE succeeded.
 */
export function stockChange(
  before: StockLevel,
  delta: StockDelta,
  now: number,
  source?: StockChangeSource,
): StockChange {
  const change: StockChange = { before, after: { ...applyDelta(before, delta), updatedAt: now }, delta };
  if (source) change.source = source;
  return change;
}
