import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import { stockKey } from '@stockgraph/domain';
import type { CountWatermark, WarehouseCount } from '../domain/warehouse-count';
import { watermarkTime } from '../domain/warehouse-clock';

export class WarehouseWatermarkRepository {
  /** Watermarks of the given keys, by `stockKey(sku, locationId)`. */
  async find(sql: Sql, keys: ReadonlyArray<{ sku: string; locationId: string }>): Promise<Map<string, CountWatermark>> {
    if (keys.length === 0) return new Map();
    const rows = await sql.select<{ sku: string; location_id: string; sequence: number | null; observed_at: number }>(
      `SELECT sku, location_id, sequence, observed_at FROM warehouse_watermarks WHERE (sku, location_id) IN (${keys.map(() => '(?, ?)').join(', ')})`,
      keys.flatMap((k) => [k.sku, k.locationId]),
    );
    return new Map(
      rows.map((r) => [
        stockKey(r.sku, r.location_id),
        { sequence: r.sequence === null ? null : Number(r.sequence), observedAt: Number(r.observed_at) },
      ]),
    );
  }

  /**
   * Removes the watermark of one (sku, location), locking it first, and returns what it
   * was (with the event that set it), or null when there was none.
   */
  async remove(
    tx: Tx,
    sku: string,
    locationId: string,
  ): Promise<(CountWatermark & { eventId: string; appliedAt: number }) | null> {
    const [row] = await tx.select<{
      sequence: number | null;
      observed_at: number;
      event_id: string;
      applied_at: number;
    }>(
      `SELECT sequence, observed_at, event_id, applied_at FROM warehouse_watermarks WHERE sku = ? AND location_id = ?${dialectSql.forUpdate(tx)}`,
      [sku, locationId],
    );
    if (!row) return null;
    await tx.execute('DELETE FROM warehouse_watermarks WHERE sku = ? AND location_id = ?', [sku, locationId]);
    return {
      sequence: row.sequence === null ? null : Number(row.sequence),
      observedAt: Number(row.observed_at),
      eventId: row.event_id,
      appliedAt: Number(row.applied_at),
    };
  }

  /** Records the counts as the newest applied for their keys, with the transaction's commit. */
  save(tx: Tx, counts: readonly WarehouseCount[], now: number): void {
    if (counts.length === 0) return;
    tx.defer(
      `INSERT INTO warehouse_watermarks (sku, location_id, sequence, observed_at, event_id, applied_at) VALUES ${counts.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}` +
        dialectSql.onConflictUpdate(tx, ['sku', 'location_id'], ['sequence', 'observed_at', 'event_id', 'applied_at']),
      counts.flatMap((c) => [c.sku, c.locationId, c.sequence, watermarkTime(c.observedAt, now), c.eventId, now]),
    );
  }
}
