import { type Logger, PeriodicTask } from '@stockgraph/runtime';
import type { HoldExpiry } from './hold-expiry.service';

const BATCH = 100;

/**
 * Releases expired holds for real, in batches, on a timer. Availability already ignores
 * them from the moment they expire; sweeping turns them into EXPIRED reservations with
 * their ledger rows and events, so nothing stays stranded and the order service hears of
 * it. Several instances may sweep together: each claims different rows.
 */
export class ReservationSweeper {
  private readonly task: PeriodicTask<number>;
  private stopped = false;

  constructor(
    private readonly reservations: Pick<HoldExpiry, 'expireDue'>,
    log: Logger,
    intervalMs: number,
    onExpired: (count: number) => void = () => undefined,
  ) {
    this.task = new PeriodicTask(
      { name: 'reservation sweep', intervalMs, run: () => this.pass(), onResult: (n) => n > 0 && onExpired(n) },
      log,
    );
  }

  start(): void {
    this.stopped = false;
    this.task.start();
  }

  /** One full pass now: every hold due so far is expired when it resolves. */
  sweep(): Promise<number> {
    return this.task.runNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task.stop();
  }

  private async pass(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.reservations.expireDue(BATCH);
      total += expired;
      if (expired < BATCH || this.stopped) return total;
    }
  }
}
