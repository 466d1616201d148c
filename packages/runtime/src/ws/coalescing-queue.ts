/** What a bounded queue did to keep its bound. */
export interface CoalescingQueueStats {
  /** Values replaced by a newer value with the same key before they were read. */
  coalesced: number;
  /** Values dropped because the queue was full of other keys. */
  dropped: number;
}

/**
 * Where a queue can hand values straight on, without a reader's promise per value:
 * `accept` returns false when it cannot take one now (the value is then queued, and
 * `resume()` is called once it can take more); `ended` is told when the queue closes.
 */
export interface QueueSink<T> {
  accept(value: T): boolean;
  ended(): void;
}

/** A source that can push into a sink instead of being read (see CoalescingQueue.attach). */
export interface PushSource<T> {
  attach(sink: QueueSink<T>): void;
  /** Hands queued values to the sink again, until it refuses one. */
  resume(): void;
}

/** Whether an iterator can also push (a fan-out's fast path). */
export function isPushSource<T>(value: object): value is PushSource<T> {
  return (
    typeof (value as Partial<PushSource<T>>).attach === 'function' &&
    typeof (value as Partial<PushSource<T>>).resume === 'function'
  );
}

/**
 * An async iterator over pushed values that never grows past `capacity`. While there is
 * room every value is kept, in order, so a consumer that keeps up sees everything. Once
 * full, a value replaces the queued value with the same key (the consumer gets the
 * latest state of that key, not a backlog), or, if its key is not queued, the oldest
 * queued value is dropped. Both are counted: nothing disappears silently.
 */
export class CoalescingQueue<T> implements AsyncIterableIterator<T>, PushSource<T> {
  private sink: QueueSink<T> | undefined;
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
    // Straight to the sink while nothing waits before this value and it can take it.
    if (this.sink && this.size === 0 && this.sink.accept(value)) return;
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

  /**
   * Pushes values into `sink` from now on, instead of waiting to be read: a fan-out to
   * many clients then costs a call per value, not a promise and a turn of the microtask
   * queue. What the sink refuses stays queued (bounded, coalescing) until `resume()`.
   */
  attach(sink: QueueSink<T>): void {
    this.sink = sink;
    if (this.closed) sink.ended();
    else this.resume();
  }

  resume(): void {
    const sink = this.sink;
    if (!sink) return;
    while (this.size > 0) {
      const entry = this.entries[this.head];
      if (!entry || !sink.accept(entry.value)) return;
      this.take();
    }
  }

  /** Ends the iteration; whoever is waiting gets `done`. */
  close(): void {
    if (this.closed) return;
    // What is queued goes to a sink that can take it (such as an error before the end).
    this.resume();
    this.closed = true;
    this.entries = [];
    this.head = 0;
    this.newest.clear();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.onClose();
    this.sink?.ended();
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
