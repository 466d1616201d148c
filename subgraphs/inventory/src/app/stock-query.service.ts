import { type Caller, stockKey } from '@stockgraph/domain';
import { readableLocations } from './location-access';
import type { Database } from '@stockgraph/persistence';
import { decodeCursor, pageSize } from '@stockgraph/graphql-service';
import type { Location } from '../domain/location';
import type { Reservation } from '../domain/reservation';
import type { StockLevel } from '../domain/stock-level';
import type { StockMovement } from '../domain/stock-movement';
import type { LocationRepository } from '../infra/location.repository';
import type { ReservationRepository } from '../infra/reservation.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { StockMovementRepository } from '../infra/stock-movement.repository';
import type { StoreAllowanceRepository } from '../infra/store-allowance.repository';

/** Read-side use cases; each batch method is one query, which is what the DataLoaders rely on. */
export class StockQueryService {
  constructor(
    private readonly clock: () => number,
    private readonly db: Database,
    private readonly levels: StockLevelRepository,
    private readonly locationRepository: LocationRepository,
    private readonly reservations: ReservationRepository,
    private readonly movementRepository: StockMovementRepository,
    private readonly allowances: StoreAllowanceRepository,
  ) {}

  /**
   * The current level of each of `skus` at `locationIds` (all when null), with the kind of
   * the change that left it so and its location's region: what a subscription asking for
   * the current state starts with. One read, so the levels are consistent with each other.
   */
  current(
    skus: readonly string[],
    locationIds: readonly string[] | null,
  ): Promise<Array<{ level: StockLevel; cause: StockMovement['kind'] | null; region: string }>> {
    return this.db.read(async (sql) => {
      const now = this.clock();
      const wanted = locationIds ? new Set(locationIds) : null;
      const levels = (await this.levels.findBySkus(sql, skus, now)).filter((l) => !wanted || wanted.has(l.locationId));
      const kinds = await this.movementRepository.kindsAt(sql, levels);
      const regions = new Map((await this.locationRepository.all(sql, now)).map((l) => [l.id, l.region]));
      return levels.map((level) => ({
        level,
        cause: kinds.get(stockKey(level.sku, level.locationId)) ?? null,
        region: regions.get(level.locationId) ?? 'unknown',
      }));
    });
  }

  levelsBySkus(skus: readonly string[]): Promise<StockLevel[]> {
    return this.db.read((sql) => this.levels.findBySkus(sql, skus, this.clock()));
  }

  locations(): Promise<Location[]> {
    return this.db.read((sql) => this.locationRepository.all(sql));
  }

  locationsByIds(ids: readonly string[]): Promise<Location[]> {
    return this.db.read((sql) => this.locationRepository.findByIds(sql, ids));
  }

  reservationsByIds(ids: readonly string[]): Promise<Reservation[]> {
    return this.db.read((session) => this.reservations.findByIds(session, ids));
  }

  /** A page of a sku's ledger, newest first: at every location, or (store staff) only at the caller's. */
  async movements(sku: string, first: number | null | undefined, after: string | null | undefined, caller: Caller) {
    const locationIds = readableLocations(caller, null, 'sku');
    const size = pageSize(first);
    const beforeId = after ? Number(decodeCursor(after)) : null;
    const rows: StockMovement[] = await this.db.read((sql) =>
      this.movementRepository.page(sql, sku, beforeId, size + 1, locationIds),
    );
    return { rows, size, hasPrevious: after != null };
  }

  /** (sku, location) pairs whose level is not the sum of their ledger, or whose quantities break an invariant. */
  ledgerMismatches(): Promise<Array<{ sku: string; locationId: string }>> {
    return this.db.read(async (sql) => [
      ...(await this.movementRepository.ledgerMismatches(sql)),
      ...(await this.levels.invariantBreaches(sql)),
      ...(await this.allowances.breaches(sql)),
    ]);
  }
}
