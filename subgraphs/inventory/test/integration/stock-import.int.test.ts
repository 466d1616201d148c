import { randomUUID } from 'node:crypto';
import { opsCaller, testDialects } from '@stockgraph/testing';
import type { Caller } from '@stockgraph/domain';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const storeAtMadrid: Caller = { subject: 'till', roles: ['store'], locations: ['madrid'] };

/** Bulk import of counts and adjustments from CSV, with a dry run (issue 22). */
describe.each(testDialects())('stock import on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_import');
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
    ]);
  });

  afterAll(() => inventory.stop());

  const onHand = async (sku: string, locationId: string) =>
    (await inventory.queries.levelsBySkus([sku])).find((level) => level.locationId === locationId)?.onHand ?? null;
  const ledgerRows = async () =>
    Number(
      (await inventory.db.read((sql) => sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM stock_movements')))[0]?.n,
    );
  const run = (csv: string, dryRun: boolean, key = randomUUID(), caller: Caller = ops) =>
    inventory.imports.import(csv, dryRun, key, caller);

  it('a dry run says what every row would do and changes nothing; the real run applies them all at once', async () => {
    await inventory.stock.adjust(
      { sku: 'IMP-A', locationId: 'madrid', set: 10, reason: 'received' },
      randomUUID(),
      ops,
    );
    const csv = 'sku,locationId,set,delta,reason\nIMP-A,madrid,25,,cycle_count\nIMP-B,berlin,,7,received\n';
    const ledgerBefore = await ledgerRows();
    const key = randomUUID();

    const preview = await run(csv, true, key);
    expect(preview).toMatchObject({
      dryRun: true,
      applied: false,
      rows: [
        { line: 2, sku: 'IMP-A', outcome: 'WOULD_APPLY', onHandBefore: 10, onHandAfter: 25 },
        { line: 3, sku: 'IMP-B', outcome: 'WOULD_APPLY', onHandBefore: 0, onHandAfter: 7 },
      ],
    });
    expect([await onHand('IMP-A', 'madrid'), await onHand('IMP-B', 'berlin'), await ledgerRows()]).toEqual([
      10,
      null,
      ledgerBefore,
    ]);

    // The dry run spent no key: the same key applies the file, and answers the same again.
    const applied = await run(csv, false, key);
    expect(applied.applied).toBe(true);
    expect(applied.rows.map((row) => row.outcome)).toEqual(['APPLIED', 'APPLIED']);
    expect(await run(csv, false, key)).toEqual(applied);
    expect([await onHand('IMP-A', 'madrid'), await onHand('IMP-B', 'berlin'), await ledgerRows()]).toEqual([
      25,
      7,
      ledgerBefore + 2,
    ]);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('one refused or unreadable row applies nothing, and says which row and why', async () => {
    await inventory.stock.adjust({ sku: 'IMP-C', locationId: 'madrid', set: 5, reason: 'received' }, randomUUID(), ops);
    const stale = await run(
      'sku,locationId,set,changeFrom,reason\nIMP-C,madrid,9,4,cycle_count\nIMP-D,madrid,3,,received\n',
      false,
    );
    expect(stale.applied).toBe(false);
    expect(stale.rows.map((row) => [row.line, row.outcome, row.code])).toEqual([
      [2, 'REFUSED', 'CHANGE_FROM_STALE'],
      [3, 'NOT_APPLIED', null],
    ]);
    const unknown = await run(
      'sku,locationId,delta,reason\nIMP-C,madrid,1,received\nIMP-C,atlantis,1,received\n',
      false,
    );
    expect(unknown.rows.map((row) => [row.outcome, row.code])).toEqual([
      ['NOT_APPLIED', null],
      ['REFUSED', 'UNKNOWN_LOCATION'],
    ]);
    const unreadable = await run(
      'sku,locationId,delta,reason\nIMP-C,madrid,1,received\nIMP-C,madrid,x,received\n',
      false,
    );
    expect(unreadable.rows.map((row) => row.outcome)).toEqual(['NOT_APPLIED', 'INVALID']);
    await expect(run('no header here', false)).rejects.toMatchObject({ code: 'INVALID_IMPORT' });
    // Store staff import at their own locations only: a row elsewhere is FORBIDDEN for the whole file.
    await expect(
      run(
        'sku,locationId,delta,reason\nIMP-C,madrid,1,received\nIMP-C,berlin,1,received\n',
        true,
        randomUUID(),
        storeAtMadrid,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect([await onHand('IMP-C', 'madrid'), await onHand('IMP-D', 'madrid')]).toEqual([5, null]);
  });

  it('an import lowering on hand while holds race for the same units: never below what is held, nothing lost', async () => {
    await inventory.stock.adjust(
      { sku: 'IMP-RACE', locationId: 'madrid', set: 100, reason: 'received' },
      randomUUID(),
      ops,
    );
    const holds = Array.from({ length: 60 }, () =>
      inventory.stock.reserve({ lines: [{ sku: 'IMP-RACE', locationId: 'madrid', quantity: 1 }] }, randomUUID(), ops),
    );
    const imports = Array.from({ length: 6 }, (_, i) =>
      run(`sku,locationId,set,reason\nIMP-RACE,madrid,${70 - i * 5},cycle_count\n`, false),
    );
    const [held, imported] = await Promise.all([Promise.all(holds), Promise.all(imports)]);
    const level = (await inventory.queries.levelsBySkus(['IMP-RACE']))[0];
    const granted = held.filter((answer) => answer.reservation !== null).length;
    expect(level?.reserved).toBe(granted);
    expect(level?.onHand).toBeGreaterThanOrEqual(level?.reserved ?? 0);
    // Each import either applied whole or was refused with a reason (too little left for what is held).
    for (const result of imported) expect(result.applied || result.rows[0]?.outcome === 'REFUSED').toBe(true);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });
});
