import { type Caller, forbidden, hasRole } from '@stockgraph/domain';
import type { Database } from '@stockgraph/persistence';
import { InventoryError } from '../domain/errors';
import { available } from '../domain/stock-level';
import type { StockMovement } from '../domain/stock-movement';
import type { StockMovementRepository } from '../infra/stock-movement.repository';
import { readableLocations } from './location-access';

/** A stock level as it stood at a moment, answered from the ledger. */
export interface LevelAt {
  sku: string;
  locationId: string;
  at: number;
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged: number;
  qualityControl: number;
  incoming: number;
  available: number;
  version: number;
  /** The movement that left it so, and when it was recorded. */
  movementId: number;
  changedAt: number;
}

/** What an export covers: one location or all, and a time range (epoch ms, both ends included). */
export interface LedgerRange {
  locationId: string | null;
  from: number;
  to: number;
}

const EXPORT_PAGE = 1000;
/** The widest range one export may cover: a year of ledger. */
const MAX_EXPORT_RANGE_MS = 366 * 24 * 3600 * 1000;

/**
 * The ledger read as history: a level as of any moment (the last movement recorded by
 * then), and the movements of a range, read page by page so an export of any size holds
 * one page in memory.
 */
export class LedgerHistoryService {
  constructor(
    private readonly db: Database,
    private readonly movements: StockMovementRepository,
    private readonly clock: () => number,
  ) {}

  /** The level of `sku` at `locationId` as it stood at `at`; null when nothing was recorded there by then. */
  async levelAt(sku: string, locationId: string, at: number, caller: Caller): Promise<LevelAt | null> {
    readableLocations(caller, [locationId], 'locationId');
    if (!Number.isFinite(at) || at > this.clock())
      throw new InventoryError(
        'INVALID_TIME',
        'at must be a time in the past (or now): the ledger has no future',
        'at',
      );
    const movement = await this.db.read((sql) => this.movements.lastAt(sql, sku, locationId, at));
    return movement && levelAfter(movement, at);
  }

  /** Checks an export's range (ops only), or refuses it with what to change. */
  exportRange(
    range: { locationId?: string | null; from?: string | null; to?: string | null },
    caller: Caller,
  ): LedgerRange {
    if (!hasRole(caller, 'ops')) throw forbidden('the ledger export is for operations', 'caller');
    const now = this.clock();
    const to = range.to ? Date.parse(range.to) : now;
    const from = range.from ? Date.parse(range.from) : to - MAX_EXPORT_RANGE_MS;
    if (!Number.isFinite(from) || !Number.isFinite(to))
      throw new InventoryError(
        'INVALID_TIME',
        'from and to must be ISO 8601 times, such as 2026-12-01T00:00:00Z',
        'from',
      );
    if (from > to) throw new InventoryError('INVALID_TIME', 'from must not be after to', 'from');
    if (to - from > MAX_EXPORT_RANGE_MS)
      throw new InventoryError('INVALID_TIME', 'one export covers at most 366 days: split the range', 'from');
    const locationId = range.locationId ?? null;
    if (locationId !== null && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(locationId))
      throw new InventoryError('UNKNOWN_LOCATION', 'locationId must be a location id', 'locationId');
    return { locationId, from, to };
  }

  /** Hands every movement of `range` to `write`, in id order, a page at a time; resolves with how many. */
  async export(range: LedgerRange, write: (page: readonly StockMovement[]) => Promise<void>): Promise<number> {
    let afterId = 0;
    let count = 0;
    for (;;) {
      const page = await this.db.read((sql) => this.movements.range(sql, range, afterId, EXPORT_PAGE));
      if (page.length === 0) return count;
      await write(page);
      count += page.length;
      afterId = page[page.length - 1]?.id ?? afterId;
      if (page.length < EXPORT_PAGE) return count;
    }
  }
}

function levelAfter(movement: StockMovement, at: number): LevelAt {
  const { onHand, reserved, safetyStock, damaged, qualityControl, incoming, version } = movement.after;
  return {
    sku: movement.sku,
    locationId: movement.locationId,
    at,
    onHand,
    reserved,
    safetyStock,
    damaged,
    qualityControl,
    incoming,
    available: available(movement.after),
    version,
    movementId: movement.id,
    changedAt: movement.createdAt,
  };
}
