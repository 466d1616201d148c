import pino from 'pino';
import { freshDatabase, testDialects, waitFor } from '@stockgraph/testing';
import { type Database, JobLease, parseDatabaseUrl } from '@stockgraph/persistence';
import { PeriodicTask } from '@stockgraph/runtime';
import { openDatabase } from '../../src/db/open-database';
import { SharedJobLeases1767225600003 } from '../../src/db/shared-job-leases.migration';

const log = pino({ level: 'silent' });
const TTL = 60_000;

/**
 * Singleton jobs among instances sharing one database: one holder at a time, even when
 * all of them race for a free lease; the holder keeps it by renewing; a holder that stops
 * renewing loses it when it expires, and one that stops cleanly hands it over at once.
 */
describe.each(testDialects())('job leases on %s', (dialect) => {
  let db: Database;
  let now = 1_000_000;
  const lease = (holder: string, name = 'reconcile') => new JobLease(db, name, holder, TTL, () => now);

  beforeAll(async () => {
    const url = await freshDatabase(dialect, 'job_leases');
    db = await openDatabase({
      config: parseDatabaseUrl(url, 'leases', { dataDir: '.', poolSize: 10 }),
      entities: [],
      migrations: [SharedJobLeases1767225600003],
      log,
    });
  });

  afterAll(async () => {
    await db?.close();
  });

  test('of 8 instances racing for a free lease exactly one gets it; only it renews it', async () => {
    const instances = Array.from({ length: 8 }, (_, i) => lease(`instance-${i}`, 'race'));
    const won = await Promise.all(instances.map((instance) => instance.acquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
    const holder = instances[won.indexOf(true)];
    now += TTL / 2;
    expect(await holder.acquire()).toBe(true);
    const others = await Promise.all(instances.filter((i) => i !== holder).map((i) => i.acquire()));
    expect(others.every((taken) => !taken)).toBe(true);
  });

  test('an expired lease is taken over; a released one at once', async () => {
    const a = lease('a');
    const b = lease('b');
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    // a dies: nobody renews, and b takes over once the lease has expired.
    now += TTL + 1;
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    // b stops cleanly: a need not wait.
    await b.release();
    expect(await a.acquire()).toBe(true);
  });

  test('a periodic task runs its scheduled turns only on the holder, and a run asked for anywhere', async () => {
    const runs: string[] = [];
    const turns: Array<[string, boolean]> = [];
    const task = (holder: string) => {
      const held = lease(holder, 'periodic');
      return new PeriodicTask(
        {
          name: `job of ${holder}`,
          intervalMs: 0,
          runAtStart: true,
          lease: {
            acquire: async () => {
              const taken = await held.acquire();
              turns.push([holder, taken]);
              return taken;
            },
            release: () => held.release(),
          },
          run: () => {
            runs.push(holder);
            return Promise.resolve(holder);
          },
        },
        log,
      );
    };
    const first = task('first');
    const second = task('second');
    first.start();
    await waitFor(() => runs.length === 1, { what: 'the first instance to take its turn' });
    // The lease is the first's: the second's turn passes without a run.
    second.start();
    await waitFor(() => turns.some(([holder]) => holder === 'second'), { what: "the second instance's turn" });
    await second.stop();
    expect(turns).toEqual([
      ['first', true],
      ['second', false],
    ]);
    expect(runs).toEqual(['first']);
    // `stop` hands the lease back: the second instance's next turn runs at once.
    await first.stop();
    const again = task('second');
    again.start();
    await waitFor(() => runs.length === 2, { what: 'the second instance to take over' });
    await again.stop();
    expect(runs).toEqual(['first', 'second']);
    // Asked for (an operator's reconcile), it runs whoever holds the lease.
    await first.runNow();
    expect(runs).toEqual(['first', 'second', 'first']);
  });
});
