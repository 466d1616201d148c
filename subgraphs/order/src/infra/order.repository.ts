import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { UserError } from '../domain/errors';
import type { Order, OrderEvent, OrderLine, OrderStatus } from '../domain/order';
import { toOrderRecord } from '../domain/order-record';
import { OrderEventEntity } from './db/entities/order-event.entity';
import { OrderLineEntity } from './db/entities/order-line.entity';
import { OrderEntity } from './db/entities/order.entity';
import { COLUMNS, type OrderRow, toOrder } from './order-row';

export interface OrderPageFilter {
  customerId?: string | null;
  status?: OrderStatus | null;
  /** Statuses left out (a shopper's list leaves out orders never placed). */
  excludeStatuses?: readonly OrderStatus[];
}

/** Changes written with a status transition. */
export interface TransitionFields {
  /** placeOrder's answer, when this transition ends placing. */
  placeResult?: string;
  reservationId?: string;
  holdExpiresAt?: number;
  paymentReference?: string;
  failure?: UserError;
}

export class OrderRepository {
  /** Writes a new order with the transaction's commit. */
  insert(tx: Tx, order: Order, idempotencyKey: string, requestHash: string): void {
    const record = toOrderRecord(order);
    tx.insert(OrderEntity, [
      {
        id: record.id,
        customerId: record.customerId,
        status: record.status,
        reference: record.reference,
        currency: record.currency,
        reservationId: record.reservationId,
        holdExpiresAt: record.holdExpiresAt,
        paymentReference: record.paymentReference,
        failureCode: record.failure?.code ?? null,
        failureMessage: record.failure?.message ?? null,
        idempotencyKey,
        requestHash,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
      },
    ]);
    tx.insert(
      OrderLineEntity,
      order.lines.map((line, lineNo) => ({ orderId: order.id, lineNo, ...line })),
    );
  }

  /** The order a customer placed with this key: keys are per customer. */
  async findByIdempotencyKey(
    sql: Sql,
    customerId: string,
    key: string,
  ): Promise<{ id: string; requestHash: string; placeResult: string | null } | null> {
    const [row] = await sql.select<{ id: string; request_hash: string; place_result: string | null }>(
      'SELECT id, request_hash, place_result FROM orders WHERE customer_id = ? AND idempotency_key = ?',
      [customerId, key],
    );
    return row ? { id: row.id, requestHash: row.request_hash, placeResult: row.place_result } : null;
  }

  async placeResult(sql: Sql, id: string): Promise<string | null> {
    const [row] = await sql.select<{ place_result: string | null }>('SELECT place_result FROM orders WHERE id = ?', [
      id,
    ]);
    return row?.place_result ?? null;
  }

  async lock(tx: Tx, id: string): Promise<Order | null> {
    const [row] = await tx.select<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE id = ?${dialectSql.forUpdate(tx)}`, [
      id,
    ]);
    if (!row) return null;
    return toOrder(row, (await this.linesOf(tx, [id])).get(id) ?? []);
  }

  /** Orders with their lines, in one query (entity resolution batches on it). */
  async findByIds(sql: Sql, ids: readonly string[]): Promise<Order[]> {
    if (ids.length === 0) return [];
    const rows = await sql.select<
      OrderRow & { sku: string | null; quantity: number | null; unit_price: number | null }
    >(
      `SELECT ${COLUMNS.split(', ')
        .map((c) => `o.${c}`)
        .join(', ')}, l.sku, l.quantity, l.unit_price
         FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
        WHERE o.id IN (${dialectSql.placeholders(ids.length)})
        ORDER BY o.id, l.line_no`,
      ids,
    );
    const byId = new Map<string, { row: OrderRow; lines: OrderLine[] }>();
    for (const row of rows) {
      const found = byId.get(row.id) ?? { row, lines: [] };
      byId.set(row.id, found);
      if (row.sku !== null)
        found.lines.push({ sku: row.sku, quantity: Number(row.quantity), unitPrice: Number(row.unit_price) });
    }
    return [...byId.values()].map(({ row, lines }) => toOrder(row, lines));
  }

  /** Moves an order on only if it is still in `from`; false when someone else moved it first. */
  async transition(
    tx: Tx,
    id: string,
    from: OrderStatus,
    to: OrderStatus,
    fields: TransitionFields,
    now: number,
  ): Promise<boolean> {
    const sets = ['status = ?', 'updated_at = ?'];
    const params: unknown[] = [to, now];
    if (fields.placeResult !== undefined) {
      sets.push('place_result = ?');
      params.push(fields.placeResult);
    }
    if (fields.reservationId !== undefined) {
      sets.push('reservation_id = ?');
      params.push(fields.reservationId);
    }
    if (fields.holdExpiresAt !== undefined) {
      sets.push('hold_expires_at = ?');
      params.push(fields.holdExpiresAt);
    }
    if (fields.paymentReference !== undefined) {
      sets.push('payment_reference = ?');
      params.push(fields.paymentReference);
    }
    if (fields.failure !== undefined) {
      sets.push('failure_code = ?', 'failure_message = ?');
      params.push(fields.failure.code, fields.failure.message);
    }
    const changed = await tx.execute(`UPDATE orders SET ${sets.join(', ')} WHERE id = ? AND status = ?`, [
      ...params,
      id,
      from,
    ]);
    return changed === 1;
  }

  /**
   * Notes the payment a confirm is for before inventory is asked, so an order whose hold
   * inventory confirmed but whose status a crash left behind is recovered with it.
   */
  async notePaymentReference(tx: Tx, id: string, paymentReference: string): Promise<boolean> {
    return (
      (await tx.execute("UPDATE orders SET payment_reference = ? WHERE id = ? AND status = 'RESERVED'", [
        paymentReference,
        id,
      ])) === 1
    );
  }

  /** Notes a later expiry inventory gave the order's hold (a payment in flight); never an earlier one. */
  async noteHoldExpiry(tx: Tx, id: string, holdExpiresAt: number): Promise<boolean> {
    return (
      (await tx.execute(
        "UPDATE orders SET hold_expires_at = ? WHERE id = ? AND status = 'RESERVED' AND hold_expires_at < ?",
        [holdExpiresAt, id, holdExpiresAt],
      )) === 1
    );
  }

  /** The order waiting on a hold, by the hold's id. */
  async findByReservationId(sql: Sql, reservationId: string): Promise<Order | null> {
    const [row] = await sql.select<{ id: string }>('SELECT id FROM orders WHERE reservation_id = ?', [reservationId]);
    return row ? ((await this.findByIds(sql, [row.id]))[0] ?? null) : null;
  }

  /** Ids of orders PENDING since before `before`: placing them was interrupted. Oldest first. */
  async stalledPending(sql: Sql, before: number, limit: number): Promise<string[]> {
    const rows = await sql.select<{ id: string }>(
      "SELECT id FROM orders WHERE status = 'PENDING' AND updated_at < ? ORDER BY updated_at LIMIT ?",
      [before, limit],
    );
    return rows.map((r) => r.id);
  }

  /** RESERVED orders whose hold lapsed before `before`: inventory has settled them one way or another. */
  async lapsedHolds(sql: Sql, before: number, limit: number): Promise<Array<{ id: string; reservationId: string }>> {
    const rows = await sql.select<{ id: string; reservation_id: string }>(
      `SELECT id, reservation_id FROM orders
        WHERE status = 'RESERVED' AND hold_expires_at < ? AND reservation_id IS NOT NULL
        ORDER BY hold_expires_at LIMIT ?`,
      [before, limit],
    );
    return rows.map((r) => ({ id: r.id, reservationId: r.reservation_id }));
  }

  /** Adds a history row with the transaction's commit. */
  appendEvent(tx: Tx, event: OrderEvent): void {
    tx.insert(OrderEventEntity, [
      {
        orderId: event.orderId,
        fromStatus: event.from,
        toStatus: event.to,
        cause: event.cause,
        at: event.at,
      },
    ]);
  }

  async historyOf(sql: Sql, ids: readonly string[]): Promise<OrderEvent[]> {
    if (ids.length === 0) return [];
    const rows = await sql.select<{
      order_id: string;
      from_status: OrderStatus | null;
      to_status: OrderStatus;
      cause: string;
      at: number;
    }>(
      `SELECT order_id, from_status, to_status, cause, at FROM order_events
        WHERE order_id IN (${dialectSql.placeholders(ids.length)}) ORDER BY id`,
      ids,
    );
    return rows.map((r) => ({
      orderId: r.order_id,
      from: r.from_status,
      to: r.to_status,
      cause: r.cause,
      at: Number(r.at),
    }));
  }

  /** Newest first; the cursor is the (created_at, id) of the last row seen. */
  async page(
    session: Sql,
    filter: OrderPageFilter,
    after: { createdAt: number; id: string } | null,
    limit: number,
  ): Promise<Order[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.customerId != null) {
      where.push('customer_id = ?');
      params.push(filter.customerId);
    }
    if (filter.status != null) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.excludeStatuses?.length) {
      where.push(`status NOT IN (${filter.excludeStatuses.map(() => '?').join(', ')})`);
      params.push(...filter.excludeStatuses);
    }
    if (after) {
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      params.push(after.createdAt, after.createdAt, after.id);
    }
    const rows = await session.select<OrderRow>(
      `SELECT ${COLUMNS} FROM orders${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`,
      [...params, limit],
    );
    const lines = await this.linesOf(
      session,
      rows.map((r) => r.id),
    );
    return rows.map((row) => toOrder(row, lines.get(row.id) ?? []));
  }

  private async linesOf(sql: Sql, ids: readonly string[]): Promise<Map<string, OrderLine[]>> {
    const byId = new Map<string, OrderLine[]>();
    if (ids.length === 0) return byId;
    const rows = await sql.select<{ order_id: string; sku: string; quantity: number; unit_price: number }>(
      `SELECT order_id, sku, quantity, unit_price FROM order_lines
        WHERE order_id IN (${dialectSql.placeholders(ids.length)}) ORDER BY order_id, line_no`,
      ids,
    );
    for (const row of rows) {
      const lines = byId.get(row.order_id) ?? [];
      lines.push({ sku: row.sku, quantity: Number(row.quantity), unitPrice: Number(row.unit_price) });
      byId.set(row.order_id, lines);
    }
    return byId;
  }
}
