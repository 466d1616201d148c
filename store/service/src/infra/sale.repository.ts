import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { SaleLineRequest } from '@stockgraph/domain';
import type { Sale, SaleStatus } from '../domain/sale';

interface SaleRow {
  sale_id: string;
  status: SaleStatus;
  offline: number | string;
  created_at: number | string;
  synced_at: number | string | null;
}

interface LineRow {
  sale_id: string;
  sku: string;
  quantity: number | string;
  from_allowance: number | string | null;
}

/** The till's sales. */
export class SaleRepository {
  /** The sales asked for, in that order; `lock` locks their rows (on MariaDB) for the caller's transaction. */
  async find(sql: Sql, saleIds: readonly string[], { lock = false } = {}): Promise<Sale[]> {
    if (saleIds.length === 0) return [];
    const list = dialectSql.placeholders(saleIds.length);
    const sales = await sql.select<SaleRow>(
      `SELECT sale_id, status, offline, created_at, synced_at FROM sales WHERE sale_id IN (${list})${lock ? dialectSql.forUpdate(sql) : ''}`,
      saleIds,
    );
    const lines = await sql.select<LineRow>(
      `SELECT sale_id, sku, quantity, from_allowance FROM sale_lines WHERE sale_id IN (${list}) ORDER BY sale_id, sku`,
      saleIds,
    );
    const bySale = new Map<string, LineRow[]>();
    for (const line of lines) bySale.set(line.sale_id, [...(bySale.get(line.sale_id) ?? []), line]);
    const found = new Map(
      sales.map((row) => [
        row.sale_id,
        {
          id: row.sale_id,
          status: row.status,
          offline: Number(row.offline) === 1,
          createdAt: Number(row.created_at),
          syncedAt: row.synced_at === null ? null : Number(row.synced_at),
          lines: (bySale.get(row.sale_id) ?? []).map((line) => ({
            sku: line.sku,
            quantity: Number(line.quantity),
            fromAllowance: line.from_allowance === null ? null : Number(line.from_allowance),
          })),
        } satisfies Sale,
      ]),
    );
    return saleIds.flatMap((id) => found.get(id) ?? []);
  }

  /** Newest first, after the (created_at, sale_id) position given; one more than `limit` tells whether more follow. */
  async page(sql: Sql, limit: number, after: { createdAt: number; id: string } | null): Promise<Sale[]> {
    const rows = await sql.select<{ sale_id: string }>(
      'SELECT sale_id FROM sales' +
        (after ? ' WHERE created_at < ? OR (created_at = ? AND sale_id < ?)' : '') +
        ' ORDER BY created_at DESC, sale_id DESC LIMIT ?',
      after ? [after.createdAt, after.createdAt, after.id, limit + 1] : [limit + 1],
    );
    return this.find(
      sql,
      rows.map((row) => row.sale_id),
    );
  }

  /** A new sale with its lines, in the caller's transaction. */
  add(tx: Tx, sale: { id: string; offline: boolean; createdAt: number; lines: readonly SaleLineRequest[] }): void {
    tx.defer('INSERT INTO sales (sale_id, status, offline, created_at, synced_at) VALUES (?, ?, ?, ?, NULL)', [
      sale.id,
      'PENDING',
      sale.offline ? 1 : 0,
      sale.createdAt,
    ]);
    for (const line of sale.lines)
      tx.defer('INSERT INTO sale_lines (sale_id, sku, quantity, from_allowance) VALUES (?, ?, ?, NULL)', [
        sale.id,
        line.sku,
        line.quantity,
      ]);
  }

  /** The centre recorded the sale, with where its units came from. */
  markSynced(tx: Tx, saleId: string, lines: ReadonlyArray<{ sku: string; fromAllowance: number }>, at: number): void {
    tx.defer("UPDATE sales SET status = 'SYNCED', synced_at = ? WHERE sale_id = ?", [at, saleId]);
    for (const line of lines)
      tx.defer('UPDATE sale_lines SET from_allowance = ? WHERE sale_id = ? AND sku = ?', [
        line.fromAllowance,
        saleId,
        line.sku,
      ]);
  }

  /** The centre refused the sale for good. */
  markRejected(tx: Tx, saleId: string): void {
    tx.defer("UPDATE sales SET status = 'REJECTED' WHERE sale_id = ?", [saleId]);
  }
}
