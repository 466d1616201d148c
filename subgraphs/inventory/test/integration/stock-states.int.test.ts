import { randomUUID } from 'node:crypto';
import { opsCaller, testDialects } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');

/** Stock states (issue 22): damaged and quality-control units are on hand and never sold. */
describe.each(testDialects())('stock states on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_states');
    await addLocations(inventory, [{ id: 'madrid', priority: 1 }]);
  });

  afterAll(() => inventory.stop());

  const set = (sku: string, onHand: number) =>
    inventory.stock.adjust({ sku, locationId: 'madrid', set: onHand, reason: 'received' }, randomUUID(), ops);
  const levelOf = async (sku: string) => (await inventory.queries.levelsBySkus([sku]))[0];
  const move = (
    sku: string,
    quantity: number,
    from: 'SELLABLE' | 'DAMAGED' | 'QUALITY_CONTROL',
    to: string,
    key = randomUUID(),
  ) =>
    inventory.states.move(
      { sku, locationId: 'madrid', quantity, from, to: to as 'DAMAGED', reason: 'inspection' },
      key,
      ops,
    );

  it('moves units through damaged and quality control, each move in the ledger, and writes them off', async () => {
    await set('ST-1', 20);
    const key = randomUUID();
    expect((await move('ST-1', 5, 'SELLABLE', 'DAMAGED', key)).stockLevel).toMatchObject({ onHand: 20, damaged: 5 });
    // The same key answers the same, and moves nothing twice.
    expect((await move('ST-1', 5, 'SELLABLE', 'DAMAGED', key)).stockLevel).toMatchObject({ damaged: 5 });
    await move('ST-1', 2, 'DAMAGED', 'QUALITY_CONTROL');
    await move('ST-1', 1, 'QUALITY_CONTROL', 'SELLABLE');
    await move('ST-1', 3, 'DAMAGED', 'WRITTEN_OFF');
    expect(await levelOf('ST-1')).toMatchObject({ onHand: 17, reserved: 0, damaged: 0, qualityControl: 1 });
    const refused = await move('ST-1', 2, 'QUALITY_CONTROL', 'WRITTEN_OFF');
    expect(refused.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    // Only sellable units can be held: 17 on hand, 1 in quality control.
    const hold = await inventory.stock.reserve({ lines: [{ sku: 'ST-1', quantity: 17 }] }, randomUUID(), ops);
    expect(hold.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    // A count or an adjustment may not take on hand below what it must cover.
    const below = await inventory.stock.adjust(
      { sku: 'ST-1', locationId: 'madrid', set: 0, reason: 'cycle_count' },
      randomUUID(),
      ops,
    );
    expect(below.userErrors.map((e) => e.code)).toEqual(['ADJUSTMENT_OUT_OF_RANGE']);
    const ledger = await inventory.queries.movements('ST-1', 10, null, ops);
    expect(
      ledger.rows
        .filter((row) => row.kind === 'STATE')
        .map((row) => [row.delta.damaged, row.delta.qualityControl, row.delta.onHand]),
    ).toEqual([
      [-3, 0, -3],
      [0, -1, 0],
      [-2, 2, 0],
      [5, 0, 0],
    ]);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('marking units damaged while carts race for them: nothing oversold, no held unit damaged', async () => {
    await set('ST-RACE', 60);
    const holds = Array.from({ length: 40 }, () =>
      inventory.stock.reserve({ lines: [{ sku: 'ST-RACE', quantity: 1 }] }, randomUUID(), ops),
    );
    const damages = Array.from({ length: 10 }, () => move('ST-RACE', 3, 'SELLABLE', 'DAMAGED'));
    const [held, damaged] = await Promise.all([Promise.all(holds), Promise.all(damages)]);
    const granted = held.filter((answer) => answer.reservation !== null).length;
    const marked = damaged.filter((answer) => answer.userErrors.length === 0).length * 3;
    const level = await levelOf('ST-RACE');
    expect(level).toMatchObject({ onHand: 60, reserved: granted, damaged: marked });
    expect(granted + marked).toBeLessThanOrEqual(60);
    // Every refusal was for want of units: what was refused would not have fitted.
    for (const answer of held.filter((a) => a.reservation === null))
      expect(answer.userErrors[0]?.code).toBe('INSUFFICIENT_STOCK');
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });
});
