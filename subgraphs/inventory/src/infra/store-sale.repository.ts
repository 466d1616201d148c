import type { Sql, Tx } from '@stockgraph/shared';
import type { StoreSale } from '../domain/store-sale';

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
    await tx.execute('INSERT INTO store_sales (location_id, sale_id, actor, recorded_at) VALUES (?, ?, ?, ?)', [sale.locationId, sale.id, sale.actor, sale.recordedAt]);
  }

  addLines(tx: Tx, sale: Pick<StoreSale, 'id' | 'locationId' | 'lines'>): void {
    for (const line of sale.lines) {
      tx.defer('INSERT INTO store_sale_lines (location_id, sale_id, sku, quantity, from_allowance) VALUES (?, ?, ?, ?, ?)', [
        sale.locationId,
        sale.id,
        line.sku,
        line.quantity,
        line.fromAllowance,
      ]);
    }
  }

  async find(sql: Sql, locationId: string, saleId: string): Promise<StoreSale | null> {
    const [sale] = await sql.select<SaleRow>('SELECT location_id, sale_id, actor, recorded_at FROM store_sales WHERE location_id = ? AND sale_id = ?', [locationId, saleId]);
    if (!sale) return null;
    const lines = await sql.select<LineRow>('SELECT sku, quantity, from_allowance FROM store_sale_lines WHERE location_id = ? AND sale_id = ? ORDER BY sku', [locationId, saleId]);
    return {
      id: sale.sale_id,
      locationId: sale.location_id,
      actor: sale.actor,
      recordedAt: Number(sale.recorded_at),
      lines: lines.map((line) => ({ sku: line.sku, quantity: Number(line.quantity), fromAllowance: Number(line.from_allowance) })),
    };
  }
}
