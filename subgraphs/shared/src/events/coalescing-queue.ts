/** What a bounded queue did to keep its bound. */
export interface CoalescingQueueStats {
  /** Values replaced by a newer value with the same key before they were read. */
  coalesced: number;
  /** Values dropped because the queue was full of other keys. */
  dropped: number;
}

/**
 * An async iterator over pushed values that never grows past `capacity`. While there is
 * room every value is kept, in order, so a consumer that keeps up sees everything. Once
 * full, a value replaces the queued value with the same key (the consumer gets the
 * latest state of that key, not a backlog), or, if its key is not queued, the oldest
 * queued value is dropped. Both are counted: nothing disappears silently.
 */
export class CoalescingQueue<T> implements AsyncIterableIterator<T> {
  /** Queued entries from `head` on; the slots before it were read and are reclaimed in bulk. */
  private entries: Array<{ key: string; value: T }> = [];
  private head = 0;
  /** The newest queued entry of each key: coalescing replaces it, so a key's values stay in order. */
  private readonly newest = new Map<string, { key: string; value: T }>();
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private closed = false;
  readonly stats: CoalescingQueueStats = { coalesced: 0, dropped: 0 };

  constructor(
    private readonly capacity: number,
    private readonly keyOf: (value: T) => string,
    private readonly onClose: () => void = () => undefined,
    private readonly onLoss: (kind: keyof CoalescingQueueStats) => void = () => undefined,
  ) {}

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
      return;
    }
    const key = this.keyOf(value);
    if (this.size >= this.capacity) {
      const queued = this.newest.get(key);
      if (queued) {
        queued.value = value;
        this.count('coalesced');
        return;
      }
      this.take();
      this.count('dropped');
    }
    const entry = { key, value };
    this.entries.push(entry);
    this.newest.set(key, entry);
  }

  /** Ends the iteration; whoever is waiting gets `done`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.entries = [];
    this.head = 0;
    this.newest.clear();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.onClose();
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  next(): Promise<IteratorResult<T>> {
    const entry = this.take();
    if (entry) return Promise.resolve({ value: entry.value, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  /** Removes and returns the oldest entry, reclaiming read slots once they are half the array. */
  private take(): { key: string; value: T } | undefined {
    if (this.head >= this.entries.length) return undefined;
    const entry = this.entries[this.head];
    this.head += 1;
    if (entry && this.newest.get(entry.key) === entry) this.newest.delete(entry.key);
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  private count(kind: keyof CoalescingQueueStats): void {
    this.stats[kind] += 1;
    this.onLoss(kind);
  }
}
