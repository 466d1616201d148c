import type { Logger } from '../log/create-logger';

export interface SingleFlightOptions {
  /** Names the work in logs. */
  name: string;
  /**
   * One pass of the work. Resolves with how long to wait before the next pass when nobody
   * kicks (null: only a kick starts one).
   */
  pass: () => Promise<number | null>;
  /** How long to wait after a pass that threw (it is logged) before trying again. */
  retryMs: number;
  log: Logger;
}

/** Where the loop is. `again`: a kick arrived during the pass, so one more follows it. */
type Phase =
  | { kind: 'stopped' }
  | { kind: 'waiting'; timer: NodeJS.Timeout | null }
  | { kind: 'running'; pass: Promise<void>; again: boolean };

/**
 * Work that must never run twice at once but should run soon after anything asks (an
 * outbox relay after a commit, a store's sync after a sale): `kick` starts a pass now, or
 * asks for exactly one more after the pass under way, however many kicks arrive; each pass
 * says when the next should run by itself (a poll for leftovers, a backoff). `stop` waits
 * for the pass under way, so nothing is cut off mid-transaction.
 */
export class SingleFlight {
  private phase: Phase = { kind: 'stopped' };

  constructor(private readonly options: SingleFlightOptions) {}

  /** Starts the loop: a first pass after `firstInMs` (0: now). */
  start(firstInMs = 0): void {
    if (this.phase.kind !== 'stopped') return;
    this.phase = { kind: 'waiting', timer: null };
    if (firstInMs === 0) this.kick();
    else this.wait(firstInMs);
  }

  /** A pass now, or one more right after the pass under way. */
  kick(): void {
    switch (this.phase.kind) {
      case 'stopped':
        return;
      case 'running':
        this.phase.again = true;
        return;
      case 'waiting': {
        if (this.phase.timer) clearTimeout(this.phase.timer);
        const pass = this.run();
        this.phase = { kind: 'running', pass, again: false };
      }
    }
  }

  /** Resolves once no pass is running (a kick meanwhile extends the wait to its pass). */
  async idle(): Promise<void> {
    while (this.phase.kind === 'running') await this.phase.pass;
  }

  /** Ends the loop once the pass under way (if any) has finished. */
  async stop(): Promise<void> {
    const current = this.phase;
    this.phase = { kind: 'stopped' };
    if (current.kind === 'waiting' && current.timer) clearTimeout(current.timer);
    if (current.kind === 'running') await current.pass;
  }

  private async run(): Promise<void> {
    let nextInMs: number | null;
    try {
      nextInMs = await this.options.pass();
    } catch (error) {
      this.options.log.error({ err: error, task: this.options.name }, `${this.options.name} failed`);
      nextInMs = this.options.retryMs;
    }
    // stop() may have run meanwhile; it awaits this very pass and wants nothing after it.
    if (this.phase.kind !== 'running') return;
    const again = this.phase.again;
    this.phase = { kind: 'waiting', timer: null };
    if (again) this.kick();
    else if (nextInMs !== null) this.wait(nextInMs);
  }

  private wait(ms: number): void {
    const timer = setTimeout(() => this.kick(), ms);
    timer.unref();
    this.phase = { kind: 'waiting', timer };
  }
}
