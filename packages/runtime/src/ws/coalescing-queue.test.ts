import { CoalescingQueue } from './coalescing-queue';

const keyOf = (v: { k: string; n: number }) => v.k;

async function take<T>(queue: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += 1) {
    const r = await queue.next();
    if (!r.done) out.push(r.value);
  }
  return out;
}

describe('CoalescingQueue', () => {
  it('keeps every value, in order, while there is room', async () => {
    const q = new CoalescingQueue(10, keyOf);
    [1, 2, 3].forEach((n) => q.push({ k: 'a', n }));
    expect(await take(q, 3)).toEqual([1, 2, 3].map((n) => ({ k: 'a', n })));
    expect(q.stats).toEqual({ coalesced: 0, dropped: 0 });
  });

  it('hands a value straight to a waiting reader', async () => {
    const q = new CoalescingQueue(1, keyOf);
    const next = q.next();
    q.push({ k: 'a', n: 1 });
    expect(await next).toEqual({ value: { k: 'a', n: 1 }, done: false });
  });

  it('when full, replaces the queued value of the same key and counts it', async () => {
    const q = new CoalescingQueue(2, keyOf);
    q.push({ k: 'a', n: 1 });
    q.push({ k: 'b', n: 1 });
    q.push({ k: 'a', n: 2 });
    q.push({ k: 'a', n: 3 });
    expect(await take(q, 2)).toEqual([
      { k: 'a', n: 3 },
      { k: 'b', n: 1 },
    ]);
    expect(q.stats).toEqual({ coalesced: 2, dropped: 0 });
  });

  it('coalesces into the newest queued value of a key, so a reader never gets a key older than one it already got', async () => {
    const q = new CoalescingQueue(3, keyOf);
    q.push({ k: 'a', n: 1 });
    q.push({ k: 'b', n: 1 });
    q.push({ k: 'a', n: 2 });
    q.push({ k: 'a', n: 3 });
    expect(await take(q, 3)).toEqual([
      { k: 'a', n: 1 },
      { k: 'b', n: 1 },
      { k: 'a', n: 3 },
    ]);
  });

  it('stays bounded and in order across many reads and writes', async () => {
    const q = new CoalescingQueue(5000, keyOf);
    for (let n = 0; n < 20_000; n += 1) {
      q.push({ k: `k${n % 7000}`, n });
      if (n % 3 === 0) await q.next();
    }
    expect(q.size).toBeLessThanOrEqual(5000);
    const rest = await take(q, q.size);
    const seen = new Map<string, number>();
    for (const value of rest) {
      expect(value.n).toBeGreaterThan(seen.get(value.k) ?? -1);
      seen.set(value.k, value.n);
    }
  });

  it('when full of other keys, drops the oldest and counts it', async () => {
    const losses: string[] = [];
    const q = new CoalescingQueue(2, keyOf, undefined, (kind) => losses.push(kind));
    ['a', 'b', 'c'].forEach((k) => q.push({ k, n: 1 }));
    expect((await take(q, 2)).map((v) => v.k)).toEqual(['b', 'c']);
    expect(losses).toEqual(['dropped']);
  });

  it('ends the iteration on close and tells its owner once', async () => {
    let closed = 0;
    const q = new CoalescingQueue(2, keyOf, () => (closed += 1));
    const pending = q.next();
    await q.return();
    q.close();
    expect(await pending).toEqual({ value: undefined, done: true });
    q.push({ k: 'a', n: 1 });
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });
});
