import type { Database } from '@stockgraph/persistence';
import { decodeCursorAs, pageSize } from '@stockgraph/graphql-service';
import type { Caller } from '@stockgraph/domain';
import { parseLowStockSortKey, validateLowStockQuery } from '../domain/low-stock';
import type { StockLevel } from '../domain/stock-level';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import { readableLocations } from './location-access';

export interface LowStockRequest {
  threshold?: number | null;
  locationIds?: readonly string[] | null;
  first?: number | null;
  after?: string | null;
}

/** What is running out: stock levels at or below their safety stock or a threshold, for restocking. */
export class LowStockQueryService {
  constructor(
    private readonly db: Database,
    private readonly levels: StockLevelRepository,
    private readonly clock: () => number,
  ) {}

  /**
   * A page of low stock levels, lowest available first, where the caller may read full
   * levels (store staff: their own locations, as `stockLevels`). Every bound is checked
   * before anything is read.
   */
  async page(
    request: LowStockRequest,
    caller: Caller,
  ): Promise<{ rows: StockLevel[]; size: number; hasPrevious: boolean }> {
    const query = validateLowStockQuery(request);
    const size = pageSize(request.first);
    const position = request.after ? decodeCursorAs(request.after, parseLowStockSortKey) : null;
    const locationIds = readableLocations(caller, query.locationIds, 'locationIds');
    const rows = await this.db.read((sql) =>
      this.levels.lowStockPage(sql, { threshold: query.threshold, locationIds }, position, size + 1, this.clock()),
    );
    return { rows, size, hasPrevious: request.after != null };
  }
}
