import type { Database, Tx } from '@stockgraph/persistence';
import { dialectSql } from '@stockgraph/persistence';
import type { EventBus, OutgoingMessage } from './event-bus';
import type { Logger } from '@stockgraph/runtime';

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
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly options: OutboxOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
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

  /** Starts the leftover poll. */
  start(): void {
    this.stopped = false;
    this.schedule(this.options.pollMs);
  }

  /** Publishes what is waiting now; concurrent kicks coalesce into one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves once no relay pass of this instance is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  /** Rows not yet published; exported as a metric. */
  async backlog(): Promise<number> {
    const [row] = await this.db.read((sql) => sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM outbox_messages'));
    return Number(row?.n ?? 0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.kick();
      this.schedule(this.options.pollMs);
    }, ms);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const outcome = await this.publishBatch();
        if (outcome === 'busy') {
          // Another instance holds the lease; it drains what it sees, and this pass
          // comes back for rows committed after its last look.
          this.schedule(20);
          return;
        }
        if (outcome < this.batchSize) break;
      }
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      const retryMs = Math.min(this.options.pollMs, 50 * 2 ** Math.min(this.failures, 10));
      this.log.warn({ err: error, retryMs }, 'outbox relay could not publish; rows stay queued');
      this.schedule(retryMs);
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
      await this.bus.publish(
        rows.map((row) => ({
          topic: row.topic,
          key: row.message_key,
          value: row.payload,
          headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {},
        })),
      );
      const ids = rows.map((row) => row.id);
      tx.defer(`DELETE FROM outbox_messages WHERE id IN (${dialectSql.placeholders(ids.length)})`, ids);
      return rows.length;
    });
  }
}
