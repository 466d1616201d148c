import type { Logger } from '@stockgraph/shared';
import type { StockService } from './stock.service';

const BATCH = 100;

/**
 * Releases expired holds for real, in batches, on a timer. Availability already ignores
 * them from the moment they expire; sweeping turns them into EXPIRED reservations with
 * their ledger rows and events, so nothing stays stranded and the order service hears of
 * it. Several instances may sweep together: each claims different rows.
 */
export class ReservationSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly stock: StockService,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly onExpired: (count: number) => void = () => undefined,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** One full pass now: every hold due so far is expired when it resolves. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.stock.expireDue(BATCH);
      total += expired;
      if (expired > 0) this.onExpired(expired);
      if (expired < BATCH || this.stopped) return total;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then(
          () => undefined,
          (error: unknown) => this.log.warn({ err: error }, 'reservation sweep failed; retrying next interval'),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }
}
