/**
 * Most connections open at once per key, in this process. A connection is counted from
 * its admission until its release, so concurrent upgrades cannot overshoot the cap.
 */
export class ConnectionCap {
  private readonly open = new Map<string, number>();

  /** @param max connections per key; 0 means no cap (still counted, for `count`). */
  constructor(private readonly max: number) {}

  /** Takes a place for `key`, returning its release (safe to call more than once), or null when the key is at its cap. */
  admit(key: string): (() => void) | null {
    const current = this.open.get(key) ?? 0;
    if (this.max > 0 && current >= this.max) return null;
    this.open.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      // Keys of addresses that left are dropped, so the map holds only who is connected now.
      if (left === 0) this.open.delete(key);
      else this.open.set(key, left);
    };
  }

  /** Connections open now for `key`. */
  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}
