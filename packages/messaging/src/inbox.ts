import type { Sql, Tx } from '@stockgraph/persistence';
import { dialectSql } from '@stockgraph/persistence';
import type { Database } from '@stockgraph/persistence';

/**
 * Event ids a consumer has processed, kept for a day: a redelivered or replayed event is
 * recognised and skipped. Written in the same transaction as the event's effects.
 */
export const inbox = {
  /** The ids among `eventIds` that `consumer` already processed. */
  async seen(sql: Sql, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const rows = await sql.select<{ event_id: string }>(
      `SELECT event_id FROM inbox_events WHERE consumer = ? AND event_id IN (${dialectSql.placeholders(eventIds.length)})`,
      [consumer, ...eventIds],
    );
    return new Set(rows.map((row) => row.event_id));
  },

  /** Records ids as processed, with the transaction's commit. */
  record(tx: Tx, consumer: string, eventIds: readonly string[], now: number): void {
    if (eventIds.length === 0) return;
    tx.defer(
      `INSERT INTO inbox_events (consumer, event_id, processed_at) VALUES ${eventIds.map(() => '(?, ?, ?)').join(', ')}`,
      eventIds.flatMap((id) => [consumer, id, now]),
    );
  },

  /** Forgets ids processed before `before`. */
  purge(db: Database, before: number): Promise<number> {
    return db.transaction((tx) => tx.execute('DELETE FROM inbox_events WHERE processed_at < ?', [before]));
  },
};
