import { WriteMutex } from './write-mutex';

describe('WriteMutex', () => {
  it('runs work one at a time, in arrival order, even when some fail', async () => {
    const mutex = new WriteMutex();
    const log: string[] = [];
    let inside = 0;
    let maxInside = 0;
    const task = (name: string, fail = false) =>
      mutex.run(async () => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        log.push(`start ${name}`);
        await Promise.resolve();
        log.push(`end ${name}`);
        inside -= 1;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a'), task('b', true), task('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(maxInside).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
