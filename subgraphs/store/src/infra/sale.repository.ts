import { dialectSql, type Sql, type Tx } from '@stockgraph/shared';
import type { SaleLineRequest } from '@stockgraph/shared/domain';
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

/** The sale at the head of the local outbox, with its retry state. */
export interface OutboxEntry {
  seq: number;
  saleId: string;
  attempts: number;
  nextAttemptAt: number;
}

/** The till's sales, the local outbox (sales still to record centrally, in order) and the store's dead letters. */
export class SaleRepository {
  async find(sql: Sql, saleIds: readonly string[]): Promise<Sale[]> {
    if (saleIds.length === 0) return [];
    const list = dialectSql.placeholders(saleIds.length);
    const sales = await sql.select<SaleRow>(`SELECT sale_id, status, offline, created_at, synced_at FROM sales WHERE sale_id IN (${list})`, saleIds);
    const lines = await sql.select<LineRow>(`SELECT sale_id, sku, quantity, from_allowance FROM sale_lines WHERE sale_id IN (${list}) ORDER BY sale_id, sku`, saleIds);
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
      'SELECT sale_id FROM sales' + (after ? ' WHERE created_at < ? OR (created_at = ? AND sale_id < ?)' : '') + ' ORDER BY created_at DESC, sale_id DESC LIMIT ?',
      after ? [after.createdAt, after.createdAt, after.id, limit + 1] : [limit + 1],
    );
    return this.find(sql, rows.map((row) => row.sale_id));
  }

  /** A new sale with its lines, queued in the outbox, in the caller's transaction. */
  add(tx: Tx, sale: { id: string; offline: boolean; createdAt: number; lines: readonly SaleLineRequest[] }): void {
    tx.defer('INSERT INTO sales (sale_id, status, offline, created_at, synced_at) VALUES (?, ?, ?, ?, NULL)', [sale.id, 'PENDING', sale.offline ? 1 : 0, sale.createdAt]);
    for (const line of sale.lines) tx.defer('INSERT INTO sale_lines (sale_id, sku, quantity, from_allowance) VALUES (?, ?, ?, NULL)', [sale.id, line.sku, line.quantity]);
    tx.defer('INSERT INTO sync_outbox (sale_id, attempts, next_attempt_at, last_error) VALUES (?, 0, ?, NULL)', [sale.id, sale.createdAt]);
  }

  /** Units of each sku sold and still in the outbox. */
  async pendingBySku(sql: Sql, skus: readonly string[] | null): Promise<Map<string, number>> {
    const rows = await sql.select<{ sku: string; units: number | string }>(
      'SELECT l.sku, SUM(l.quantity) AS units FROM sync_outbox o JOIN sale_lines l ON l.sale_id = o.sale_id' +
        (skus ? ` WHERE l.sku IN (${dialectSql.placeholders(skus.length)})` : '') +
        ' GROUP BY l.sku',
      skus ?? [],
    );
    return new Map(rows.map((row) => [row.sku, Number(row.units)]));
  }

  async head(sql: Sql): Promise<OutboxEntry | null> {
    const [row] = await sql.select<{ seq: number | string; sale_id: string; attempts: number | string; next_attempt_at: number | string }>(
      'SELECT seq, sale_id, attempts, next_attempt_at FROM sync_outbox ORDER BY seq LIMIT 1',
    );
    return row ? { seq: Number(row.seq), saleId: row.sale_id, attempts: Number(row.attempts), nextAttemptAt: Number(row.next_attempt_at) } : null;
  }

  async backlog(sql: Sql): Promise<{ count: number; oldestAt: number | null }> {
    const [row] = await sql.select<{ n: number | string; oldest: number | string | null }>(
      'SELECT COUNT(*) AS n, MIN(s.created_at) AS oldest FROM sync_outbox o JOIN sales s ON s.sale_id = o.sale_id',
    );
    return { count: Number(row?.n ?? 0), oldestAt: row?.oldest == null ? null : Number(row.oldest) };
  }

  /** The centre recorded the sale: out of the outbox, with where its units came from. */
  markSynced(tx: Tx, saleId: string, lines: ReadonlyArray<{ sku: string; fromAllowance: number }>, at: number): void {
    tx.defer('DELETE FROM sync_outbox WHERE sale_id = ?', [saleId]);
    tx.defer("UPDATE sales SET status = 'SYNCED', synced_at = ? WHERE sale_id = ?", [at, saleId]);
    for (const line of lines) tx.defer('UPDATE sale_lines SET from_allowance = ? WHERE sale_id = ? AND sku = ?', [line.fromAllowance, saleId, line.sku]);
  }

  /** The centre refused the sale for good: out of the outbox, into the dead letters with the reason. */
  markRejected(tx: Tx, saleId: string, code: string, reason: string, at: number): void {
    tx.defer('DELETE FROM sync_outbox WHERE sale_id = ?', [saleId]);
    tx.defer("UPDATE sales SET status = 'REJECTED' WHERE sale_id = ?", [saleId]);
    tx.defer('INSERT INTO sync_dead_letters (sale_id, code, reason, created_at) VALUES (?, ?, ?, ?)', [saleId, code, reason.slice(0, 2000), at]);
  }

  /** A failed attempt: try again at `nextAttemptAt`. */
  async deferHead(tx: Tx, saleId: string, nextAttemptAt: number, error: string): Promise<void> {
    await tx.execute('UPDATE sync_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE sale_id = ?', [nextAttemptAt, error.slice(0, 2000), saleId]);
  }

  async deadLetters(sql: Sql): Promise<Array<{ saleId: string; code: string; reason: string; createdAt: number }>> {
    const rows = await sql.select<{ sale_id: string; code: string; reason: string; created_at: number | string }>('SELECT sale_id, code, reason, created_at FROM sync_dead_letters ORDER BY created_at DESC LIMIT 100');
    return rows.map((row) => ({ saleId: row.sale_id, code: row.code, reason: row.reason, createdAt: Number(row.created_at) }));
  }
}
