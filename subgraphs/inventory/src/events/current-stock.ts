import { stockKey } from '@stockgraph/domain';
import type { StockQueryService } from '../app/stock-query.service';
import { available } from '../domain/stock-level';
import type { LiveStockChange, StockFilter } from './live-stock-feed';

/**
 * The current state of watched stock levels, as the stock changes that made them: what
 * `stockSnapshot` answers and what `stockChanged(current: true)` starts with. Each item is
 * the level as it is now (its version, its quantities, the kind of its last change); its
 * `eventId` is `current:<sku>@<location>:<version>`, since the event that made it is not kept.
 */
export class CurrentStock {
  constructor(private readonly queries: Pick<StockQueryService, 'current'>) {}

  async of(filter: StockFilter & { skus: readonly string[] }): Promise<LiveStockChange[]> {
    const rows = await this.queries.current(filter.skus, filter.locationIds ?? null);
    const now = performance.now();
    return rows.map(({ level, cause, region }) => ({
      eventId: `current:${level.sku}@${level.locationId}:${level.version}`,
      sku: level.sku,
      locationId: level.locationId,
      region,
      onHand: level.onHand,
      reserved: level.reserved,
      safetyStock: level.safetyStock,
      available: available(level),
      version: level.version,
      delta: { onHand: 0, reserved: 0, safetyStock: 0 },
      // A level no movement has reached yet was set up by an adjustment (a new location's zero row).
      cause: cause ?? 'ADJUST',
      flags: [],
      reservationId: null,
      sourceEventId: null,
      sourceTime: null,
      changedAt: level.updatedAt,
      dispatchedAt: now,
      current: true,
    }));
  }
}

/**
 * `current` (read once the live subscription is open, so nothing falls between the two),
 * then `live`; a live change no newer than the current version of its level is dropped, so
 * a subscriber never sees a level go back. Hand-written rather than a generator so that
 * ending it ends the live subscription at once (see attach-subscriptions.ts).
 */
export function currentFirst(
  live: AsyncIterableIterator<LiveStockChange>,
  current: () => Promise<LiveStockChange[]>,
): AsyncIterableIterator<LiveStockChange> {
  let pending: LiveStockChange[] | null = null;
  /** Versions the current state gave, per level, until a newer live change passes them. */
  const given = new Map<string, number>();
  const iterator: AsyncIterableIterator<LiveStockChange> = {
    next: async () => {
      if (pending === null) {
        pending = await current();
        for (const change of pending) given.set(stockKey(change.sku, change.locationId), change.version);
      }
      const first = pending.shift();
      if (first) return { done: false, value: first };
      for (;;) {
        const step = await live.next();
        if (step.done) return step;
        const key = stockKey(step.value.sku, step.value.locationId);
        const version = given.get(key);
        if (version !== undefined) {
          if (step.value.version <= version) continue;
          given.delete(key);
        }
        return step;
      }
    },
    return: async () => {
      await live.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
