import { randomUUID } from 'node:crypto';
import { opsCaller, testDialects } from '@stockgraph/testing';
import type { Caller } from '@stockgraph/domain';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const orderService: Caller = { subject: 'order', roles: ['service'], locations: [] };
const storeStaff: Caller = { subject: 'till-1', roles: ['store'], locations: ['madrid'] };

/** Holds that follow payment (issue 22): extensions, their bounds, and extensions racing the sweeper. */
describe.each(testDialects())('hold extensions on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_extensions');
    await addLocations(inventory, [{ id: 'madrid', priority: 1 }]);
  });

  afterAll(() => inventory.stop());

  const set = (sku: string, onHand: number) =>
    inventory.stock.adjust({ sku, locationId: 'madrid', set: onHand, reason: 'received' }, randomUUID(), ops);
  const hold = async (sku: string, quantity: number, ttlSeconds: number, customerId: string | null = null) => {
    const { reservation } = await inventory.stock.reserve(
      { lines: [{ sku, quantity }], ttlSeconds, ...(customerId ? { customerId } : {}) },
      randomUUID(),
      ops,
    );
    if (!reservation) throw new Error(`no hold of ${quantity} ${sku}`);
    return reservation;
  };
  const reservedOf = async (sku: string) => (await inventory.queries.levelsBySkus([sku]))[0]?.reserved;

  it('moves an active hold to ttlSeconds from now, changes nothing when it already lasts that long, and bounds both', async () => {
    await set('EXT-1', 10);
    const made = await hold('EXT-1', 2, 60, 'customer-1');

    const extended = await inventory.holdExtensions.extend(made.id, 600, orderService);
    expect(extended.userErrors).toEqual([]);
    expect(extended.reservation?.expiresAt).toBeGreaterThanOrEqual(made.expiresAt + 540_000);
    // Shorter than it already lasts: unchanged, so a repeated or late extension never shortens a hold.
    expect((await inventory.holdExtensions.extend(made.id, 120, orderService)).reservation?.expiresAt).toBe(
      extended.reservation?.expiresAt,
    );
    // A customer's hold is their order's: store staff at its location may not keep it.
    await expect(inventory.holdExtensions.extend(made.id, 600, storeStaff)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(inventory.holdExtensions.extend(made.id, 0, orderService)).rejects.toMatchObject({
      code: 'INVALID_TTL',
    });
    await expect(inventory.holdExtensions.extend('no-such-hold', 60, ops)).rejects.toMatchObject({
      code: 'RESERVATION_NOT_FOUND',
    });
    // Never past its creation plus the lifetime bound (48 h by default), however often extended.
    for (let day = 0; day < 2; day += 1) {
      expect((await inventory.holdExtensions.extend(made.id, 24 * 3600, orderService)).userErrors).toEqual([]);
      inventory.advance(23 * 3600 * 1000);
    }
    expect((await inventory.holdExtensions.extend(made.id, 23 * 3600, orderService)).userErrors[0]?.code).toBe(
      'HOLD_LIFETIME_EXCEEDED',
    );
    expect((await inventory.holdExtensions.extend(made.id, 3000, orderService)).userErrors).toEqual([]);
    expect(await reservedOf('EXT-1')).toBe(2);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('refuses to bring back an expired hold, and gives its units back on the spot', async () => {
    await set('EXT-2', 10);
    const made = await hold('EXT-2', 3, 1);
    inventory.advance(1_000);
    const result = await inventory.holdExtensions.extend(made.id, 600, ops);
    expect(result.userErrors[0]?.code).toBe('RESERVATION_EXPIRED');
    expect(result.reservation?.status).toBe('EXPIRED');
    expect(await reservedOf('EXT-2')).toBe(0);
    const confirmed = await hold('EXT-2', 1, 60);
    await inventory.stock.confirm(confirmed.id, null, ops);
    expect((await inventory.holdExtensions.extend(confirmed.id, 600, ops)).userErrors[0]?.code).toBe(
      'RESERVATION_ALREADY_CONFIRMED',
    );
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('an extension racing the sweeper at the moment of expiry: each hold is either kept or given back, never both', async () => {
    await set('EXT-RACE', 1000);
    const holds = await Promise.all(Array.from({ length: 40 }, () => hold('EXT-RACE', 5, 1)));
    // The clock reaches their expiry while the extensions and sweeps are under way.
    const extensions = holds.map((made, i) =>
      (i % 2 === 0 ? Promise.resolve() : new Promise<void>((resolve) => setImmediate(resolve))).then(() =>
        inventory.holdExtensions.extend(made.id, 600, ops),
      ),
    );
    const sweeps = Array.from({ length: 4 }, () => inventory.sweeper.sweep());
    setImmediate(() => inventory.advance(1_000));
    const answers = await Promise.all(extensions);
    await Promise.all(sweeps);
    await inventory.sweeper.sweep();

    const final = await inventory.queries.reservationsByIds(holds.map((made) => made.id));
    let kept = 0;
    answers.forEach((answer, i) => {
      const now = final.find((reservation) => reservation.id === holds[i]?.id);
      if (answer.userErrors.length === 0) {
        kept += 1;
        expect(now).toMatchObject({ status: 'ACTIVE', expiresAt: answer.reservation?.expiresAt });
      } else {
        expect(answer.userErrors[0]?.code).toBe('RESERVATION_EXPIRED');
        expect(now?.status).toBe('EXPIRED');
      }
    });
    // What stays reserved is exactly the holds that were kept: no unit lost, none held twice.
    expect(await reservedOf('EXT-RACE')).toBe(kept * 5);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
    process.stdout.write(`extension race on ${dialect}: ${kept} of 40 kept, ${40 - kept} expired\n`);
  });
});
