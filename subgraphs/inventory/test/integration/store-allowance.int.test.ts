import { randomUUID } from 'node:crypto';
import type { Caller } from '@stockgraph/domain';
import { opsCaller, testDialects, waitFor } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
/** The store's own service, as its store token presents it. */
const store = (locationId: string): Caller => ({
  subject: `key-${locationId}`,
  roles: ['store'],
  locations: [locationId],
});
const SHOP = 'lisbon-shop';
const OTHER_SHOP = 'porto-shop';

/**
 * A store's offline allowance and its till's sales, recorded centrally (issue 13): the
 * allowance is kept out of online reach, sales take it first, and a sale id counts once
 * however it is raced or repeated.
 */
describe.each(testDialects())('store allowances and sales on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_store_sales');
    await addLocations(inventory, [
      { id: SHOP, priority: 1 },
      { id: OTHER_SHOP, priority: 2 },
    ]);
  });

  afterAll(() => inventory.stop());

  const set = (sku: string, locationId: string, onHand: number) =>
    inventory.stock.adjust({ sku, locationId, set: onHand, reason: 'received' }, randomUUID(), ops);
  const levelAt = async (sku: string, locationId = SHOP) =>
    (await inventory.queries.levelsBySkus([sku])).find((level) => level.locationId === locationId);
  const allowanceOf = async (sku: string, locationId = SHOP) =>
    (await inventory.storeAllowances.list(locationId, [sku], ops))[0]?.quantity ?? 0;
  const sell = (saleId: string, lines: Array<{ sku: string; quantity: number }>, caller = store(SHOP)) =>
    inventory.storeSales.record(SHOP, saleId, lines, caller);
  const expectLedgerIntact = async () => expect(await inventory.queries.ledgerMismatches()).toEqual([]);

  it('sets units aside up to what is free, shrinks on request, and records each change in the ledger', async () => {
    await set('AL-1', SHOP, 30);
    await inventory.stock.reserve({ lines: [{ sku: 'AL-1', quantity: 10, locationId: SHOP }] }, randomUUID(), ops);
    const [grown] = await inventory.storeAllowances.size(SHOP, [{ sku: 'AL-1', quantity: 50 }], store(SHOP));
    // 30 on hand, 10 held: only 20 were free.
    expect(grown).toMatchObject({ sku: 'AL-1', locationId: SHOP, quantity: 20 });
    expect(await levelAt('AL-1')).toMatchObject({ onHand: 30, reserved: 30 });
    const [shrunk] = await inventory.storeAllowances.size(SHOP, [{ sku: 'AL-1', quantity: 5 }], store(SHOP));
    expect(shrunk?.quantity).toBe(5);
    expect(await levelAt('AL-1')).toMatchObject({ onHand: 30, reserved: 15 });
    const page = await inventory.queries.movements('AL-1', 10, null, ops);
    expect(page.rows.filter((row) => row.kind === 'ALLOWANCE').map((row) => [row.delta.reserved, row.actor])).toEqual([
      [-15, `store:key-${SHOP}`],
      [20, `store:key-${SHOP}`],
    ]);
    await expectLedgerIntact();
  });

  it('keeps the allowance out of reach of 100 concurrent online holds', async () => {
    await set('AL-RACE', SHOP, 80);
    await inventory.storeAllowances.size(SHOP, [{ sku: 'AL-RACE', quantity: 50 }], store(SHOP));
    const holds = await Promise.all(
      Array.from({ length: 100 }, () =>
        inventory.stock.reserve({ lines: [{ sku: 'AL-RACE', quantity: 1, locationId: SHOP }] }, randomUUID(), ops),
      ),
    );
    expect(holds.filter((hold) => hold.reservation !== null)).toHaveLength(30);
    expect(
      holds
        .filter((hold) => hold.reservation === null)
        .every((hold) => hold.userErrors[0]?.code === 'INSUFFICIENT_STOCK'),
    ).toBe(true);
    expect(await allowanceOf('AL-RACE')).toBe(50);
    expect(await levelAt('AL-RACE')).toMatchObject({ onHand: 80, reserved: 80 });
    await expectLedgerIntact();
  });

  it('sells from the allowance first, then free stock, with the sale id as the ledger reference', async () => {
    await set('SALE-1', SHOP, 20);
    await inventory.storeAllowances.size(SHOP, [{ sku: 'SALE-1', quantity: 4 }], store(SHOP));
    const { sale, userErrors } = await sell('till-1:0001', [{ sku: 'SALE-1', quantity: 6 }]);
    expect(userErrors).toEqual([]);
    expect(sale).toMatchObject({
      id: 'till-1:0001',
      locationId: SHOP,
      lines: [{ sku: 'SALE-1', quantity: 6, fromAllowance: 4 }],
      actor: `store:key-${SHOP}`,
    });
    expect(await levelAt('SALE-1')).toMatchObject({ onHand: 14, reserved: 0, version: 3 });
    expect(await allowanceOf('SALE-1')).toBe(0);
    const [movement] = (await inventory.queries.movements('SALE-1', 1, null, ops)).rows;
    expect(movement).toMatchObject({
      kind: 'SALE',
      reference: 'till-1:0001',
      actor: `store:key-${SHOP}`,
      delta: { onHand: -6, reserved: -4 },
    });
    // The relay publishes after the commit, in its own time: wait until the sku's latest
    // event is the sale's.
    const latest = () =>
      JSON.parse(inventory.events.filter((message) => message.key === 'SALE-1').at(-1)?.value ?? '{}').data as
        { cause?: string } | undefined;
    await waitFor(() => latest()?.cause === 'SALE', { what: "the sale's stock event" });
    expect(latest()).toMatchObject({ cause: 'SALE', onHand: 14, available: 14 });
    await expectLedgerIntact();
  });

  it('refuses a sale beyond the allowance and free stock, changing nothing and leaving the sale id free', async () => {
    await set('SALE-2', SHOP, 5);
    await inventory.storeAllowances.size(SHOP, [{ sku: 'SALE-2', quantity: 2 }], store(SHOP));
    const before = await levelAt('SALE-2');
    const refused = await sell('till-1:0002', [{ sku: 'SALE-2', quantity: 6 }]);
    expect(refused.sale).toBeNull();
    expect(refused.userErrors).toEqual([
      { code: 'INSUFFICIENT_STOCK', field: 'lines.0.quantity', message: expect.stringContaining('5 can be sold') },
    ]);
    expect(await levelAt('SALE-2')).toEqual(before);
    await set('SALE-2', SHOP, 10);
    expect((await sell('till-1:0002', [{ sku: 'SALE-2', quantity: 6 }])).sale?.lines).toEqual([
      { sku: 'SALE-2', quantity: 6, fromAllowance: 2 },
    ]);
    await expectLedgerIntact();
  });

  it('records a sale sent 10 times at once exactly once, answers them all alike, and refuses the id with other lines', async () => {
    await set('SALE-3', SHOP, 40);
    await inventory.storeAllowances.size(SHOP, [{ sku: 'SALE-3', quantity: 10 }], store(SHOP));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => sell('till-2:0001', [{ sku: 'SALE-3', quantity: 3 }])),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]?.sale?.lines).toEqual([{ sku: 'SALE-3', quantity: 3, fromAllowance: 3 }]);
    expect(await levelAt('SALE-3')).toMatchObject({ onHand: 37, reserved: 7 });
    expect(
      (await inventory.queries.movements('SALE-3', 50, null, ops)).rows.filter((row) => row.kind === 'SALE'),
    ).toHaveLength(1);
    await expect(sell('till-2:0001', [{ sku: 'SALE-3', quantity: 4 }])).rejects.toMatchObject({
      code: 'SALE_ID_REUSED',
      field: 'saleId',
    });
    await expectLedgerIntact();
  });

  it('drains 50 offline sales while 100 online holds race them: each sale counted once, nothing oversold', async () => {
    await set('DRAIN-1', SHOP, 120);
    await inventory.storeAllowances.size(SHOP, [{ sku: 'DRAIN-1', quantity: 50 }], store(SHOP));
    const sales = Array.from({ length: 50 }, (_, i) => sell(`till-3:${i}`, [{ sku: 'DRAIN-1', quantity: 1 }]));
    // A second copy of every tenth sale, as a sync agent retrying after a lost answer would send.
    const retries = Array.from({ length: 5 }, (_, i) => sell(`till-3:${i * 10}`, [{ sku: 'DRAIN-1', quantity: 1 }]));
    const holds = Array.from({ length: 100 }, () =>
      inventory.stock.reserve({ lines: [{ sku: 'DRAIN-1', quantity: 1, locationId: SHOP }] }, randomUUID(), ops),
    );
    const [sold, , held] = await Promise.all([Promise.all(sales), Promise.all(retries), Promise.all(holds)]);
    expect(sold.every((answer) => answer.sale?.lines[0]?.fromAllowance === 1)).toBe(true);
    expect(held.filter((hold) => hold.reservation !== null)).toHaveLength(70);
    expect(await levelAt('DRAIN-1')).toMatchObject({ onHand: 70, reserved: 70 });
    expect(await allowanceOf('DRAIN-1')).toBe(0);
    const movements = await inventory.db.read((sql) =>
      sql.select<{ reference: string }>(
        "SELECT reference FROM stock_movements WHERE sku = 'DRAIN-1' AND kind = 'SALE' ORDER BY reference",
      ),
    );
    expect(movements.map((row) => row.reference)).toEqual(Array.from({ length: 50 }, (_, i) => `till-3:${i}`).sort());
    await expectLedgerIntact();
  });

  it('takes back returns of a recorded sale, never more than it sold, each return id once, even when 10 race', async () => {
    await set('RET-1', SHOP, 10);
    await sell('till-4:0001', [{ sku: 'RET-1', quantity: 5 }]);
    const giveBack = (returnId: string, quantity: number, saleId = 'till-4:0001') =>
      inventory.storeReturns.record(SHOP, returnId, saleId, [{ sku: 'RET-1', quantity }], store(SHOP));
    const first = await giveBack('till-4:r1', 2);
    expect(first).toMatchObject({
      storeReturn: { id: 'till-4:r1', saleId: 'till-4:0001', lines: [{ sku: 'RET-1', quantity: 2 }] },
      userErrors: [],
    });
    expect(await giveBack('till-4:r1', 2)).toEqual(first);
    expect(await levelAt('RET-1')).toMatchObject({ onHand: 7 });
    const [movement] = (await inventory.queries.movements('RET-1', 1, null, ops)).rows;
    expect(movement).toMatchObject({ kind: 'RETURN', reference: 'till-4:r1', delta: { onHand: 2 } });
    expect(await giveBack('till-4:r2', 4)).toMatchObject({
      storeReturn: null,
      userErrors: [{ code: 'RETURN_EXCEEDS_SALE', field: 'lines.0.quantity' }],
    });
    expect(await giveBack('till-4:r3', 1, 'till-4:never')).toMatchObject({
      storeReturn: null,
      userErrors: [{ code: 'SALE_UNKNOWN', field: 'saleId' }],
    });
    await expect(giveBack('till-4:r1', 1)).rejects.toMatchObject({ code: 'RETURN_ID_REUSED' });
    const raced = await Promise.all(Array.from({ length: 10 }, (_, i) => giveBack(`till-4:race-${i}`, 1)));
    expect(raced.filter((answer) => answer.storeReturn !== null)).toHaveLength(3);
    expect(raced.filter((answer) => answer.userErrors[0]?.code === 'RETURN_EXCEEDS_SALE')).toHaveLength(7);
    expect(await levelAt('RET-1')).toMatchObject({ onHand: 10 });
    await expectLedgerIntact();
  });

  it('lets a store act only at its own location, and refuses bad input with a code before reading anything', async () => {
    await expect(
      inventory.storeSales.record(SHOP, 's-1', [{ sku: 'SALE-1', quantity: 1 }], store(OTHER_SHOP)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'locationId' });
    await expect(
      inventory.storeAllowances.size(SHOP, [{ sku: 'SALE-1', quantity: 1 }], store(OTHER_SHOP)),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(inventory.storeAllowances.list(SHOP, null, store(OTHER_SHOP))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(sell('', [{ sku: 'SALE-1', quantity: 1 }])).rejects.toMatchObject({
      code: 'INVALID_SALE_ID',
      field: 'saleId',
    });
    await expect(sell('x'.repeat(65), [{ sku: 'SALE-1', quantity: 1 }])).rejects.toMatchObject({
      code: 'INVALID_SALE_ID',
    });
    await expect(sell('s-2', [])).rejects.toMatchObject({ code: 'EMPTY_REQUEST' });
    await expect(sell('s-2', [{ sku: 'SALE-1', quantity: 0 }])).rejects.toMatchObject({
      code: 'INVALID_QUANTITY',
      field: 'lines.0.quantity',
    });
    await expect(
      sell('s-2', [
        { sku: 'SALE-1', quantity: 1 },
        { sku: 'SALE-1', quantity: 2 },
      ]),
    ).rejects.toMatchObject({ code: 'DUPLICATE_LINE', field: 'lines.1.sku' });
    await expect(
      sell(
        's-2',
        Array.from({ length: 101 }, (_, i) => ({ sku: `S-${i}`, quantity: 1 })),
      ),
    ).rejects.toMatchObject({ code: 'TOO_MANY_LINES' });
    await expect(
      inventory.storeSales.record('nowhere', 's-2', [{ sku: 'SALE-1', quantity: 1 }], ops),
    ).rejects.toMatchObject({ code: 'UNKNOWN_LOCATION' });
    await expect(inventory.storeAllowances.size(SHOP, [{ sku: 'SALE-1', quantity: -1 }], ops)).rejects.toMatchObject({
      code: 'INVALID_QUANTITY',
      field: 'allowances.0.quantity',
    });
    await expect(
      inventory.storeAllowances.size(SHOP, [{ sku: 'SALE-1', quantity: 1_000_001 }], ops),
    ).rejects.toMatchObject({ code: 'INVALID_QUANTITY' });
    // A sku the shop never held, beside one it does: refused whole, naming the line; the
    // good line's allowance is not changed either.
    await set('AL-KNOWN', SHOP, 10);
    await expect(
      inventory.storeAllowances.size(
        SHOP,
        [
          { sku: 'AL-KNOWN', quantity: 3 },
          { sku: 'NEVER-HELD', quantity: 2 },
        ],
        ops,
      ),
    ).rejects.toMatchObject({ code: 'UNKNOWN_SKU', field: 'allowances.1.sku' });
    expect(await levelAt('AL-KNOWN')).toMatchObject({ onHand: 10, reserved: 0 });
    await expect(
      inventory.storeAllowances.list(
        SHOP,
        Array.from({ length: 1001 }, (_, i) => `S-${i}`),
        ops,
      ),
    ).rejects.toMatchObject({ code: 'TOO_MANY_SKUS' });
    expect(await inventory.storeSales.record(SHOP, 's-2', [{ sku: 'NEVER-STOCKED', quantity: 1 }], ops)).toMatchObject({
      sale: null,
      userErrors: [{ code: 'INSUFFICIENT_STOCK' }],
    });
  });
});
