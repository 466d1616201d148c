import DataLoader from 'dataloader';
import type { Caller } from '@stockgraph/domain';
import type { StockQueryService } from '../app/stock-query.service';
import type { CurrentStock } from '../events/current-stock';
import type { LiveStockFeed } from '../events/live-stock-feed';
import type { Location } from '../domain/location';
import type { Reservation } from '../domain/reservation';
import type { StockLevel } from '../domain/stock-level';

/** Per-request batching: each loader turns many lookups in one tick into one query. */
export interface InventoryLoaders {
  levelsBySku: DataLoader<string, StockLevel[]>;
  locationById: DataLoader<string, Location | null>;
  reservationById: DataLoader<string, Reservation | null>;
}

export interface InventoryContext {
  /** Who is calling, from the verified token: what they may do, and how the ledger names them. */
  caller: Caller;
  loaders: InventoryLoaders;
  liveStock: LiveStockFeed;
  currentStock: CurrentStock;
}

/**
 * `cache: false` for subscriptions: their context lives as long as the subscription, and
 * a cached row would be served stale to every later event; batching within a tick stays.
 */
export function createLoaders(queries: StockQueryService, { cache = true } = {}): InventoryLoaders {
  const options = { cache };
  return {
    levelsBySku: new DataLoader(async (skus) => {
      const levels = await queries.levelsBySkus(skus);
      return skus.map((sku) => levels.filter((level) => level.sku === sku));
    }, options),
    locationById: new DataLoader(async (ids) => {
      const locations = new Map((await queries.locationsByIds(ids)).map((l) => [l.id, l]));
      return ids.map((id) => locations.get(id) ?? null);
    }, options),
    reservationById: new DataLoader(async (ids) => {
      const reservations = new Map((await queries.reservationsByIds(ids)).map((r) => [r.id, r]));
      return ids.map((id) => reservations.get(id) ?? null);
    }, options),
  };
}

/** The location a stock level or reservation line refers to; one that is missing is a bug, not bad input. */
export async function locationOf(loaders: InventoryLoaders, id: string): Promise<Location> {
  const location = await loaders.locationById.load(id);
  if (!location) throw new Error(`location ${id} referenced by stock but missing`);
  return location;
}
