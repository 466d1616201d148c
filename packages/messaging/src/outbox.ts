import type { Database, Tx } from '@stockgraph/persistence';
import { dialectSql } from '@stockgraph/persistence';
import type { EventBus, OutgoingMessage } from './event-bus';
import { tracedPublish } from './message-tracing';
import { type Logger, SingleFlight } from '@stockgraph/runtime';

interface OutboxRow {
  id: number;
  topic: string;
  message_key: string;
  payload: string;
  headers: string | null;
}

export interface OutboxOptions {
  /** How often to look for rows nobody announced (left by a crash, or by a failed publish). */
  pollMs: number;
  /** Rows published per claim. */
  batchSize?: number;
}

/**
 * The transactional outbox. `append` writes event rows with the caller's transaction, so
 * an event exists exactly when its business change committed. The relay publishes right
 * after that commit and also polls for leftovers. Rows are deleted only once the bus has
 * accepted them: a crash or an unreachable broker delays events, never loses them, and
 * at worst publishes one again (consumers de-duplicate by CloudEvent id).
 *
 * Several instances may share one database: the relay that holds the lease row
 * (`FOR UPDATE SKIP LOCKED`) publishes, in id order, so per-key order holds across
 * instances; the others retry shortly instead of waiting on the lock.
 */
export class Outbox {
  private readonly batchSize: number;
  private readonly relay: SingleFlight;
  private failures = 0;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: OutboxOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.relay = new SingleFlight({ name: 'outbox relay', pass: () => this.drain(), retryMs: options.pollMs, log });
  }

  /** Writes messages with `tx`; they are published once `tx` commits. */
  append(tx: Tx, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const now = Date.now();
    const placeholders = messages.map(() => '(?, ?, ?, ?, ?)').join(', ');
    const params = messages.flatMap((m) => [
      m.topic,
      m.key,
      m.value,
      m.headers ? JSON.stringify(m.headers) : null,
      now,
    ]);
    tx.defer(
      `INSERT INTO outbox_messages (topic, message_key, payload, headers, created_at) VALUES ${placeholders}`,
      params,
    );
    tx.afterCommit(() => this.kick());
    return Promise.resolve();
  }

  /** Starts the relay; its first look for leftovers comes after one poll interval. */
  start(): void {
    this.relay.start(this.options.pollMs);
  }

  /** Publishes what is waiting now; concurrent kicks coalesce into one more pass. */
  kick(): void {
    this.relay.kick();
  }

  /** Resolves once no relay pass of this instance is running (tests and shutdown). */
  idle(): Promise<void> {
    return this.relay.idle();
  }

  stop(): Promise<void> {
    return this.relay.stop();
  }

  /** Seconds the oldest row not yet published has waited (0 when none); exported as a metric. */
  async oldestAgeSeconds(now = Date.now()): Promise<number> {
    // The lowest id is the oldest row: one primary-key step, however long the backlog.
    const [row] = await this.db.read((sql) =>
      sql.select<{ created_at: number | string }>('SELECT created_at FROM outbox_messages ORDER BY id LIMIT 1'),
    );
    return row ? Math.max(0, (now - Number(row.created_at)) / 1000) : 0;
  }

  /** Rows not yet published; exported as a metric. */
  async backlog(): Promise<number> {
    const [row] = await this.db.read((sql) => sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM outbox_messages'));
    return Number(row?.n ?? 0);
  }

  /** Publishes everything waiting, a batch at a time; returns when to look again. */
  private async drain(): Promise<number> {
    try {
      for (;;) {
        const outcome = await this.publishBatch();
        if (outcome === 'busy') {
          // Another instance holds the lease; it drains what it sees, and this pass
          // comes back for rows committed after its last look.
          return 20;
        }
        if (outcome < this.batchSize) break;
      }
      this.failures = 0;
      return this.options.pollMs;
    } catch (error) {
      this.failures += 1;
      const retryMs = Math.min(this.options.pollMs, 50 * 2 ** Math.min(this.failures, 10));
      this.log.warn({ err: error, retryMs }, 'outbox relay could not publish; rows stay queued');
      return retryMs;
    }
  }

  /** Claims the lease, publishes up to one batch in id order, deletes what was published. */
  private publishBatch(): Promise<number | 'busy'> {
    return this.db.transaction(async (tx) => {
      // SQLite has one writer anyway; on MariaDB the lease row picks the one relay that publishes.
      const lease = await tx.select(
        `SELECT name FROM outbox_relay_lease WHERE name = 'relay'${dialectSql.forUpdateSkipLocked(tx)}`,
      );
      if (lease.length === 0) return 'busy';
      const rows = await tx.select<OutboxRow>(
        'SELECT id, topic, message_key, payload, headers FROM outbox_messages ORDER BY id LIMIT ?',
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const publish = tracedPublish(
        rows.map((row) => ({
          topic: row.topic,
          key: row.message_key,
          value: row.payload,
          headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {},
        })),
      );
      try {
        await this.bus.publish(publish.messages);
        publish.end();
      } catch (error) {
        publish.end(error);
        throw error;
      }
      const ids = rows.map((row) => row.id);
      tx.defer(`DELETE FROM outbox_messages WHERE id IN (${dialectSql.placeholders(ids.length)})`, ids);
      return rows.length;
    });
  }
}
