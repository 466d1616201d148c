/**
 * Work started as events arrive, finished in any order, handed on in the order it arrived:
 * an event's entity fetches may take longer than the next one's, and a client must still
 * see a stock level's changes in the order they were made.
 */
export class ArrivalOrder<T> {
  private readonly pending: Array<{ arrived: number; work: Promise<T | null> }> = [];
  private draining = false;

  /** `done` gets each result that is not null, with when its work arrived (performance.now()). */
  constructor(private readonly done: (result: T, arrived: number) => void) {}

  push(work: Promise<T | null>): void {
    this.pending.push({ arrived: performance.now(), work });
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const head = this.pending[0];
        if (!head) break;
        const result = await head.work;
        this.pending.shift();
        if (result !== null) this.done(result, head.arrived);
      }
    } finally {
      this.draining = false;
    }
  }
}
