import type { Sql, Tx } from '@stockgraph/persistence';
import type { SaleLineRequest } from '@stockgraph/domain';
import type { SaleReturn, SaleStatus } from '../domain/sale';

/** The till's returns. */
export class ReturnRepository {
  async find(sql: Sql, returnId: string): Promise<SaleReturn | null> {
    const [row] = await sql.select<{
      sale_id: string;
      status: SaleStatus;
      created_at: number | string;
      synced_at: number | string | null;
    }>('SELECT sale_id, status, created_at, synced_at FROM returns WHERE return_id = ?', [returnId]);
    if (!row) return null;
    const lines = await sql.select<{ sku: string; quantity: number | string }>(
      'SELECT sku, quantity FROM return_lines WHERE return_id = ? ORDER BY sku',
      [returnId],
    );
    return {
      id: returnId,
      saleId: row.sale_id,
      status: row.status,
      createdAt: Number(row.created_at),
      syncedAt: row.synced_at === null ? null : Number(row.synced_at),
      lines: lines.map((line) => ({ sku: line.sku, quantity: Number(line.quantity) })),
    };
  }

  /** Units of each sku of a sale returned so far (refused returns not counted). */
  async returnedOf(sql: Sql, saleId: string): Promise<Map<string, number>> {
    const rows = await sql.select<{ sku: string; units: number | string }>(
      "SELECT l.sku, SUM(l.quantity) AS units FROM returns r JOIN return_lines l ON l.return_id = r.return_id WHERE r.sale_id = ? AND r.status <> 'REJECTED' GROUP BY l.sku",
      [saleId],
    );
    return new Map(rows.map((row) => [row.sku, Number(row.units)]));
  }

  add(tx: Tx, entry: { id: string; saleId: string; createdAt: number; lines: readonly SaleLineRequest[] }): void {
    tx.defer(
      "INSERT INTO returns (return_id, sale_id, status, created_at, synced_at) VALUES (?, ?, 'PENDING', ?, NULL)",
      [entry.id, entry.saleId, entry.createdAt],
    );
    for (const line of entry.lines)
      tx.defer('INSERT INTO return_lines (return_id, sku, quantity) VALUES (?, ?, ?)', [
        entry.id,
        line.sku,
        line.quantity,
      ]);
  }

  mark(tx: Tx, returnId: string, status: Exclude<SaleStatus, 'PENDING'>, at: number): void {
    tx.defer('UPDATE returns SET status = ?, synced_at = ? WHERE return_id = ?', [
      status,
      status === 'SYNCED' ? at : null,
      returnId,
    ]);
  }
}
