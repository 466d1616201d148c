import { assertSku } from '@stockgraph/domain';
import type { Database } from '@stockgraph/persistence';
import type { Logger } from '@stockgraph/runtime';
import { InventoryError } from '../domain/errors';
import type { CountWatermark } from '../domain/warehouse-count';
import type { WarehouseWatermarkRepository } from '../infra/warehouse-watermark.repository';

/** A watermark that was removed: the newest count that had been applied, and when. */
export interface ClearedWatermark extends CountWatermark {
  sku: string;
  locationId: string;
  /** The CloudEvent id of the count that set it. */
  eventId: string;
  /** Epoch ms it was applied. */
  appliedAt: number;
}

/**
 * Operations' repair of warehouse ingestion: a count dated far ahead (or with a huge
 * sequence) that got applied leaves a watermark no real count can beat, so every later
 * count is skipped as stale. Clearing it lets the next count apply, whatever its date.
 */
export class WarehouseWatermarkService {
  constructor(
    private readonly db: Database,
    private readonly watermarks: WarehouseWatermarkRepository,
    private readonly log: Logger,
  ) {}

  /** Removes the watermark of `sku` at `locationId`; returns it, or null when there was none. */
  async clear(sku: string, locationId: string): Promise<ClearedWatermark | null> {
    assertSku(sku, 'sku');
    if (locationId.length === 0 || locationId.length > 64) {
      throw new InventoryError('INVALID_LOCATION', 'locationId must be 1 to 64 characters', 'locationId');
    }
    const removed = await this.db.transaction((tx) => this.watermarks.remove(tx, sku, locationId));
    if (!removed) return null;
    // Ops acted on ingestion by hand: leave a trace of what was thrown away.
    this.log.warn({ sku, locationId, watermark: removed }, 'warehouse watermark cleared');
    return { sku, locationId, ...removed };
  }
}
