/**
 * At most one result per key (a stock level) every `intervalMs`. A person reads a stock
 * badge a few times a second, not a hundred, and during a flash sale a hot sku changes
 * far more often than that: without a gate, every change is a message to every watcher.
 * A result that comes sooner than its key's turn waits for it, and a newer one for the
 * same key replaces it (the latest value, never a stale one), so the last value always
 * arrives, at most `intervalMs` after it was made.
 */
export class RateGate<T> {
  /** When each key last went out (only keys seen within about an interval are kept). */
  private readonly sentAt = new Map<string, number>();
  private readonly waiting = new Map<string, { item: T; timer: NodeJS.Timeout }>();
  /** The size at which old keys are next forgotten: twice what remained, so forgetting stays cheap. */
  private forgetAt = 4096;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (item: T) => void,
    /** Told of a waiting result a newer one replaced: it is never sent. */
    private readonly onReplaced: (item: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  offer(key: string, item: T): void {
    const queued = this.waiting.get(key);
    if (queued) {
      this.onReplaced(queued.item);
      queued.item = item;
      return;
    }
    const now = this.now();
    const last = this.sentAt.get(key);
    if (last === undefined || now - last >= this.intervalMs) {
      this.forgetOld(now);
      this.sentAt.set(key, now);
      this.send(item);
      return;
    }
    const entry = {
      item,
      timer: setTimeout(
        () => {
          this.waiting.delete(key);
          this.sentAt.set(key, this.now());
          this.send(entry.item);
        },
        last + this.intervalMs - now,
      ),
    };
    entry.timer.unref();
    this.waiting.set(key, entry);
  }

  /** Drops what waits (its subscribers are gone). */
  close(): void {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    this.sentAt.clear();
  }

  /** Keys whose turn has come need no memory: what is kept is about the keys of one interval. */
  private forgetOld(now: number): void {
    if (this.sentAt.size < this.forgetAt) return;
    for (const [key, at] of this.sentAt)
      if (now - at >= this.intervalMs && !this.waiting.has(key)) this.sentAt.delete(key);
    this.forgetAt = Math.max(4096, 2 * this.sentAt.size);
  }
}
