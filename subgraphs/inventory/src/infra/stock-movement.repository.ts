import { stockKey } from '@stockgraph/domain';
import type { Sql, Tx } from '@stockgraph/persistence';
import type { MovementDraft, StockMovement } from '../domain/stock-movement';
import { StockMovementEntity } from './db/entities/stock-movement.entity';

interface MovementRow {
  id: number;
  sku: string;
  location_id: string;
  kind: StockMovement['kind'];
  on_hand_delta: number;
  reserved_delta: number;
  safety_stock_delta: number;
  damaged_delta: number;
  quality_control_delta: number;
  incoming_delta: number;
  damaged_after: number;
  quality_control_after: number;
  incoming_after: number;
  on_hand_after: number;
  reserved_after: number;
  safety_stock_after: number;
  version_after: number;
  reason: string | null;
  reference: string | null;
  actor: string;
  reservation_id: string | null;
  idempotency_key: string | null;
  source_event_id: string | null;
  created_at: number;
}

/** Levels whose last movement one query looks up (three placeholders each). */
const KINDS_PER_QUERY = 500;

/** The append-only movement ledger. */
export class StockMovementRepository {
  append(tx: Tx, drafts: readonly MovementDraft[]): void {
    if (drafts.length === 0) return;
    tx.insert(
      StockMovementEntity,
      drafts.map((d) => ({
        sku: d.sku,
        locationId: d.locationId,
        kind: d.kind,
        onHandDelta: d.delta.onHand,
        reservedDelta: d.delta.reserved,
        safetyStockDelta: d.delta.safetyStock,
        damagedDelta: d.delta.damaged ?? 0,
        qualityControlDelta: d.delta.qualityControl ?? 0,
        incomingDelta: d.delta.incoming ?? 0,
        damagedAfter: d.after.damaged,
        qualityControlAfter: d.after.qualityControl,
        incomingAfter: d.after.incoming,
        onHandAfter: d.after.onHand,
        reservedAfter: d.after.reserved,
        safetyStockAfter: d.after.safetyStock,
        versionAfter: d.after.version,
        reason: d.reason,
        reference: d.reference,
        actor: d.actor,
        reservationId: d.reservationId,
        idempotencyKey: d.idempotencyKey,
        sourceEventId: d.sourceEventId,
        createdAt: d.createdAt,
      })),
    );
  }

  /** Newest first; `beforeId` continues a page; `locationIds` (when not null) keeps only those locations. Fetches `limit` rows. */
  async page(
    sql: Sql,
    sku: string,
    beforeId: number | null,
    limit: number,
    locationIds: readonly string[] | null = null,
  ): Promise<StockMovement[]> {
    if (locationIds?.length === 0) return [];
    const conditions = [
      'sku = ?',
      ...(beforeId === null ? [] : ['id < ?']),
      ...(locationIds ? [`location_id IN (${locationIds.map(() => '?').join(', ')})`] : []),
    ];
    const rows = await sql.select<MovementRow>(
      `SELECT * FROM stock_movements WHERE ${conditions.join(' AND ')} ORDER BY id DESC LIMIT ?`,
      [sku, ...(beforeId === null ? [] : [beforeId]), ...(locationIds ?? []), limit],
    );
    return rows.map(toMovement);
  }

  /**
   * The movement that left a level as it stood at `at` (epoch ms): the last one recorded at
   * or before it. A level's movements are stamped in the order they were made (see
   * `MovementDraft`), so this is the level every earlier movement added up to. Null when
   * nothing had been recorded for the level by then.
   */
  async lastAt(sql: Sql, sku: string, locationId: string, at: number): Promise<StockMovement | null> {
    const [row] = await sql.select<MovementRow>(
      `SELECT * FROM stock_movements WHERE sku = ? AND location_id = ? AND created_at <= ?
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [sku, locationId, at],
    );
    return row ? toMovement(row) : null;
  }

  /**
   * A page of the ledger in id order, after `afterId`, recorded in [from, to] (epoch ms),
   * at `locationId` when given: the export reads it page by page.
   */
  async range(
    sql: Sql,
    filter: { locationId: string | null; from: number; to: number },
    afterId: number,
    limit: number,
  ): Promise<StockMovement[]> {
    const rows = await sql.select<MovementRow>(
      `SELECT * FROM stock_movements
        WHERE id > ? AND created_at >= ? AND created_at <= ?${filter.locationId === null ? '' : ' AND location_id = ?'}
        ORDER BY id LIMIT ?`,
      [afterId, filter.from, filter.to, ...(filter.locationId === null ? [] : [filter.locationId]), limit],
    );
    return rows.map(toMovement);
  }

  /**
   * The kind of the movement that left each level at its version (the level's latest), by
   * `stockKey`; a level no movement reached (none yet) is absent.
   */
  async kindsAt(
    sql: Sql,
    levels: ReadonlyArray<{ sku: string; locationId: string; version: number }>,
  ): Promise<Map<string, StockMovement['kind']>> {
    const kinds = new Map<string, StockMovement['kind']>();
    // One range per sku on the (sku, id) index; each level's own movement by its version.
    // In chunks, so a thousand skus at many locations stay far below the placeholder limit.
    for (let i = 0; i < levels.length; i += KINDS_PER_QUERY) {
      const chunk = levels.slice(i, i + KINDS_PER_QUERY);
      const rows = await sql.select<{ sku: string; location_id: string; kind: StockMovement['kind'] }>(
        `SELECT sku, location_id, kind FROM stock_movements
          WHERE ${chunk.map(() => '(sku = ? AND location_id = ? AND version_after = ?)').join(' OR ')}`,
        chunk.flatMap((level) => [level.sku, level.locationId, level.version]),
      );
      for (const row of rows) kinds.set(stockKey(row.sku, row.location_id), row.kind);
    }
    return kinds;
  }

  /**
   * (sku, location) pairs whose current level differs from the sum of their ledger:
   * must always be empty. Operations and tests use it to prove nothing was lost.
   */
  async ledgerMismatches(sql: Sql): Promise<Array<{ sku: string; locationId: string }>> {
    const rows = await sql.select<{ sku: string; location_id: string }>(
      `SELECT s.sku, s.location_id
         FROM stock_levels s
         LEFT JOIN (SELECT sku, location_id, SUM(on_hand_delta) AS on_hand, SUM(reserved_delta) AS reserved,
                           SUM(safety_stock_delta) AS safety_stock, SUM(damaged_delta) AS damaged,
                           SUM(quality_control_delta) AS quality_control, SUM(incoming_delta) AS incoming
                      FROM stock_movements GROUP BY sku, location_id) m
           ON m.sku = s.sku AND m.location_id = s.location_id
        WHERE s.on_hand <> COALESCE(m.on_hand, 0)
           OR s.reserved <> COALESCE(m.reserved, 0)
           OR s.safety_stock <> COALESCE(m.safety_stock, 0)
           OR s.damaged <> COALESCE(m.damaged, 0)
           OR s.quality_control <> COALESCE(m.quality_control, 0)
           OR s.incoming <> COALESCE(m.incoming, 0)`,
    );
    return rows.map((row) => ({ sku: row.sku, locationId: row.location_id }));
  }
}

function toMovement(row: MovementRow): StockMovement {
  return {
    id: Number(row.id),
    sku: row.sku,
    locationId: row.location_id,
    kind: row.kind,
    delta: {
      onHand: Number(row.on_hand_delta),
      reserved: Number(row.reserved_delta),
      safetyStock: Number(row.safety_stock_delta),
      damaged: Number(row.damaged_delta),
      qualityControl: Number(row.quality_control_delta),
      incoming: Number(row.incoming_delta),
    },
    after: {
      onHand: Number(row.on_hand_after),
      reserved: Number(row.reserved_after),
      safetyStock: Number(row.safety_stock_after),
      damaged: Number(row.damaged_after),
      qualityControl: Number(row.quality_control_after),
      incoming: Number(row.incoming_after),
      version: Number(row.version_after),
    },
    reason: row.reason,
    reference: row.reference,
    actor: row.actor,
    reservationId: row.reservation_id,
    idempotencyKey: row.idempotency_key,
    sourceEventId: row.source_event_id,
    createdAt: Number(row.created_at),
  };
}
