import { stockKey } from '@stockgraph/domain';
import { committed, type StockDelta, type StockQuantities } from './stock-level';

/** A warehouse's absolute count of one sku at one location (`warehouse.stock-updated.v1`). */
export interface WarehouseCount {
  eventId: string;
  sku: string;
  locationId: string;
  onHand: number;
  /** The sender's ordering of its counts for this sku and location, when it has one. */
  sequence: number | null;
  /** Epoch ms the count was taken. */
  observedAt: number;
  /** Epoch ms the event was published (its CloudEvent time). */
  publishedAt: number;
  source: string;
}

/** The newest count applied so far for a (sku, location). */
export interface CountWatermark {
  sequence: number | null;
  observedAt: number;
}

/** Whether `count` is newer than `than`: by sequence when both have one, else by observation time. */
export function isNewer(count: CountWatermark, than: CountWatermark | undefined): boolean {
  if (!than) return true;
  if (count.sequence !== null && than.sequence !== null) return count.sequence > than.sequence;
  return count.observedAt > than.observedAt;
}

/**
 * Of several counts of the same (sku, location) in one batch only the newest matters;
 * the others are stale already. Returns the newest per key and the ones it supersedes.
 */
export function newestPerKey<T extends WarehouseCount>(counts: readonly T[]): { newest: T[]; superseded: T[] } {
  const best = new Map<string, T>();
  const superseded: T[] = [];
  for (const count of counts) {
    const key = stockKey(count.sku, count.locationId);
    const current = best.get(key);
    if (!current) best.set(key, count);
    else if (isNewer(count, current)) {
      superseded.push(current);
      best.set(key, count);
    } else superseded.push(count);
  }
  return { newest: [...best.values()], superseded };
}

/** What a count does to a stock level: a change, nothing, or refused because holds exceed it. */
export type CountEffect =
  { kind: 'apply'; delta: StockDelta } | { kind: 'unchanged' } | { kind: 'below-reserved'; reserved: number };

export function effectOfCount(level: StockQuantities, count: Pick<WarehouseCount, 'onHand'>): CountEffect {
  if (count.onHand === level.onHand) return { kind: 'unchanged' };
  // Held units cannot vanish under a confirmed checkout: a count below them needs a person.
  // Damaged units and units in quality control are on the shelf too: a count below them and the holds disagrees with the books.
  if (count.onHand < committed(level)) return { kind: 'below-reserved', reserved: committed(level) };
  return { kind: 'apply', delta: { onHand: count.onHand - level.onHand, reserved: 0, safetyStock: 0 } };
}
