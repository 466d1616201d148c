import { randomUUID } from 'node:crypto';
import { testDialects, waitFor, opsCaller } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const actor = opsCaller('test');

describe.each(testDialects())('inventory under concurrency on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_races');
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
    ]);
  });

  afterAll(() => inventory.stop());

  const set = (sku: string, locationId: string, onHand: number) =>
    inventory.stock.adjust({ sku, locationId, set: onHand, reason: 'received' }, randomUUID(), actor);

  const levelsOf = async (sku: string) => inventory.queries.levelsBySkus([sku]);

  const expectLedgerIntact = async () => {
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
    const rows = await inventory.db.read((sql) =>
      sql.select<{ n: number }>(
        'SELECT COUNT(*) AS n FROM stock_levels WHERE reserved < 0 OR on_hand < reserved OR safety_stock < 0',
      ),
    );
    expect(Number(rows[0]?.n)).toBe(0);
  };

  it('500 concurrent single-unit reservations of 100 units: exactly 100 succeed', async () => {
    await set('HOT-1', 'madrid', 100);
    const results = await Promise.all(
      Array.from({ length: 500 }, () =>
        inventory.stock.reserve({ lines: [{ sku: 'HOT-1', quantity: 1 }] }, randomUUID(), actor),
      ),
    );
    const won = results.filter((r) => r.reservation !== null);
    const lost = results.filter((r) => r.reservation === null);
    expect(won).toHaveLength(100);
    expect(lost.every((r) => r.userErrors[0]?.code === 'INSUFFICIENT_STOCK')).toBe(true);
    const [level] = await levelsOf('HOT-1');
    expect(level).toMatchObject({ onHand: 100, reserved: 100 });
    await expectLedgerIntact();
  });

  it('multi-line carts over overlapping skus never fail on a deadlock and never oversell', async () => {
    const skus = ['CART-A', 'CART-B', 'CART-C', 'CART-D'];
    for (const sku of skus) {
      await set(sku, 'madrid', 30);
      await set(sku, 'berlin', 30);
    }
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      // The high bits: an LCG's low bits repeat with a short period.
      return Math.floor((seed / 2 ** 31) * n);
    };
    const carts = Array.from({ length: 200 }, () => {
      const picked = [...skus].sort(() => random(3) - 1).slice(0, 2 + random(3));
      return picked.map((sku) => ({ sku, quantity: 1 + random(3) }));
    });
    const results = await Promise.all(carts.map((lines) => inventory.stock.reserve({ lines }, randomUUID(), actor)));
    for (const result of results) {
      if (result.reservation === null) expect(result.userErrors.map((e) => e.code)).toContain('INSUFFICIENT_STOCK');
    }
    const held = new Map<string, number>();
    results.forEach((result, i) => {
      if (!result.reservation) return;
      const asked = carts[i] ?? [];
      const got = result.reservation.lines;
      for (const line of asked) {
        // all-or-nothing: every line of a successful cart is held in full
        expect(got.filter((l) => l.sku === line.sku).reduce((s, l) => s + l.quantity, 0)).toBe(line.quantity);
        held.set(line.sku, (held.get(line.sku) ?? 0) + line.quantity);
      }
    });
    for (const sku of skus) {
      const levels = await levelsOf(sku);
      const reserved = levels.reduce((s, l) => s + l.reserved, 0);
      expect(reserved).toBe(held.get(sku) ?? 0);
      expect(reserved).toBeLessThanOrEqual(60);
    }
    expect(results.filter((r) => r.reservation).length).toBeGreaterThan(0);
    await expectLedgerIntact();
  });

  it('a confirm racing a release of the same hold: exactly one wins and stock adds up', async () => {
    await set('DUEL-1', 'madrid', 50);
    const holds = await Promise.all(
      Array.from({ length: 25 }, () =>
        inventory.stock.reserve({ lines: [{ sku: 'DUEL-1', quantity: 2 }] }, randomUUID(), actor),
      ),
    );
    const outcomes = await Promise.all(
      holds.map(async ({ reservation }) => {
        const id = reservation?.id ?? '';
        const [confirm, release] = await Promise.all([
          inventory.stock.confirm(id, null, actor),
          inventory.stock.release(id, 'race', actor),
        ]);
        return { confirm, release };
      }),
    );
    let sold = 0;
    for (const { confirm, release } of outcomes) {
      const confirmed = confirm.userErrors.length === 0;
      const released = release.userErrors.length === 0 && release.reservation?.status === 'RELEASED';
      expect(confirmed !== released).toBe(true);
      if (confirmed) {
        sold += 2;
        expect(release.userErrors[0]?.code).toBe('RESERVATION_ALREADY_CONFIRMED');
      } else {
        expect(confirm.userErrors[0]?.code).toBe('RESERVATION_RELEASED');
      }
    }
    const [level] = await levelsOf('DUEL-1');
    expect(level).toMatchObject({ onHand: 50 - sold, reserved: 0 });
    await expectLedgerIntact();
  });

  it('concurrent adjustments with the same changeFrom: exactly one wins', async () => {
    await set('CAS-1', 'madrid', 10);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inventory.stock.adjust(
          { sku: 'CAS-1', locationId: 'madrid', set: 100 + i, changeFrom: 10, reason: 'cycle_count' },
          randomUUID(),
          actor,
        ),
      ),
    );
    const winners = results.filter((r) => r.userErrors.length === 0);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.userErrors[0]?.code === 'CHANGE_FROM_STALE')).toHaveLength(19);
    const [level] = await levelsOf('CAS-1');
    expect(level?.onHand).toBe(winners[0]?.stockLevel?.onHand);
    await expectLedgerIntact();
  });

  it('applies a bulk adjustment all together, or nothing when one row is stale', async () => {
    await set('BULK-1', 'madrid', 5);
    await set('BULK-2', 'madrid', 5);
    const refused = await inventory.stock.adjustMany(
      [
        { sku: 'BULK-1', locationId: 'madrid', set: 10, changeFrom: 5, reason: 'cycle_count' },
        { sku: 'BULK-2', locationId: 'madrid', set: 10, changeFrom: 4, reason: 'cycle_count' },
        { sku: 'BULK-3', locationId: 'berlin', delta: 7, reason: 'received' },
      ],
      randomUUID(),
      actor,
    );
    expect(refused.userErrors).toEqual([
      expect.objectContaining({ code: 'CHANGE_FROM_STALE', field: 'inputs.1.changeFrom' }),
    ]);
    expect((await levelsOf('BULK-1'))[0]?.onHand).toBe(5);
    expect(await levelsOf('BULK-3')).toEqual([]);
    const applied = await inventory.stock.adjustMany(
      [
        { sku: 'BULK-2', locationId: 'madrid', set: 10, changeFrom: 5, reason: 'cycle_count' },
        { sku: 'BULK-1', locationId: 'madrid', set: 10, changeFrom: 5, reason: 'cycle_count' },
        { sku: 'BULK-3', locationId: 'berlin', delta: 7, reason: 'received' },
        { sku: 'BULK-1', locationId: 'madrid', quantity: 'SAFETY_STOCK', set: 2, reason: 'other' },
      ],
      randomUUID(),
      actor,
    );
    expect(applied.userErrors).toEqual([]);
    expect(applied.stockLevels.map((l) => [l.sku, l.onHand, l.safetyStock])).toEqual([
      ['BULK-2', 10, 0],
      ['BULK-1', 10, 2],
      ['BULK-3', 7, 0],
      ['BULK-1', 10, 2],
    ]);
    await expect(
      inventory.stock.adjustMany(
        [
          { sku: 'BULK-1', locationId: 'madrid', delta: 1, reason: 'restock' },
          { sku: 'BULK-1', locationId: 'madrid', delta: 2, reason: 'restock' },
        ],
        randomUUID(),
        actor,
      ),
    ).rejects.toMatchObject({ code: 'DUPLICATE_LINE', field: 'inputs.1' });
    await expectLedgerIntact();
  });

  it('applies 1,000 adjustments in one call, and replays the stored answer for its key', async () => {
    const key = randomUUID();
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      sku: `THOUSAND-${i}`,
      locationId: 'madrid',
      set: i + 1,
      reason: 'received' as const,
    }));
    const first = await inventory.stock.adjustMany(rows, key, actor);
    expect(first.userErrors).toEqual([]);
    expect(first.stockLevels).toHaveLength(1000);
    expect(await inventory.stock.adjustMany(rows, key, actor)).toEqual(first);
    expect((await levelsOf('THOUSAND-999'))[0]?.onHand).toBe(1000);
    await expect(
      inventory.stock.adjustMany(
        [...rows, { sku: 'ONE-MORE', locationId: 'madrid', set: 1, reason: 'received' }],
        randomUUID(),
        actor,
      ),
    ).rejects.toMatchObject({
      code: 'TOO_MANY_LINES',
    });
  });

  it('concurrent bulk adjustments over overlapping rows lose no unit', async () => {
    const skus = ['RACE-B1', 'RACE-B2', 'RACE-B3'];
    for (const sku of skus) await set(sku, 'madrid', 0);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        inventory.stock.adjustMany(
          [...skus]
            .sort(() => (i % 2 ? 1 : -1))
            .map((sku) => ({ sku, locationId: 'madrid', delta: 1, reason: 'received' as const })),
          randomUUID(),
          actor,
        ),
      ),
    );
    for (const sku of skus) expect((await levelsOf(sku))[0]?.onHand).toBe(30);
    await expectLedgerIntact();
  });

  it('concurrent duplicates of one reserveStock key hold stock once and all get the same answer', async () => {
    await set('IDEM-1', 'madrid', 10);
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        inventory.stock.reserve({ lines: [{ sku: 'IDEM-1', quantity: 3 }] }, key, actor),
      ),
    );
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    const [level] = await levelsOf('IDEM-1');
    expect(level?.reserved).toBe(3);
    await expect(
      inventory.stock.reserve({ lines: [{ sku: 'IDEM-1', quantity: 4 }] }, key, actor),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('an expired hold cannot be confirmed and its units come back', async () => {
    await set('TTL-1', 'madrid', 5);
    const { reservation } = await inventory.stock.reserve(
      { lines: [{ sku: 'TTL-1', quantity: 5 }], ttlSeconds: 1 },
      randomUUID(),
      actor,
    );
    inventory.advance(1_000);
    const result = await inventory.stock.confirm(reservation?.id ?? '', null, actor);
    expect(result.userErrors[0]?.code).toBe('RESERVATION_EXPIRED');
    expect(result.reservation?.status).toBe('EXPIRED');
    const [level] = await levelsOf('TTL-1');
    expect(level).toMatchObject({ onHand: 5, reserved: 0 });
    const again = await inventory.stock.release(reservation?.id ?? '', null, actor);
    expect(again.userErrors).toEqual([]);
    await expectLedgerIntact();
  });

  it('a hold with a 1 s TTL stops counting the moment it expires, and the sweeper releases it', async () => {
    await set('EXP-1', 'madrid', 10);
    const before = await levelsOf('EXP-1');
    const { reservation } = await inventory.stock.reserve(
      { lines: [{ sku: 'EXP-1', quantity: 4 }], ttlSeconds: 1 },
      randomUUID(),
      actor,
    );
    expect((await levelsOf('EXP-1'))[0]).toMatchObject({ reserved: 4 });
    inventory.advance(1_000);
    // Expired but not swept: it already counts as released everywhere stock is read.
    expect((await levelsOf('EXP-1'))[0]).toMatchObject({ onHand: 10, reserved: 0 });
    const stored = await inventory.db.read((sql) =>
      sql.select<{ reserved: number }>("SELECT reserved FROM stock_levels WHERE sku = 'EXP-1'"),
    );
    expect(Number(stored[0]?.reserved)).toBe(4);
    expect(await inventory.sweeper.sweep()).toBeGreaterThanOrEqual(1);
    const [swept] = await inventory.queries.reservationsByIds([reservation?.id ?? '']);
    expect(swept?.status).toBe('EXPIRED');
    expect(await levelsOf('EXP-1')).toEqual([
      expect.objectContaining({ onHand: 10, reserved: 0, version: (before[0]?.version ?? 0) + 2 }),
    ]);
    // The events are read after they have arrived (publishing follows the commit), and
    // counted exactly: a missing or a duplicated expiry fails here.
    const ofReservation = () =>
      inventory.events.map((m) => JSON.parse(m.value ?? '{}')).filter((e) => e.data.reservationId === reservation?.id);
    const expiry = await waitFor(
      () => {
        const events = ofReservation().filter(
          (e) => e.type.endsWith('reservation.expired.v1') || e.data.cause === 'EXPIRE',
        );
        return events.length >= 2 && events;
      },
      { what: 'the reservation.expired event and the EXPIRE stock change' },
    );
    expect(expiry.map((e) => e.type).sort()).toEqual([
      'io.stockgraph.inventory.reservation.expired.v1',
      'io.stockgraph.inventory.stock.changed.v1',
    ]);
    expect(expiry.find((e) => e.type.endsWith('reservation.expired.v1'))?.data).toMatchObject({ status: 'EXPIRED' });
    expect(expiry.find((e) => e.type.endsWith('stock.changed.v1'))?.data).toMatchObject({
      sku: 'EXP-1',
      locationId: 'madrid',
      onHand: 10,
      reserved: 0,
      available: 10,
      cause: 'EXPIRE',
    });
    await expectLedgerIntact();
  });

  it('a new reservation can take the units of an expired hold before any sweep', async () => {
    await set('EXP-2', 'madrid', 3);
    await inventory.stock.reserve({ lines: [{ sku: 'EXP-2', quantity: 3 }], ttlSeconds: 1 }, randomUUID(), actor);
    const refused = await inventory.stock.reserve({ lines: [{ sku: 'EXP-2', quantity: 3 }] }, randomUUID(), actor);
    expect(refused.userErrors[0]?.code).toBe('INSUFFICIENT_STOCK');
    inventory.advance(1_000);
    const taken = await inventory.stock.reserve({ lines: [{ sku: 'EXP-2', quantity: 3 }] }, randomUUID(), actor);
    expect(taken.userErrors).toEqual([]);
    expect((await levelsOf('EXP-2'))[0]).toMatchObject({ onHand: 3, reserved: 3 });
    await expectLedgerIntact();
  });

  it('allocates only inside the requested region', async () => {
    await addLocations(inventory, [{ id: 'lisbon', priority: 0, region: 'eu-west' }]);
    await set('REG-1', 'lisbon', 5);
    await set('REG-1', 'madrid', 5);
    const west = await inventory.stock.reserve(
      { lines: [{ sku: 'REG-1', quantity: 2 }], region: 'eu-south' },
      randomUUID(),
      actor,
    );
    expect(west.reservation?.lines).toEqual([{ sku: 'REG-1', locationId: 'madrid', quantity: 2 }]);
    const tooMuch = await inventory.stock.reserve(
      { lines: [{ sku: 'REG-1', quantity: 4 }], region: 'eu-south' },
      randomUUID(),
      actor,
    );
    expect(tooMuch.userErrors[0]?.code).toBe('INSUFFICIENT_STOCK');
    await expect(
      inventory.stock.reserve(
        { lines: [{ sku: 'REG-1', quantity: 1, locationId: 'lisbon' }], region: 'eu-south' },
        randomUUID(),
        actor,
      ),
    ).rejects.toMatchObject({ code: 'LOCATION_OUTSIDE_REGION' });
    await expect(
      inventory.stock.reserve({ lines: [{ sku: 'REG-1', quantity: 1 }], region: 'mars-north' }, randomUUID(), actor),
    ).rejects.toMatchObject({ code: 'UNKNOWN_REGION' });
  });

  it('bad input is refused with a specific code and writes nothing', async () => {
    await set('BAD-1', 'madrid', 5);
    const count = async () =>
      Number(
        (await inventory.db.read((sql) => sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM stock_movements')))[0]
          ?.n,
      );
    const before = await count();
    await expect(
      inventory.stock.reserve(
        {
          lines: [
            { sku: 'BAD-1', quantity: 1 },
            { sku: 'NOPE-9', quantity: 1 },
          ],
        },
        randomUUID(),
        actor,
      ),
    ).rejects.toMatchObject({ code: 'UNKNOWN_SKU', field: 'input.lines.1.sku' });
    await expect(
      inventory.stock.reserve({ lines: [{ sku: 'BAD-1', quantity: 1, locationId: 'mars' }] }, randomUUID(), actor),
    ).rejects.toMatchObject({ code: 'UNKNOWN_LOCATION' });
    await expect(
      inventory.stock.adjust({ sku: 'BAD-1', locationId: 'mars', delta: 1, reason: 'restock' }, randomUUID(), actor),
    ).rejects.toMatchObject({ code: 'UNKNOWN_LOCATION' });
    await expect(inventory.stock.confirm(randomUUID(), null, actor)).rejects.toMatchObject({
      code: 'RESERVATION_NOT_FOUND',
    });
    expect(await count()).toBe(before);
    const [level] = await levelsOf('BAD-1');
    expect(level).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it('publishes one stock event per changed row and a reservation event, after commit', async () => {
    await set('EVT-1', 'madrid', 2);
    await set('EVT-1', 'berlin', 2);
    const { reservation } = await inventory.stock.reserve(
      { lines: [{ sku: 'EVT-1', quantity: 3 }] },
      randomUUID(),
      actor,
    );
    const ofReservation = () =>
      inventory.events.map((m) => JSON.parse(m.value ?? '{}')).filter((e) => e.data.reservationId === reservation?.id);
    await waitFor(() => ofReservation().length >= 3, { what: 'three events' });
    const fresh = ofReservation();
    expect(fresh.map((e) => e.type).sort()).toEqual([
      'io.stockgraph.inventory.reservation.created.v1',
      'io.stockgraph.inventory.stock.changed.v1',
      'io.stockgraph.inventory.stock.changed.v1',
    ]);
    const stock = fresh.filter((e) => e.type.endsWith('stock.changed.v1')).map((e) => e.data);
    expect(stock.map((d) => [d.locationId, d.reserved, d.available, d.flags])).toEqual(
      expect.arrayContaining([
        ['madrid', 2, 0, ['OUT_OF_STOCK']],
        ['berlin', 1, 1, []],
      ]),
    );
    expect(stock.every((d) => d.reservationId === reservation?.id && d.cause === 'RESERVE')).toBe(true);
  });
});
