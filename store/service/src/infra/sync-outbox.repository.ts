import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';

/** What an outbox row records centrally: a sale or a return, by the till's own id. */
export type SyncKind = 'SALE' | 'RETURN';

/** An outbox row, with its retry state. */
export interface OutboxEntry {
  seq: number;
  kind: SyncKind;
  refId: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
}

interface OutboxRow {
  seq: number | string;
  kind: SyncKind;
  ref_id: string;
  created_at: number | string;
  attempts: number | string;
  next_attempt_at: number | string;
}

export interface DeadLetter {
  kind: SyncKind;
  refId: string;
  code: string;
  reason: string;
  createdAt: number;
}

/** The local outbox the sync agent drains in order, and what the centre refused for good. */
export class SyncOutboxRepository {
  enqueue(tx: Tx, kind: SyncKind, refId: string, at: number): void {
    tx.defer(
      'INSERT INTO sync_outbox (kind, ref_id, created_at, attempts, next_attempt_at, last_error) VALUES (?, ?, ?, 0, ?, NULL)',
      [kind, refId, at, at],
    );
  }

  async head(sql: Sql): Promise<OutboxEntry | null> {
    const [row] = await sql.select<OutboxRow>(
      'SELECT seq, kind, ref_id, created_at, attempts, next_attempt_at FROM sync_outbox ORDER BY seq LIMIT 1',
    );
    return row
      ? {
          seq: Number(row.seq),
          kind: row.kind,
          refId: row.ref_id,
          createdAt: Number(row.created_at),
          attempts: Number(row.attempts),
          nextAttemptAt: Number(row.next_attempt_at),
        }
      : null;
  }

  async backlog(sql: Sql): Promise<{ count: number; oldestAt: number | null }> {
    const [row] = await sql.select<{ n: number | string; oldest: number | string | null }>(
      'SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM sync_outbox',
    );
    return { count: Number(row?.n ?? 0), oldestAt: row?.oldest == null ? null : Number(row.oldest) };
  }

  /** Units of each sku in sales still to record centrally (returns do not touch the allowance). */
  async pendingSaleUnits(sql: Sql, skus: readonly string[] | null): Promise<Map<string, number>> {
    const rows = await sql.select<{ sku: string; units: number | string }>(
      "SELECT l.sku, SUM(l.quantity) AS units FROM sync_outbox o JOIN sale_lines l ON l.sale_id = o.ref_id WHERE o.kind = 'SALE'" +
        (skus ? ` AND l.sku IN (${dialectSql.placeholders(skus.length)})` : '') +
        ' GROUP BY l.sku',
      skus ?? [],
    );
    return new Map(rows.map((row) => [row.sku, Number(row.units)]));
  }

  remove(tx: Tx, entry: Pick<OutboxEntry, 'kind' | 'refId'>): void {
    tx.defer('DELETE FROM sync_outbox WHERE kind = ? AND ref_id = ?', [entry.kind, entry.refId]);
  }

  /** A failed attempt: try again at `nextAttemptAt`. */
  async retryLater(
    tx: Tx,
    entry: Pick<OutboxEntry, 'kind' | 'refId'>,
    nextAttemptAt: number,
    error: string,
  ): Promise<void> {
    await tx.execute(
      'UPDATE sync_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE kind = ? AND ref_id = ?',
      [nextAttemptAt, error.slice(0, 2000), entry.kind, entry.refId],
    );
  }

  /** Every entry waiting out a retry delay is due now (the link to the centre is back). */
  async dueNow(tx: Tx, now: number): Promise<number> {
    return tx.execute('UPDATE sync_outbox SET next_attempt_at = ? WHERE next_attempt_at > ?', [now, now]);
  }

  addDeadLetter(tx: Tx, letter: DeadLetter): void {
    tx.defer('INSERT INTO sync_dead_letters (kind, ref_id, code, reason, created_at) VALUES (?, ?, ?, ?, ?)', [
      letter.kind,
      letter.refId,
      letter.code,
      letter.reason.slice(0, 2000),
      letter.createdAt,
    ]);
  }

  async deadLetters(sql: Sql, limit: number): Promise<DeadLetter[]> {
    const rows = await sql.select<{
      kind: SyncKind;
      ref_id: string;
      code: string;
      reason: string;
      created_at: number | string;
    }>(
      'SELECT kind, ref_id, code, reason, created_at FROM sync_dead_letters ORDER BY created_at DESC, ref_id LIMIT ?',
      [limit],
    );
    return rows.map((row) => ({
      kind: row.kind,
      refId: row.ref_id,
      code: row.code,
      reason: row.reason,
      createdAt: Number(row.created_at),
    }));
  }
}
