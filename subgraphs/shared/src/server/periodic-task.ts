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
}

/**
 * Background work on a timer (sweeps, purges, repairs, recovery): runs never overlap,
 * a failed run is logged and retried next interval, `runNow` shares the run under way,
 * and `stop` waits for it so nothing is cut off mid-transaction.
 */
export class PeriodicTask<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;
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

  /** One run now, or the run already under way. */
  runNow(): Promise<T> {
    this.running ??= this.options.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped || this.options.intervalMs <= 0) return;
    this.timer = setTimeout(() => void this.runLogged().finally(() => this.schedule()), this.options.intervalMs);
    this.timer.unref();
  }

  private runLogged(): Promise<void> {
    return this.runNow().then(
      (result) => this.options.onResult?.(result),
      (error: unknown) => this.log.warn({ err: error, task: this.options.name }, `${this.options.name} failed; retrying next interval`),
    );
  }
}
