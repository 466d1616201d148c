import type { Logger } from '../log/create-logger';

export interface PeriodicTaskOptions<T> {
  /** Names the task in logs. */
  name: string;
  /** Pause between the end of one run and the start of the next; 0 never schedules. */
  intervalMs: number;
  run: () => Promise<T>;
  /** Also run once as soon as the task starts. */
  runAtStart?: boolean;
  /** Told every successful run's result. */
  onResult?: (result: T) => void;
  /**
   * A singleton job's lease (see JobLease): a scheduled run happens only on the instance that
   * holds it, and renews it. `runNow` (asked for by a caller) runs regardless.
   */
  lease?: { acquire(): Promise<boolean>; release(): Promise<void> };
}

/**
 * Background work on a timer (sweeps, purges, repairs, recovery): runs never overlap,
 * a failed run is logged and retried next interval, `runNow` asks for a run without
 * starting a second one alongside, and `stop` waits so nothing is cut off mid-transaction.
 */
export class PeriodicTask<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;
  private next: Promise<T> | undefined;
  private turn: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly options: PeriodicTaskOptions<T>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    if (this.options.runAtStart) void this.runLogged().finally(() => this.schedule());
    else this.schedule();
  }

  /**
   * A run that starts now, or as soon as the one under way ends (that one may have begun
   * before the caller's reason to run). Callers meanwhile share that next run.
   */
  runNow(): Promise<T> {
    if (!this.running) {
      this.running = this.options.run().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.runNow();
      });
    return this.next;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.turn;
    await this.running?.catch(() => undefined);
    await this.next?.catch(() => undefined);
    // Handed back on a clean stop, so another instance takes the job over at its next turn.
    await this.options.lease?.release().catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped || this.options.intervalMs <= 0) return;
    this.timer = setTimeout(() => void this.runLogged().finally(() => this.schedule()), this.options.intervalMs);
    this.timer.unref();
  }

  /** A scheduled turn: takes (or renews) the lease first, when there is one; stop() waits for it. */
  private runLogged(): Promise<void> {
    const turn = this.takeTurn().finally(() => {
      if (this.turn === turn) this.turn = undefined;
    });
    this.turn = turn;
    return turn;
  }

  private async takeTurn(): Promise<void> {
    const { lease } = this.options;
    if (lease) {
      const held = await lease.acquire().catch((error: unknown) => {
        this.log.warn({ err: error, task: this.options.name }, `${this.options.name}: its lease could not be read`);
        return false;
      });
      if (!held || this.stopped) return;
    }
    await this.runNow().then(
      (result) => this.options.onResult?.(result),
      (error: unknown) =>
        this.log.warn({ err: error, task: this.options.name }, `${this.options.name} failed; retrying next interval`),
    );
  }
}
