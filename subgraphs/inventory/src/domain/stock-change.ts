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
 * (version bumped, updated at `now`, or at the row's own `updatedAt` when that is later);
 * callers build it only once that UPDATE succeeded. A transaction that read its clock
 * before another committed a later change to the row is stamped with that later time:
 * a level's history never goes back in time, so the ledger answers "as of T" exactly.
 */
export function stockChange(
  before: StockLevel,
  delta: StockDelta,
  now: number,
  source?: StockChangeSource,
): StockChange {
  const change: StockChange = {
    before,
    after: { ...applyDelta(before, delta), updatedAt: Math.max(now, before.updatedAt) },
    delta,
  };
  if (source) change.source = source;
  return change;
}
