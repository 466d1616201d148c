import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { Reservation, ReservationLine, ReservationStatus } from '../domain/reservation';
import { effectiveStatus, type ReservationFilter, type ReservationPosition } from '../domain/reservation-listing';
import { ReservationLineEntity } from './db/entities/reservation-line.entity';
import { ReservationEntity } from './db/entities/reservation.entity';

interface ReservationRow {
  id: string;
  status: ReservationStatus;
  reference: string | null;
  customer_id: string | null;
  expires_at: number;
  created_at: number;
  updated_at: number;
}

interface LineRow {
  reservation_id: string;
  sku: string;
  location_id: string;
  quantity: number;
}

type ReservationWithLineRow = ReservationRow & {
  sku: string | null;
  location_id: string | null;
  quantity: number | null;
};

const COLUMNS = 'id, status, reference, customer_id, expires_at, created_at, updated_at';

export class ReservationRepository {
  /** Writes a new hold and its lines with the transaction's commit. */
  insert(tx: Tx, reservation: Reservation): void {
    tx.insert(ReservationEntity, [
      {
        id: reservation.id,
        status: reservation.status,
        reference: reservation.reference,
        customerId: reservation.customerId,
        expiresAt: reservation.expiresAt,
        createdAt: reservation.createdAt,
        updatedAt: reservation.updatedAt,
      },
    ]);
    tx.insert(
      ReservationLineEntity,
      reservation.lines.map((line) => ({ reservationId: reservation.id, ...line })),
    );
  }

  /** Locks the reservation row (and so every change to it) for the rest of the transaction. */
  async lock(tx: Tx, id: string): Promise<Reservation | null> {
    const [row] = await tx.select<ReservationRow>(
      `SELECT ${COLUMNS} FROM reservations WHERE id = ?${dialectSql.forUpdate(tx)}`,
      [id],
    );
    if (!row) return null;
    const lines = await this.linesOf(tx, [id]);
    return toReservation(row, lines.get(id) ?? []);
  }

  /**
   * Locks several reservation rows in one statement, in id order: the one order every
   * writer that locks more than one hold uses. Missing ids are left out.
   */
  async lockMany(tx: Tx, ids: readonly string[]): Promise<Reservation[]> {
    if (ids.length === 0) return [];
    const sorted = [...new Set(ids)].sort();
    const rows = await tx.select<ReservationRow>(
      `SELECT ${COLUMNS} FROM reservations WHERE id IN (${dialectSql.placeholders(sorted.length)}) ORDER BY id${dialectSql.forUpdate(tx)}`,
      sorted,
    );
    if (rows.length === 0) return [];
    const lines = await this.linesOf(
      tx,
      rows.map((row) => row.id),
    );
    return rows.map((row) => toReservation(row, lines.get(row.id) ?? []));
  }

  /**
   * Active holds past their expiry, oldest first, locked for this transaction; rows another
   * sweeper holds are skipped, so several instances sweep side by side. The candidates are
   * read without locking and then locked by primary key: a locking read through the
   * (status, expiry) index would keep index locks on the holds it skipped, and a confirm
   * of one of those, changing its status, would wait for this sweep while it waits for
   * that confirm's stock rows.
   */
  async claimExpired(tx: Tx, now: number, limit: number): Promise<string[]> {
    const due = await tx.select<{ id: string }>(
      `SELECT id FROM reservations WHERE status = 'ACTIVE' AND expires_at <= ? ORDER BY expires_at LIMIT ?`,
      [now, limit],
    );
    if (due.length === 0) return [];
    const ids = due.map((row) => row.id).sort();
    const claimed = await tx.select<{ id: string }>(
      `SELECT id FROM reservations WHERE id IN (${dialectSql.placeholders(ids.length)}) ORDER BY id${dialectSql.forUpdateSkipLocked(tx)}`,
      ids,
    );
    return claimed.map((row) => row.id);
  }

  /** Active holds past their expiry that hold any of `skus`. */
  async expiredHolding(sql: Sql, skus: readonly string[], now: number): Promise<string[]> {
    if (skus.length === 0) return [];
    const rows = await sql.select<{ id: string }>(
      `SELECT DISTINCT r.id FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id
        WHERE l.sku IN (${dialectSql.placeholders(skus.length)}) AND r.status = 'ACTIVE' AND r.expires_at <= ?
        ORDER BY r.id`,
      [...skus, now],
    );
    return rows.map((row) => row.id);
  }

  /** Moves a reservation from one status to another; false if it was no longer in `from`. */
  async transition(tx: Tx, id: string, from: ReservationStatus, to: ReservationStatus, now: number): Promise<boolean> {
    const changed = await tx.execute('UPDATE reservations SET status = ?, updated_at = ? WHERE id = ? AND status = ?', [
      to,
      now,
      id,
      from,
    ]);
    return changed === 1;
  }

  /** Moves an active hold's expiry; false if it was no longer active. */
  async extend(tx: Tx, id: string, expiresAt: number, now: number): Promise<boolean> {
    const changed = await tx.execute(
      "UPDATE reservations SET expires_at = ?, updated_at = ? WHERE id = ? AND status = 'ACTIVE'",
      [expiresAt, now, id],
    );
    return changed === 1;
  }

  /** Reservations with their lines, in one query (entity resolution batches on it). */
  async findByIds(session: Sql, ids: readonly string[]): Promise<Reservation[]> {
    if (ids.length === 0) return [];
    const rows = await session.select<ReservationWithLineRow>(
      `SELECT r.id, r.status, r.reference, r.customer_id, r.expires_at, r.created_at, r.updated_at, l.sku, l.location_id, l.quantity
         FROM reservations r LEFT JOIN reservation_lines l ON l.reservation_id = r.id
        WHERE r.id IN (${dialectSql.placeholders(ids.length)})
        ORDER BY r.id, l.sku, l.location_id`,
      ids,
    );
    return withLines(rows);
  }

  /**
   * A page of holds with their lines, newest first (created_at, then id, descending), in
   * one statement; `after` continues from a row. The status is the one the world sees: an
   * ACTIVE hold past its expiry lists as EXPIRED, not ACTIVE. Fetches `limit` holds.
   */
  async page(
    session: Sql,
    filter: ReservationFilter,
    after: ReservationPosition | null,
    limit: number,
    now: number,
  ): Promise<Reservation[]> {
    if (filter.within?.length === 0) return [];
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status === 'ACTIVE') where.push("r.status = 'ACTIVE' AND r.expires_at > ?");
    else if (filter.status === 'EXPIRED')
      where.push("(r.status = 'EXPIRED' OR (r.status = 'ACTIVE' AND r.expires_at <= ?))");
    else where.push('r.status = ?');
    params.push(filter.status === 'ACTIVE' || filter.status === 'EXPIRED' ? now : filter.status);
    const line = [
      ...(filter.sku === null ? [] : ['l.sku = ?']),
      ...(filter.locationId === null ? [] : ['l.location_id = ?']),
    ];
    if (line.length > 0) {
      where.push(`r.id IN (SELECT l.reservation_id FROM reservation_lines l WHERE ${line.join(' AND ')})`);
      params.push(
        ...(filter.sku === null ? [] : [filter.sku]),
        ...(filter.locationId === null ? [] : [filter.locationId]),
      );
    }
    if (filter.within) {
      where.push('EXISTS (SELECT 1 FROM reservation_lines w WHERE w.reservation_id = r.id)');
      where.push(
        `NOT EXISTS (SELECT 1 FROM reservation_lines o WHERE o.reservation_id = r.id AND o.location_id NOT IN (${dialectSql.placeholders(filter.within.length)}))`,
      );
      params.push(...filter.within);
    }
    if (after) {
      where.push('(r.created_at < ? OR (r.created_at = ? AND r.id < ?))');
      params.push(after.createdAt, after.createdAt, after.id);
    }
    const rows = await session.select<ReservationWithLineRow>(
      `SELECT p.id, p.status, p.reference, p.customer_id, p.expires_at, p.created_at, p.updated_at, l.sku, l.location_id, l.quantity
         FROM (SELECT ${COLUMNS} FROM reservations r WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ?) p
         LEFT JOIN reservation_lines l ON l.reservation_id = p.id
        ORDER BY p.created_at DESC, p.id DESC, l.sku, l.location_id`,
      [...params, limit],
    );
    return withLines(rows).map((reservation) => ({ ...reservation, status: effectiveStatus(reservation, now) }));
  }

  private async linesOf(sql: Sql, ids: readonly string[]): Promise<Map<string, ReservationLine[]>> {
    const rows = await sql.select<LineRow>(
      `SELECT reservation_id, sku, location_id, quantity FROM reservation_lines
        WHERE reservation_id IN (${dialectSql.placeholders(ids.length)}) ORDER BY sku, location_id`,
      ids,
    );
    const byId = new Map<string, ReservationLine[]>();
    for (const row of rows) {
      const lines = byId.get(row.reservation_id) ?? [];
      lines.push({ sku: row.sku, locationId: row.location_id, quantity: Number(row.quantity) });
      byId.set(row.reservation_id, lines);
    }
    return byId;
  }
}

/** Folds one row per line (a hold without lines: one row of nulls) into holds, in the order they come. */
function withLines(rows: readonly ReservationWithLineRow[]): Reservation[] {
  const byId = new Map<string, Reservation>();
  for (const row of rows) {
    const reservation = byId.get(row.id) ?? toReservation(row, []);
    byId.set(row.id, reservation);
    if (row.sku !== null && row.location_id !== null) {
      reservation.lines.push({ sku: row.sku, locationId: row.location_id, quantity: Number(row.quantity) });
    }
  }
  return [...byId.values()];
}

function toReservation(row: ReservationRow, lines: ReservationLine[]): Reservation {
  return {
    id: row.id,
    status: row.status,
    reference: row.reference,
    customerId: row.customer_id,
    expiresAt: Number(row.expires_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    lines,
  };
}
