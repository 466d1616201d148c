import { dialectSql, type Sql } from '@stockgraph/persistence';
import type { LowStockPosition } from '../domain/low-stock';
import type { StockDelta, StockLevel } from '../domain/stock-level';

interface StockLevelRow {
  sku: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  damaged: number;
  quality_control: number;
  incoming: number;
  version: number;
  updated_at: number;
}

const COLUMNS =
  'sku, location_id, on_hand, reserved, safety_stock, damaged, quality_control, incoming, version, updated_at';
/** What may be sold of a row `s`, before flooring at 0 (as `available` in the domain). */
const SELLABLE = 's.on_hand - s.reserved - s.safety_stock - s.damaged - s.quality_control';

function toStockLevel(row: StockLevelRow): StockLevel {
  return {
    sku: row.sku,
    locationId: row.location_id,
    onHand: Number(row.on_hand),
    reserved: Number(row.reserved),
    safetyStock: Number(row.safety_stock),
    damaged: Number(row.damaged),
    qualityControl: Number(row.quality_control),
    incoming: Number(row.incoming),
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
  };
}

/** Hand-written SQL over `stock_levels`. Every write goes through `applyDelta`'s guard. */
export class StockLevelRepository {
  /**
   * Locks every row of the given skus, in (sku, location) order: the one order all
   * writers use, so two carts over the same skus queue instead of deadlocking.
   */
  async lockBySkus(tx: Sql, skus: readonly string[]): Promise<StockLevel[]> {
    if (skus.length === 0) return [];
    const rows = await tx.select<StockLevelRow>(
      `SELECT ${COLUMNS} FROM stock_levels WHERE sku IN (${dialectSql.placeholders(skus.length)})` +
        ` ORDER BY sku, location_id${dialectSql.forUpdate(tx)}`,
      skus,
    );
    return rows.map(toStockLevel);
  }

  /** Locks the given (sku, location) rows in the same fixed order. */
  async lockByKeys(tx: Sql, keys: ReadonlyArray<{ sku: string; locationId: string }>): Promise<StockLevel[]> {
    if (keys.length === 0) return [];
    const rows = await tx.select<StockLevelRow>(
      `SELECT ${COLUMNS} FROM stock_levels WHERE (sku, location_id) IN (${keys.map(() => '(?, ?)').join(', ')})` +
        ` ORDER BY sku, location_id${dialectSql.forUpdate(tx)}`,
      keys.flatMap((k) => [k.sku, k.locationId]),
    );
    return rows.map(toStockLevel);
  }

  /** Creates empty rows for (sku, location) pairs that have none yet. */
  async ensureExists(tx: Sql, keys: ReadonlyArray<{ sku: string; locationId: string }>, now: number): Promise<void> {
    if (keys.length === 0) return;
    await tx.execute(
      `${dialectSql.insertIgnore(tx)} INTO stock_levels (${COLUMNS}) VALUES ${keys.map(() => '(?, ?, 0, 0, 0, 0, 0, 0, 0, ?)').join(', ')}`,
      keys.flatMap((k) => [k.sku, k.locationId, now]),
    );
  }

  /**
   * The guard. One conditional UPDATE applies a change only if the result keeps every
   * invariant: no quantity below 0, on hand ≥ reserved + damaged + in quality control, and,
   * when units are being reserved, enough available (on hand − reserved − safety stock −
   * damaged − in quality control) for them. Returns false, having changed nothing, when
   * the guard refuses.
   */
  async applyDelta(tx: Sql, sku: string, locationId: string, delta: StockDelta, now: number): Promise<boolean> {
    const { sql, params } = this.deltaStatement(sku, locationId, delta, now);
    return (await tx.execute(sql, params)) === 1;
  }

  /** The guarded UPDATE of `applyDelta`, for sending many at once (`Tx.executeAll`); 1 row changed means accepted. */
  deltaStatement(sku: string, locationId: string, delta: StockDelta, now: number): { sql: string; params: unknown[] } {
    const damaged = delta.damaged ?? 0;
    const qualityControl = delta.qualityControl ?? 0;
    const incoming = delta.incoming ?? 0;
    return {
      sql: `UPDATE stock_levels
          SET on_hand = on_hand + ?, reserved = reserved + ?, safety_stock = safety_stock + ?,
              damaged = damaged + ?, quality_control = quality_control + ?, incoming = incoming + ?,
              version = version + 1, updated_at = CASE WHEN updated_at > ? THEN updated_at ELSE ? END
        WHERE sku = ? AND location_id = ?
          AND reserved + ? >= 0
          AND safety_stock + ? >= 0
          AND damaged + ? >= 0
          AND quality_control + ? >= 0
          AND incoming + ? >= 0
          AND on_hand + ? >= reserved + ? + damaged + ? + quality_control + ?
          AND (? <= 0 OR on_hand - reserved - safety_stock - damaged - quality_control >= ?)`,
      params: [
        delta.onHand,
        delta.reserved,
        delta.safetyStock,
        damaged,
        qualityControl,
        incoming,
        now,
        now,
        sku,
        locationId,
        delta.reserved,
        delta.safetyStock,
        damaged,
        qualityControl,
        incoming,
        delta.onHand,
        delta.reserved,
        damaged,
        qualityControl,
        delta.reserved,
        delta.reserved,
      ],
    };
  }

  /** Which of `skus` have a stock level anywhere. */
  async knownSkus(sql: Sql, skus: readonly string[]): Promise<Set<string>> {
    if (skus.length === 0) return new Set();
    const rows = await sql.select<{ sku: string }>(
      `SELECT DISTINCT sku FROM stock_levels WHERE sku IN (${dialectSql.placeholders(skus.length)})`,
      skus,
    );
    return new Set(rows.map((r) => r.sku));
  }

  /**
   * Stock levels as the world should see them: units of holds that have expired but are
   * not swept yet already count as released. One statement, so batched reads stay one query.
   */
  async findBySkus(sql: Sql, skus: readonly string[], now: number): Promise<StockLevel[]> {
    if (skus.length === 0) return [];
    const list = dialectSql.placeholders(skus.length);
    const rows = await sql.select<StockLevelRow & { expired: number | null }>(
      `SELECT s.sku, s.location_id, s.on_hand, s.reserved, s.safety_stock, s.damaged, s.quality_control, s.incoming,
              s.version, s.updated_at, x.expired
         FROM stock_levels s
         LEFT JOIN (SELECT l.sku, l.location_id, SUM(l.quantity) AS expired
                      FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id
                     WHERE l.sku IN (${list}) AND r.status = 'ACTIVE' AND r.expires_at <= ?
                     GROUP BY l.sku, l.location_id) x
           ON x.sku = s.sku AND x.location_id = s.location_id
        WHERE s.sku IN (${list})
        ORDER BY s.sku, s.location_id`,
      [...skus, now, ...skus],
    );
    return rows.map((row) => {
      const level = toStockLevel(row);
      return { ...level, reserved: level.reserved - Number(row.expired ?? 0) };
    });
  }

  /**
   * A page of low stock levels: those whose available (on hand − reserved − safety stock,
   * not below 0, with expired holds counted as released as in `findBySkus`) is at most
   * their safety stock or `threshold`, whichever is larger; lowest available first, then
   * sku and location. `after` continues from a row; `locationIds` null: every location.
   * One statement. Availability is computed, so no index serves the filter: the rows of
   * the locations asked for are read once.
   */
  async lowStockPage(
    sql: Sql,
    query: { threshold: number; locationIds: readonly string[] | null },
    after: LowStockPosition | null,
    limit: number,
    now: number,
  ): Promise<StockLevel[]> {
    const { threshold, locationIds } = query;
    if (locationIds?.length === 0) return [];
    const inLocations = locationIds ? `IN (${dialectSql.placeholders(locationIds.length)})` : null;
    const free = `${SELLABLE} + COALESCE(x.expired, 0)`;
    const resume = after
      ? ' AND (t.available > ? OR (t.available = ? AND (t.sku > ? OR (t.sku = ? AND t.location_id > ?))))'
      : '';
    const rows = await sql.select<StockLevelRow>(
      `SELECT t.sku, t.location_id, t.on_hand, t.reserved, t.safety_stock, t.damaged, t.quality_control, t.incoming,
              t.version, t.updated_at
         FROM (SELECT s.sku, s.location_id, s.on_hand, s.reserved - COALESCE(x.expired, 0) AS reserved, s.safety_stock,
                      s.damaged, s.quality_control, s.incoming,
                      s.version, s.updated_at, CASE WHEN ${free} > 0 THEN ${free} ELSE 0 END AS available
                 FROM stock_levels s
                 LEFT JOIN (SELECT l.sku, l.location_id, SUM(l.quantity) AS expired
                              FROM reservation_lines l JOIN reservations r ON r.id = l.reservation_id
                             WHERE r.status = 'ACTIVE' AND r.expires_at <= ?${inLocations ? ` AND l.location_id ${inLocations}` : ''}
                             GROUP BY l.sku, l.location_id) x
                   ON x.sku = s.sku AND x.location_id = s.location_id
               ${inLocations ? ` WHERE s.location_id ${inLocations}` : ''}) t
        WHERE t.available <= CASE WHEN t.safety_stock > ? THEN t.safety_stock ELSE ? END${resume}
        ORDER BY t.available, t.sku, t.location_id
        LIMIT ?`,
      [
        now,
        ...(locationIds ?? []),
        ...(locationIds ?? []),
        threshold,
        threshold,
        ...(after ? [after.available, after.available, after.sku, after.sku, after.locationId] : []),
        limit,
      ],
    );
    return rows.map(toStockLevel);
  }

  /** Rows whose stored quantities break an invariant (on hand below what it must cover, anything negative). */
  async invariantBreaches(sql: Sql): Promise<Array<{ sku: string; locationId: string }>> {
    const rows = await sql.select<{ sku: string; location_id: string }>(
      `SELECT sku, location_id FROM stock_levels
        WHERE reserved < 0 OR safety_stock < 0 OR damaged < 0 OR quality_control < 0 OR incoming < 0
           OR on_hand < reserved + damaged + quality_control`,
    );
    return rows.map((row) => ({ sku: row.sku, locationId: row.location_id }));
  }
}
