import pino from 'pino';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { describeWithMysql, freshDatabase, testDialects, waitFor } from '@stockgraph/testing';
import { type Database, parseDatabaseUrl, purgeExpiredIdempotencyKeys, runIdempotent } from '@stockgraph/persistence';
import { type Caller, DomainError } from '@stockgraph/domain';
import { InProcessEventBus, type IncomingMessage, Outbox } from '@stockgraph/messaging';
import { openDatabase } from '../../src/db/open-database';
import { SharedTables1767225600000 } from '../../src/db/shared-tables.migration';
import type { EventBus, OutgoingMessage } from '@stockgraph/messaging';

class CountersTable1767225600999 implements MigrationInterface {
  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'counters',
        columns: [
          { name: 'name', type: 'varchar', length: '32', isPrimary: true },
          { name: 'value', type: 'int', default: 0 },
        ],
      }),
    );
    await runner.query("INSERT INTO counters (name, value) VALUES ('a', 0), ('b', 0)");
  }
  async down(): Promise<void> {}
}

const log = pino({ level: 'silent' });
const alice: Caller = { subject: 'alice', roles: ['customer'], locations: [] };

/** A real in-process bus whose publish can be made to fail, as a broker outage would. */
class OutageBus implements EventBus {
  down = false;
  constructor(readonly inner: InProcessEventBus) {}
  publish(messages: OutgoingMessage[]): Promise<void> {
    return this.down ? Promise.reject(new Error('broker unreachable')) : this.inner.publish(messages);
  }
  consume: EventBus['consume'] = (options) => this.inner.consume(options);
  prepareTopics: EventBus['prepareTopics'] = (topics) => this.inner.prepareTopics(topics);
  expiredPositions: EventBus['expiredPositions'] = () => this.inner.expiredPositions();
  close = () => this.inner.close();
}

describe.each(testDialects())('shared database kit on %s', (dialect) => {
  let db: Database;
  let bus: OutageBus;
  let outbox: Outbox;
  const received: IncomingMessage[] = [];

  beforeAll(async () => {
    const url = await freshDatabase(dialect, 'shared_kit');
    db = await openDatabase({
      config: parseDatabaseUrl(url, 'shared', { dataDir: '.', poolSize: 10 }),
      entities: [],
      migrations: [SharedTables1767225600000, CountersTable1767225600999],
      log,
    });
    bus = new OutageBus(new InProcessEventBus(log));
    outbox = new Outbox(db, bus, log, { pollMs: 50 });
    outbox.start();
    await bus.consume({
      groupId: 'test',
      topics: ['kit.events.v1'],
      handleBatch: async (batch) => {
        received.push(...batch);
      },
    });
  });

  afterAll(async () => {
    await outbox.stop();
    await bus.close();
    await db.close();
  });

  const counter = async (name: string) =>
    Number(
      (await db.read((sql) => sql.select<{ value: number }>('SELECT value FROM counters WHERE name = ?', [name])))[0]
        ?.value,
    );

  it('commits together, rolls back together', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute("UPDATE counters SET value = value + 1 WHERE name = 'a'");
        throw new Error('business rule said no');
      }),
    ).rejects.toThrow('business rule said no');
    expect(await counter('a')).toBe(0);
    await db.transaction((tx) => tx.execute("UPDATE counters SET value = value + 1 WHERE name = 'a'"));
    expect(await counter('a')).toBe(1);
  });

  it('undoes only the savepoint when its work throws', async () => {
    await db.transaction(async (tx) => {
      await tx.execute("UPDATE counters SET value = value + 10 WHERE name = 'b'");
      await expect(
        tx.savepoint(async () => {
          await tx.execute("UPDATE counters SET value = value + 100 WHERE name = 'b'");
          throw new Error('undo me');
        }),
      ).rejects.toThrow('undo me');
    });
    expect(await counter('b')).toBe(10);
  });

  it('loses no increment under 100 concurrent transactions', async () => {
    const before = await counter('a');
    await Promise.all(
      Array.from({ length: 100 }, () =>
        db.transaction((tx) => tx.execute("UPDATE counters SET value = value + 1 WHERE name = 'a'")),
      ),
    );
    expect(await counter('a')).toBe(before + 100);
  });

  if (dialect === 'mysql') {
    it('retries a transaction that lost a deadlock, so both callers succeed', async () => {
      let attempts = 0;
      let releaseBoth!: () => void;
      const bothLocked = new Promise<void>((resolve) => (releaseBoth = resolve));
      let locked = 0;
      const lockInOrder = (first: string, second: string) =>
        db.transaction(async (tx) => {
          attempts += 1;
          await tx.select(`SELECT value FROM counters WHERE name = ? FOR UPDATE`, [first]);
          locked += 1;
          if (locked === 2) releaseBoth();
          await Promise.race([bothLocked, new Promise((r) => setTimeout(r, 2000))]);
          await tx.execute('UPDATE counters SET value = value + 1 WHERE name = ?', [second]);
        });
      const a = await counter('a');
      const b = await counter('b');
      await Promise.all([lockInOrder('a', 'b'), lockInOrder('b', 'a')]);
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect((await counter('a')) + (await counter('b'))).toBe(a + b + 2);
    });
  }

  if (dialect === 'mysql') {
    it('gives up after eight lock waits that timed out with WRITE_CONTENTION, having changed nothing', async () => {
      const before = await counter('b');
      // Another session holds row a for the whole test; every attempt waits one second for
      // it (the shortest lock wait MariaDB allows), times out and is retried.
      const holder = db.dataSource.createQueryRunner();
      await holder.query('START TRANSACTION');
      await holder.query("SELECT value FROM counters WHERE name = 'a' FOR UPDATE");
      let attempts = 0;
      try {
        const write = db.transaction(async (tx) => {
          attempts += 1;
          await tx.execute("UPDATE counters SET value = value + 1 WHERE name = 'b'");
          await tx.select(
            "SET STATEMENT innodb_lock_wait_timeout = 1 FOR SELECT value FROM counters WHERE name = 'a' FOR UPDATE",
          );
        });
        await expect(write).rejects.toMatchObject({ code: 'WRITE_CONTENTION', category: 'UNAVAILABLE' });
      } finally {
        await holder.query('ROLLBACK');
        await holder.release();
      }
      expect(attempts).toBe(8);
      expect(await counter('b')).toBe(before);
    }, 120_000);
  }

  it('runs an idempotent request once however many concurrent duplicates arrive', async () => {
    let executions = 0;
    const call = () =>
      runIdempotent(db, { scope: 'test', caller: alice, key: 'dup-1', request: { amount: 5 } }, async (tx) => {
        executions += 1;
        await tx.execute("UPDATE counters SET value = value + 5 WHERE name = 'b'");
        return { done: true, at: 123 };
      });
    const before = await counter('b');
    const results = await Promise.all(Array.from({ length: 10 }, call));
    expect(executions).toBe(1);
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ done: true, at: 123 })));
    expect(await counter('b')).toBe(before + 5);
  });

  it('refuses a key reused for a different request, changing nothing', async () => {
    await runIdempotent(db, { scope: 'test', caller: alice, key: 'dup-2', request: { amount: 1 } }, async () => ({
      ok: 1,
    }));
    const attempt = runIdempotent(
      db,
      { scope: 'test', caller: alice, key: 'dup-2', request: { amount: 2 } },
      async () => ({ ok: 2 }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
  });

  it('stores nothing for a request that failed, so a retry runs again', async () => {
    let calls = 0;
    const work = async () => {
      calls += 1;
      if (calls === 1) throw new Error('transient');
      return { ok: true };
    };
    await expect(runIdempotent(db, { scope: 'test', caller: alice, key: 'dup-3', request: {} }, work)).rejects.toThrow(
      'transient',
    );
    await expect(runIdempotent(db, { scope: 'test', caller: alice, key: 'dup-3', request: {} }, work)).resolves.toEqual(
      { ok: true },
    );
    expect(calls).toBe(2);
  });

  it('purges keys past their retention, and a key past it is free for a new request', async () => {
    const purged = { scope: 'purge-test', caller: alice };
    await runIdempotent(db, { ...purged, key: 'old-1', request: { v: 1 }, ttlMs: 0 }, async () => ({ v: 1 }));
    await runIdempotent(db, { ...purged, key: 'kept-1', request: { v: 1 } }, async () => ({ v: 1 }));
    const reused = await runIdempotent(db, { ...purged, key: 'old-1', request: { v: 2 } }, async () => ({ v: 2 }));
    expect(reused).toEqual({ v: 2 });
    await runIdempotent(db, { ...purged, key: 'old-2', request: {}, ttlMs: 0 }, async () => ({}));
    expect(await purgeExpiredIdempotencyKeys(db, Date.now() + 10)).toBeGreaterThanOrEqual(1);
    const left = await db.read((sql) =>
      sql.select<{ n: number | string }>("SELECT COUNT(*) AS n FROM idempotency_keys WHERE scope = 'purge-test'"),
    );
    // kept-1, and old-1's second use (a day's retention): old-2 is gone.
    expect(left.map((r) => Number(r.n))).toEqual([2]);
  });

  it("keeps each caller's keys apart: another identity's same key runs anew and never gets the first answer", async () => {
    const bob: Caller = { subject: 'bob', roles: ['customer'], locations: [] };
    const aliceElsewhere: Caller = { subject: 'alice', roles: ['store'], locations: ['madrid-dc'] };
    const request = { scope: 'test', key: 'shared-key', request: { amount: 1 } };
    expect(await runIdempotent(db, { ...request, caller: alice }, async () => ({ for: 'alice' }))).toEqual({
      for: 'alice',
    });
    expect(await runIdempotent(db, { ...request, caller: bob }, async () => ({ for: 'bob' }))).toEqual({ for: 'bob' });
    expect(await runIdempotent(db, { ...request, caller: aliceElsewhere }, async () => ({ for: 'store' }))).toEqual({
      for: 'store',
    });
    // Alice's own retry still replays hers, and a different request on her key is refused.
    expect(await runIdempotent(db, { ...request, caller: alice }, async () => ({ for: 'again' }))).toEqual({
      for: 'alice',
    });
    await expect(
      runIdempotent(db, { ...request, request: { amount: 2 }, caller: alice }, async () => ({})),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  const message = (n: number): OutgoingMessage => ({ topic: 'kit.events.v1', key: `k${n % 3}`, value: String(n) });

  it('publishes outbox rows after commit and never for a rollback', async () => {
    received.length = 0;
    await expect(
      db.transaction(async (tx) => {
        await outbox.append(tx, [message(-1)]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await db.transaction((tx) => outbox.append(tx, [message(1), message(2)]));
    await waitFor(() => received.length >= 2, { what: 'two events' });
    await outbox.idle();
    expect(received.map((m) => m.value)).toEqual(['1', '2']);
    expect(await outbox.backlog()).toBe(0);
  });

  it('keeps rows while the broker is down and publishes them in order when it is back', async () => {
    received.length = 0;
    bus.down = true;
    for (let n = 10; n < 30; n += 1) await db.transaction((tx) => outbox.append(tx, [message(n)]));
    await outbox.idle();
    expect(await outbox.backlog()).toBe(20);
    expect(received).toHaveLength(0);
    bus.down = false;
    await waitFor(() => received.length >= 20, { what: 'the queued events', timeoutMs: 15_000 });
    expect(received.map((m) => Number(m.value))).toEqual(Array.from({ length: 20 }, (_, i) => 10 + i));
    // The bus hands the events over before the relay's pass deletes their rows: wait for the pass.
    await outbox.idle();
    expect(await outbox.backlog()).toBe(0);
  });
});

describeWithMysql('outbox relays of several instances', () => {
  it('publish every row exactly once, each key in order', async () => {
    const url = await freshDatabase('mysql', 'shared_relays');
    const open = () =>
      openDatabase({
        config: parseDatabaseUrl(url, 'shared', { dataDir: '.', poolSize: 5 }),
        entities: [],
        migrations: [SharedTables1767225600000],
        log,
      });
    // Two instances: separate pools, one database, one bus they both publish to.
    const [dbA, dbB] = [await open(), await open()];
    const bus = new InProcessEventBus(log);
    const seen: IncomingMessage[] = [];
    await bus.consume({ groupId: 'relays', topics: ['relay.v1'], handleBatch: async (b) => void seen.push(...b) });
    const relayA = new Outbox(dbA, bus, log, { pollMs: 20, batchSize: 50 });
    const relayB = new Outbox(dbB, bus, log, { pollMs: 20, batchSize: 50 });
    relayA.start();
    relayB.start();
    const writes = Array.from({ length: 40 }, (_, w) =>
      (w % 2 ? dbA : dbB).transaction((tx) =>
        (w % 2 ? relayA : relayB).append(
          tx,
          Array.from({ length: 10 }, (_, i) => ({
            topic: 'relay.v1',
            key: `k${i % 4}`,
            value: JSON.stringify({ w, i }),
          })),
        ),
      ),
    );
    await Promise.all(writes);
    await waitFor(() => seen.length >= 400, { what: '400 messages', timeoutMs: 20_000 });
    await Promise.all([relayA.stop(), relayB.stop()]);
    expect(seen).toHaveLength(400);
    expect(new Set(seen.map((m) => m.value)).size).toBe(400);
    for (const key of ['k0', 'k1', 'k2', 'k3']) {
      const order = seen
        .filter((m) => m.key === key)
        .map((m) => JSON.parse(m.value ?? '{}') as { w: number; i: number });
      // Rows of one transaction keep their order; transactions of one key never interleave out of commit order.
      const perWriter = new Map<number, number[]>();
      order.forEach(({ w, i }) => perWriter.set(w, [...(perWriter.get(w) ?? []), i]));
      for (const list of perWriter.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    }
    expect(await relayA.backlog()).toBe(0);
    await bus.close();
    await dbA.close();
    await dbB.close();
  });
});
