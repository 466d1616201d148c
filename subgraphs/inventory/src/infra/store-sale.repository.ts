import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { StoreReturn, StoreSale } from '../domain/store-sale';

interface SaleRow {
  location_id: string;
  sale_id: string;
  actor: string;
  recorded_at: number | string;
}

interface LineRow {
  sku: string;
  quantity: number | string;
  from_allowance: number | string;
}

/** Sales recorded from stores' tills, one per (location, sale id). */
export class StoreSaleRepository {
  /**
   * Claims the sale id at the location. The insert is the first write of its transaction:
   * a concurrent duplicate waits on it and then fails with a duplicate key, never records twice.
   */
  async claim(tx: Tx, sale: Pick<StoreSale, 'id' | 'locationId' | 'actor' | 'recordedAt'>): Promise<void> {
    await tx.execute('INSERT INTO store_sales (location_id, sale_id, actor, recorded_at) VALUES (?, ?, ?, ?)', [
      sale.locationId,
      sale.id,
      sale.actor,
      sale.recordedAt,
    ]);
  }

  addLines(tx: Tx, sale: Pick<StoreSale, 'id' | 'locationId' | 'lines'>): void {
    for (const line of sale.lines) {
      tx.defer(
        'INSERT INTO store_sale_lines (location_id, sale_id, sku, quantity, from_allowance) VALUES (?, ?, ?, ?, ?)',
        [sale.locationId, sale.id, line.sku, line.quantity, line.fromAllowance],
      );
    }
  }

  /** The sale, its row locked (on MariaDB) so returns of it are taken one at a time. */
  async lock(tx: Tx, locationId: string, saleId: string): Promise<StoreSale | null> {
    return this.find(tx, locationId, saleId, { lock: true });
  }

  async find(sql: Sql, locationId: string, saleId: string, { lock = false } = {}): Promise<StoreSale | null> {
    const [sale] = await sql.select<SaleRow>(
      `SELECT location_id, sale_id, actor, recorded_at FROM store_sales WHERE location_id = ? AND sale_id = ?${lock ? dialectSql.forUpdate(sql) : ''}`,
      [locationId, saleId],
    );
    if (!sale) return null;
    const lines = await sql.select<LineRow>(
      'SELECT sku, quantity, from_allowance FROM store_sale_lines WHERE location_id = ? AND sale_id = ? ORDER BY sku',
      [locationId, saleId],
    );
    return {
      id: sale.sale_id,
      locationId: sale.location_id,
      actor: sale.actor,
      recordedAt: Number(sale.recorded_at),
      lines: lines.map((line) => ({
        sku: line.sku,
        quantity: Number(line.quantity),
        fromAllowance: Number(line.from_allowance),
      })),
    };
  }

  /** Claims the return id at the location, as `claim` does the sale id. */
  async claimReturn(tx: Tx, entry: Omit<StoreReturn, 'lines'>): Promise<void> {
    await tx.execute(
      'INSERT INTO store_returns (location_id, return_id, sale_id, actor, recorded_at) VALUES (?, ?, ?, ?, ?)',
      [entry.locationId, entry.id, entry.saleId, entry.actor, entry.recordedAt],
    );
  }

  addReturnLines(tx: Tx, entry: Pick<StoreReturn, 'id' | 'locationId' | 'lines'>): void {
    for (const line of entry.lines) {
      tx.defer('INSERT INTO store_return_lines (location_id, return_id, sku, quantity) VALUES (?, ?, ?, ?)', [
        entry.locationId,
        entry.id,
        line.sku,
        line.quantity,
      ]);
    }
  }

  async findReturn(sql: Sql, locationId: string, returnId: string): Promise<StoreReturn | null> {
    const [row] = await sql.select<{ sale_id: string; actor: string; recorded_at: number | string }>(
      'SELECT sale_id, actor, recorded_at FROM store_returns WHERE location_id = ? AND return_id = ?',
      [locationId, returnId],
    );
    if (!row) return null;
    const lines = await sql.select<{ sku: string; quantity: number | string }>(
      'SELECT sku, quantity FROM store_return_lines WHERE location_id = ? AND return_id = ? ORDER BY sku',
      [locationId, returnId],
    );
    return {
      id: returnId,
      saleId: row.sale_id,
      locationId,
      actor: row.actor,
      recordedAt: Number(row.recorded_at),
      lines: lines.map((line) => ({ sku: line.sku, quantity: Number(line.quantity) })),
    };
  }

  /** Units of each sku of a sale already returned. */
  async returnedOf(sql: Sql, locationId: string, saleId: string): Promise<Map<string, number>> {
    const rows = await sql.select<{ sku: string; units: number | string }>(
      `SELECT l.sku, SUM(l.quantity) AS units FROM store_returns r
         JOIN store_return_lines l ON l.location_id = r.location_id AND l.return_id = r.return_id
        WHERE r.location_id = ? AND r.sale_id = ? GROUP BY l.sku`,
      [locationId, saleId],
    );
    return new Map(rows.map((row) => [row.sku, Number(row.units)]));
  }
}
