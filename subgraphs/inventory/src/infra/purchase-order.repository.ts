import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from '../domain/purchase-order';

interface OrderRow {
  id: string;
  location_id: string;
  supplier_reference: string;
  expected_at: number;
  status: PurchaseOrderStatus;
  close_reason: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

const COLUMNS =
  'id, location_id, supplier_reference, expected_at, status, close_reason, created_by, created_at, updated_at';

/** Hand-written SQL over `purchase_orders` and their lines. */
export class PurchaseOrderRepository {
  async insert(tx: Tx, order: PurchaseOrder): Promise<void> {
    await tx.execute(`INSERT INTO purchase_orders (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      order.id,
      order.locationId,
      order.supplierReference,
      order.expectedAt,
      order.status,
      order.closeReason,
      order.createdBy,
      order.createdAt,
      order.updatedAt,
    ]);
    await tx.execute(
      `INSERT INTO purchase_order_lines (purchase_order_id, sku, expected, received) VALUES ${order.lines.map(() => '(?, ?, ?, 0)').join(', ')}`,
      order.lines.flatMap((line) => [order.id, line.sku, line.expected]),
    );
  }

  /** Locks the order's row: its receipts and its close run one at a time. */
  async lock(tx: Tx, id: string): Promise<PurchaseOrder | null> {
    const rows = await tx.select<OrderRow>(
      `SELECT ${COLUMNS} FROM purchase_orders WHERE id = ?${dialectSql.forUpdate(tx)}`,
      [id],
    );
    return (await this.withLines(tx, rows))[0] ?? null;
  }

  async save(tx: Tx, order: PurchaseOrder): Promise<void> {
    await tx.execute('UPDATE purchase_orders SET status = ?, close_reason = ?, updated_at = ? WHERE id = ?', [
      order.status,
      order.closeReason,
      order.updatedAt,
      order.id,
    ]);
    for (const line of order.lines)
      await tx.execute('UPDATE purchase_order_lines SET received = ? WHERE purchase_order_id = ? AND sku = ?', [
        line.received,
        order.id,
        line.sku,
      ]);
  }

  /** Newest first, at any of `locationIds` (null: anywhere), in `status` when given. */
  async list(
    sql: Sql,
    filter: { locationIds: readonly string[] | null; status: PurchaseOrderStatus | null },
    limit: number,
  ): Promise<PurchaseOrder[]> {
    if (filter.locationIds?.length === 0) return [];
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.locationIds) {
      where.push(`location_id IN (${dialectSql.placeholders(filter.locationIds.length)})`);
      params.push(...filter.locationIds);
    }
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    const rows = await sql.select<OrderRow>(
      `SELECT ${COLUMNS} FROM purchase_orders${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`,
      [...params, limit],
    );
    return this.withLines(sql, rows);
  }

  private async withLines(sql: Sql, rows: readonly OrderRow[]): Promise<PurchaseOrder[]> {
    if (rows.length === 0) return [];
    const lines = await sql.select<{ purchase_order_id: string; sku: string; expected: number; received: number }>(
      `SELECT purchase_order_id, sku, expected, received FROM purchase_order_lines
        WHERE purchase_order_id IN (${dialectSql.placeholders(rows.length)}) ORDER BY purchase_order_id, sku`,
      rows.map((row) => row.id),
    );
    const byOrder = new Map<string, PurchaseOrderLine[]>();
    for (const line of lines)
      byOrder.set(line.purchase_order_id, [
        ...(byOrder.get(line.purchase_order_id) ?? []),
        { sku: line.sku, expected: Number(line.expected), received: Number(line.received) },
      ]);
    return rows.map((row) => ({
      id: row.id,
      locationId: row.location_id,
      supplierReference: row.supplier_reference,
      expectedAt: Number(row.expected_at),
      status: row.status,
      closeReason: row.close_reason,
      createdBy: row.created_by,
      lines: byOrder.get(row.id) ?? [],
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }));
  }
}
