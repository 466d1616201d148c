import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { StoreAllowance } from '../domain/store-allowance';

interface AllowanceRow {
  location_id: string;
  sku: string;
  quantity: number | string;
  version: number | string;
  updated_at: number | string;
}

const COLUMNS = 'location_id, sku, quantity, version, updated_at';

const toAllowance = (row: AllowanceRow): StoreAllowance => ({
  locationId: row.location_id,
  sku: row.sku,
  quantity: Number(row.quantity),
  version: Number(row.version),
  updatedAt: Number(row.updated_at),
});

/**
 * Stores' allowances. Callers lock the stock levels of the same (sku, location) first, in
 * the usual order, so these rows are only ever written under those locks.
 */
export class StoreAllowanceRepository {
  async find(sql: Sql, locationId: string, skus: readonly string[] | null): Promise<StoreAllowance[]> {
    const rows = await sql.select<AllowanceRow>(
      `SELECT ${COLUMNS} FROM store_allowances WHERE location_id = ?` +
        (skus ? ` AND sku IN (${dialectSql.placeholders(skus.length)})` : '') +
        ' ORDER BY sku',
      [locationId, ...(skus ?? [])],
    );
    return rows.map(toAllowance);
  }

  /** Changes an allowance by `delta` (creating it at 0 first); refuses, changing nothing, below zero. */
  async applyDelta(tx: Tx, locationId: string, sku: string, delta: number, now: number): Promise<boolean> {
    await tx.execute(`${dialectSql.insertIgnore(tx)} INTO store_allowances (${COLUMNS}) VALUES (?, ?, 0, 0, ?)`, [
      locationId,
      sku,
      now,
    ]);
    const changed = await tx.execute(
      'UPDATE store_allowances SET quantity = quantity + ?, version = version + 1, updated_at = ? WHERE location_id = ? AND sku = ? AND quantity + ? >= 0',
      [delta, now, locationId, sku, delta],
    );
    return changed === 1;
  }

  /** Allowances their level could not hold: more than the level's reserved units (which include them), or below zero. */
  async breaches(sql: Sql): Promise<Array<{ sku: string; locationId: string }>> {
    const rows = await sql.select<{ sku: string; location_id: string }>(
      `SELECT a.sku, a.location_id FROM store_allowances a
         LEFT JOIN stock_levels s ON s.sku = a.sku AND s.location_id = a.location_id
        WHERE a.quantity < 0 OR a.quantity > COALESCE(s.reserved, 0)`,
    );
    return rows.map((row) => ({ sku: row.sku, locationId: row.location_id }));
  }
}
