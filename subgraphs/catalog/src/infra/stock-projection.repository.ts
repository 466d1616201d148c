import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { ProjectedStock } from '../domain/stock-summary';

interface Row {
  sku: string;
  location_id: string;
  region: string;
  on_hand: number;
  reserved: number;
  available: number;
  version: number;
  changed_at: number;
}

const toProjected = (r: Row): ProjectedStock => ({
  sku: r.sku,
  locationId: r.location_id,
  region: r.region,
  onHand: Number(r.on_hand),
  reserved: Number(r.reserved),
  available: Number(r.available),
  version: Number(r.version),
  changedAt: Number(r.changed_at),
});

const COLUMNS = [
  'sku',
  'location_id',
  'region',
  'on_hand',
  'reserved',
  'available',
  'version',
  'changed_at',
  'applied_at',
];

/** The catalog's projection of inventory's stock levels, and its per-sku summary. */
export class StockProjectionRepository {
  async forSkus(sql: Sql, skus: readonly string[]): Promise<ProjectedStock[]> {
    if (skus.length === 0) return [];
    const rows = await sql.select<Row>(
      `SELECT sku, location_id, region, on_hand, reserved, available, version, changed_at FROM stock_projection
        WHERE sku IN (${dialectSql.placeholders(skus.length)}) ORDER BY sku, location_id`,
      skus,
    );
    return rows.map(toProjected);
  }

  /** Projected versions of the given keys, by `sku\u0000locationId`. */
  async versions(sql: Sql, keys: ReadonlyArray<{ sku: string; locationId: string }>): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows = await sql.select<{ sku: string; location_id: string; version: number }>(
      `SELECT sku, location_id, version FROM stock_projection WHERE (sku, location_id) IN (${keys.map(() => '(?, ?)').join(', ')})`,
      keys.flatMap((k) => [k.sku, k.locationId]),
    );
    return new Map(rows.map((r) => [`${r.sku}\u0000${r.location_id}`, Number(r.version)]));
  }

  /** Writes rows as they are now (callers decide what is newer), then refreshes their skus' summaries. */
  save(tx: Tx, rows: readonly ProjectedStock[], now: number): void {
    if (rows.length === 0) return;
    tx.defer(
      `INSERT INTO stock_projection (${COLUMNS.join(', ')}) VALUES ${rows.map(() => `(${dialectSql.placeholders(COLUMNS.length)})`).join(', ')}` +
        dialectSql.onConflictUpdate(tx, ['sku', 'location_id'], COLUMNS.slice(2)),
      rows.flatMap((r) => [
        r.sku,
        r.locationId,
        r.region,
        r.onHand,
        r.reserved,
        r.available,
        r.version,
        r.changedAt,
        now,
      ]),
    );
    this.refreshSummaries(tx, [...new Set(rows.map((r) => r.sku))]);
  }

  /** Removes rows inventory no longer has. */
  remove(tx: Tx, keys: ReadonlyArray<{ sku: string; locationId: string }>): void {
    if (keys.length === 0) return;
    tx.defer(
      `DELETE FROM stock_projection WHERE (sku, location_id) IN (${keys.map(() => '(?, ?)').join(', ')})`,
      keys.flatMap((k) => [k.sku, k.locationId]),
    );
    this.refreshSummaries(tx, [...new Set(keys.map((k) => k.sku))]);
  }

  /** Skus in sku order after `after`: every product and every sku projected, `limit` at a time. */
  async skuPage(sql: Sql, after: string, limit: number): Promise<string[]> {
    const rows = await sql.select<{ sku: string }>(
      `SELECT sku FROM (SELECT sku FROM products WHERE sku > ? UNION SELECT sku FROM stock_projection WHERE sku > ?) s ORDER BY sku LIMIT ?`,
      [after, after, limit],
    );
    return rows.map((r) => r.sku);
  }

  private refreshSummaries(tx: Tx, skus: readonly string[]): void {
    const list = dialectSql.placeholders(skus.length);
    tx.defer(`DELETE FROM stock_summary WHERE sku IN (${list})`, skus);
    tx.defer(
      `INSERT INTO stock_summary (sku, available, in_stock, as_of)
       SELECT sku, SUM(available), CASE WHEN SUM(available) > 0 THEN 1 ELSE 0 END, MAX(changed_at)
         FROM stock_projection WHERE sku IN (${list}) GROUP BY sku`,
      skus,
    );
  }
}
