import type { Database } from '@stockgraph/persistence';
import { type Logger, PeriodicTask, type PeriodicTaskOptions } from '@stockgraph/runtime';
import type { StockValidationResult } from '../domain/validate-stock';

interface AuditRow {
  at: number;
  sku: string;
  requested: number;
  available: boolean;
  currentStock: number;
  userId: string | null;
  degraded: boolean;
}

const FLUSH_MS = 100;
const MAX_BUFFER = 500;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Writes every validated line to `stock_validations`. Rows are buffered for at most
 * 100 ms and written together, so auditing costs checkout no database round trip; a
 * crash can lose that last tenth of a second of audit, never a validation.
 */
export class ValidationAudit {
  private buffer: AuditRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly purge: PeriodicTask<number>;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    retentionMs: number,
    /** The lease of the purge, so one catalog instance runs it (the others' DELETEs would find nothing). */
    lease?: (intervalMs: number) => PeriodicTaskOptions<number>['lease'],
  ) {
    const purgeLease = lease?.(PURGE_INTERVAL_MS);
    this.purge = new PeriodicTask(
      {
        name: 'stock validation purge',
        intervalMs: PURGE_INTERVAL_MS,
        runAtStart: true,
        ...(purgeLease ? { lease: purgeLease } : {}),
        run: () =>
          db.transaction((tx) =>
            tx.execute('DELETE FROM stock_validations WHERE validated_at < ?', [Date.now() - retentionMs]),
          ),
        onResult: (rows) => rows > 0 && log.info({ rows }, 'old stock validations purged'),
      },
      log,
    );
  }

  record(result: StockValidationResult, userId: string | null, at = Date.now()): void {
    for (const item of result.items) {
      this.buffer.push({
        at,
        sku: item.sku,
        requested: item.requested,
        available: item.available,
        currentStock: item.currentStock,
        userId,
        degraded: result.degraded,
      });
    }
    if (this.buffer.length >= MAX_BUFFER) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Purges rows older than the retention now and every hour. */
  startPurging(): void {
    this.purge.start();
  }

  /** Writes what is buffered; resolves when every row recorded so far is stored. */
  async flushed(): Promise<void> {
    this.flush();
    await this.writing;
  }

  async stop(): Promise<void> {
    await this.purge.stop();
    await this.flushed();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.buffer.splice(0);
    if (rows.length === 0) return;
    this.writing = this.writing.then(() =>
      this.db
        .transaction((tx) =>
          tx.execute(
            `INSERT INTO stock_validations (validated_at, sku, requested, available, current_stock, user_id, degraded) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
            rows.flatMap((r) => [
              r.at,
              r.sku,
              r.requested,
              r.available ? 1 : 0,
              r.currentStock,
              r.userId,
              r.degraded ? 1 : 0,
            ]),
          ),
        )
        .then(
          () => undefined,
          (error: unknown) => this.log.error({ err: error, rows: rows.length }, 'stock validation audit rows lost'),
        ),
    );
  }
}
