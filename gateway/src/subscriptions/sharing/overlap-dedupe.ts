/**
 * Passes each event on once while one upstream subscription replaces another. Both send
 * the events committed after the newer one started, each at its own pace; the n-th copy
 * of an event (by its data) from either upstream is passed on once, so an event both send
 * counts once while two genuinely equal events count twice. Once the older upstream is
 * released, the newer one's copies of what the older already passed are still skipped,
 * until each has come (or `settleMs` passes: the newer one would be hopelessly behind).
 */
export class OverlapDedupe {
  private readonly seen = new Map<string, { sent: Map<number, number>; passed: number }>();
  private overlapping = false;
  private settle: NodeJS.Timeout | null = null;

  constructor(private readonly settleMs: number) {}

  /** Two upstreams now send: count every copy from here on. */
  begin(): void {
    this.clearTimer();
    this.overlapping = true;
  }

  /** The older upstream is gone; `newer` alone sends from now on. */
  retire(newer: number): void {
    this.overlapping = false;
    for (const [key, entry] of this.seen) if ((entry.sent.get(newer) ?? 0) >= entry.passed) this.seen.delete(key);
    this.clearTimer();
    if (this.seen.size > 0) this.settle = setTimeout(() => this.reset(), this.settleMs).unref();
  }

  /** Forgets everything (the group closed, or kept its older upstream). */
  reset(): void {
    this.clearTimer();
    this.overlapping = false;
    this.seen.clear();
  }

  /** Whether this copy of an event is to be passed on. */
  pass(generation: number, data: Record<string, unknown>): boolean {
    if (!this.overlapping && this.seen.size === 0) return true;
    const key = JSON.stringify(data);
    const entry = this.seen.get(key);
    if (!this.overlapping) {
      // After the overlap: only copies of what the older upstream already passed are held back.
      if (!entry) return true;
      const copy = (entry.sent.get(generation) ?? 0) + 1;
      entry.sent.set(generation, copy);
      if (copy >= entry.passed) this.seen.delete(key);
      if (this.seen.size === 0) this.clearTimer();
      return copy > entry.passed;
    }
    const counted = entry ?? { sent: new Map<number, number>(), passed: 0 };
    this.seen.set(key, counted);
    const copy = (counted.sent.get(generation) ?? 0) + 1;
    counted.sent.set(generation, copy);
    if (copy <= counted.passed) return false;
    counted.passed = copy;
    return true;
  }

  private clearTimer(): void {
    if (this.settle) clearTimeout(this.settle);
    this.settle = null;
  }
}
