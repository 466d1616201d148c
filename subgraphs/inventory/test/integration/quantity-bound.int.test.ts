import { randomUUID } from 'node:crypto';
import { graphqlRequest, testDialects, waitFor, opsCaller } from '@stockgraph/testing';
import { MAX_STOCK_QUANTITY } from '../../src/domain/quantity-bound';
import type { WarehouseCount } from '../../src/domain/warehouse-count';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';
import { warehouseEvent } from '../support/warehouse-event';

const actor = opsCaller('test');
const BILLION = 1_000_000_000;

/**
 * Every quantity the schema exposes as Int stays a 32-bit value: changes that would take a
 * sku's onHand over all locations past 2^31 - 1 are refused before anything is written, on
 * every path that raises it (adjustStock, adjustStocks, warehouse counts by bus and by
 * mutation), and reads of the sku keep answering.
 */
describe.each(testDialects())('the stock quantity bound on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_bound');
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
      { id: 'paris', priority: 3 },
      { id: 'lisbon', priority: 4 },
    ]);
  });

  afterAll(() => inventory.stop());

  const adjust = (sku: string, locationId: string, delta: number) =>
    graphqlRequest(
      inventory.url,
      `mutation ($input: AdjustStockInput!, $key: String!) {
        adjustStock(input: $input, idempotencyKey: $key) { stockLevel { onHand } userErrors { code field message } }
      }`,
      { input: { sku, locationId, delta, reason: 'RECEIVED' }, key: randomUUID() },
    );

  /** What a storefront and the ledger screen read of one sku. */
  const reads = (sku: string) =>
    graphqlRequest(
      inventory.url,
      `query ($reps: [_Any!]!, $sku: ID!) {
        _entities(representations: $reps) { ... on Product { inventory { onHand reserved available } stockLevels { onHand available } } }
        stockMovements(sku: $sku, first: 10) { edges { node { onHandDelta onHandAfter } } }
      }`,
      { reps: [{ __typename: 'Product', sku }], sku },
    );

  const totalOnHand = async (sku: string) =>
    (await inventory.queries.levelsBySkus([sku])).reduce((sum, level) => sum + level.onHand, 0);

  it('refuses the third billion at one location, and the sku still reads', async () => {
    expect((await adjust('BIG-1', 'madrid', BILLION)).data?.adjustStock.userErrors).toEqual([]);
    expect((await adjust('BIG-1', 'madrid', BILLION)).data?.adjustStock.userErrors).toEqual([]);

    const third = await adjust('BIG-1', 'madrid', BILLION);

    expect(third.errors).toBeUndefined();
    expect(third.data?.adjustStock).toEqual({
      stockLevel: null,
      userErrors: [
        expect.objectContaining({
          code: 'ADJUSTMENT_OUT_OF_RANGE',
          field: 'input.delta',
          message: expect.stringContaining(String(MAX_STOCK_QUANTITY)),
        }),
      ],
    });
    expect(await totalOnHand('BIG-1')).toBe(2 * BILLION);
    const read = await reads('BIG-1');
    expect(read.errors).toBeUndefined();
    expect(read.data?._entities).toEqual([
      {
        inventory: { onHand: 2 * BILLION, reserved: 0, available: 2 * BILLION },
        stockLevels: [{ onHand: 2 * BILLION, available: 2 * BILLION }],
      },
    ]);
    expect(read.data?.stockMovements.edges).toHaveLength(2);
  });

  it('refuses a billion at a third location: the sum over locations would pass the bound', async () => {
    await adjust('BIG-2', 'madrid', BILLION);
    await adjust('BIG-2', 'berlin', BILLION);

    const third = await adjust('BIG-2', 'paris', BILLION);

    expect(third.data?.adjustStock.userErrors.map((e: { code: string }) => e.code)).toEqual([
      'ADJUSTMENT_OUT_OF_RANGE',
    ]);
    expect(await totalOnHand('BIG-2')).toBe(2 * BILLION);
    // Paris got nothing (the refusal may leave it an empty row, as any refused first adjustment does).
    expect(
      (await inventory.queries.levelsBySkus(['BIG-2'])).filter((l) => l.onHand > 0).map((l) => l.locationId),
    ).toEqual(['berlin', 'madrid']);
    expect((await reads('BIG-2')).data?._entities[0].inventory.onHand).toBe(2 * BILLION);
  });

  it('lets stock reach the bound exactly, and come down from it', async () => {
    await adjust('BIG-3', 'madrid', BILLION);
    await adjust('BIG-3', 'berlin', BILLION);
    expect((await adjust('BIG-3', 'paris', MAX_STOCK_QUANTITY - 2 * BILLION)).data?.adjustStock.userErrors).toEqual([]);
    expect((await adjust('BIG-3', 'lisbon', 1)).data?.adjustStock.userErrors[0]?.code).toBe('ADJUSTMENT_OUT_OF_RANGE');
    expect((await adjust('BIG-3', 'paris', -1)).data?.adjustStock.userErrors).toEqual([]);
    expect((await reads('BIG-3')).data?._entities[0].inventory.onHand).toBe(MAX_STOCK_QUANTITY - 1);
  });

  it('refuses an adjustStocks call whose changes together pass the bound, writing none of them', async () => {
    const result = await inventory.stock.adjustMany(
      ['madrid', 'berlin', 'paris'].map((locationId) => ({
        sku: 'BIG-4',
        locationId,
        delta: BILLION,
        reason: 'received' as const,
      })),
      randomUUID(),
      actor,
    );

    expect(result.stockLevels).toEqual([]);
    expect(result.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['ADJUSTMENT_OUT_OF_RANGE', 'inputs.0.delta'],
      ['ADJUSTMENT_OUT_OF_RANGE', 'inputs.1.delta'],
      ['ADJUSTMENT_OUT_OF_RANGE', 'inputs.2.delta'],
    ]);
    expect(await totalOnHand('BIG-4')).toBe(0);
  });

  it('keeps one level’s safety stock within the bound', async () => {
    const raise = () =>
      inventory.stock.adjust(
        { sku: 'BIG-5', locationId: 'madrid', quantity: 'SAFETY_STOCK', delta: BILLION, reason: 'other' },
        randomUUID(),
        actor,
      );
    await raise();
    await raise();

    const third = await raise();

    expect(third.userErrors.map((e) => e.code)).toEqual(['ADJUSTMENT_OUT_OF_RANGE']);
    const [level] = await inventory.queries.levelsBySkus(['BIG-5']);
    expect(level?.safetyStock).toBe(2 * BILLION);
  });

  it('dead-letters a warehouse count that would take the sum past the bound, and applies the others', async () => {
    for (const locationId of ['madrid', 'berlin', 'paris'])
      await inventory.stock.adjust({ sku: 'BIG-6', locationId, set: 1, reason: 'received' }, randomUUID(), actor);
    const observedAt = new Date();

    await inventory.bus.publish(
      ['madrid', 'berlin', 'paris'].map((locationId) =>
        warehouseEvent({ sku: 'BIG-6', locationId, onHand: BILLION, observedAt }),
      ),
    );

    const letter = await waitFor(() => inventory.deadLetters.find((l) => l.key === 'BIG-6'), {
      what: 'the dead letter of BIG-6',
    });
    expect(letter.headers['dlq-reason']).toBe('QUANTITY_OUT_OF_RANGE');
    expect(letter.headers['dlq-detail']).toContain('BIG-6 at paris');
    const levels = await inventory.queries.levelsBySkus(['BIG-6']);
    expect(levels.map((l) => [l.locationId, l.onHand])).toEqual([
      ['berlin', BILLION],
      ['madrid', BILLION],
      ['paris', 1],
    ]);
    expect((await reads('BIG-6')).errors).toBeUndefined();
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('refuses submitWarehouseCounts naming the count that would pass the bound, submitting none', async () => {
    await inventory.stock.adjust(
      { sku: 'BIG-7', locationId: 'madrid', set: 1, reason: 'received' },
      randomUUID(),
      actor,
    );

    const result = await graphqlRequest(
      inventory.url,
      `mutation ($counts: [WarehouseCountInput!]!) { submitWarehouseCounts(counts: $counts, source: "test-wms") }`,
      { counts: ['madrid', 'berlin', 'paris'].map((locationId) => ({ sku: 'BIG-7', locationId, onHand: BILLION })) },
    );

    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('counts.2: counting 1000000000 of BIG-7 at paris'),
        extensions: expect.objectContaining({ code: 'QUANTITY_OUT_OF_RANGE', field: 'counts.2.onHand' }),
      }),
    ]);
    await inventory.outbox.idle();
    expect(await totalOnHand('BIG-7')).toBe(1);
  });

  it('lets exactly as many concurrent adjustments through as fit under the bound', async () => {
    await adjust('RACE-1', 'madrid', BILLION);
    await adjust('RACE-1', 'berlin', BILLION);
    await adjust('RACE-1', 'paris', MAX_STOCK_QUANTITY - 2 * BILLION - 500);
    const locations = ['madrid', 'berlin', 'paris', 'lisbon'];

    // 40 adjustments of 50 where 10 fit; lisbon has no row yet, so some also create it.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        inventory.stock.adjust(
          { sku: 'RACE-1', locationId: locations[i % 4], delta: 50, reason: 'received' },
          randomUUID(),
          actor,
        ),
      ),
    );

    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(10);
    expect(results.filter((r) => r.userErrors[0]?.code === 'ADJUSTMENT_OUT_OF_RANGE')).toHaveLength(30);
    expect(await totalOnHand('RACE-1')).toBe(MAX_STOCK_QUANTITY);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('lets concurrent adjustments and warehouse counts near the bound not pass it together', async () => {
    await adjust('RACE-3', 'madrid', BILLION);
    await adjust('RACE-3', 'berlin', BILLION);
    await adjust('RACE-3', 'madrid', MAX_STOCK_QUANTITY - 2 * BILLION - 1000);
    expect(await totalOnHand('RACE-3')).toBe(MAX_STOCK_QUANTITY - 1000);
    const count = (locationId: string, onHand: number): WarehouseCount => ({
      eventId: randomUUID(),
      sku: 'RACE-3',
      locationId,
      onHand,
      sequence: null,
      observedAt: Date.now(),
      publishedAt: Date.now(),
      source: 'test',
    });

    // 1,000 units of room; 10 adjustments of 100 and counts adding 600 at paris and at lisbon ask for 2,200.
    const [adjusted, counted] = await Promise.all([
      Promise.all(
        Array.from({ length: 10 }, () =>
          inventory.stock.adjust(
            { sku: 'RACE-3', locationId: 'madrid', delta: 100, reason: 'received' },
            randomUUID(),
            actor,
          ),
        ),
      ),
      Promise.all(
        ['paris', 'lisbon'].map((at) =>
          inventory.db.transaction((tx) => inventory.warehouse.applyCounts(tx, [count(at, 600)])),
        ),
      ),
    ]);

    const added =
      adjusted.filter((r) => r.userErrors.length === 0).length * 100 +
      counted.reduce((sum, o) => sum + o.applied.length * 600, 0);
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThanOrEqual(1000);
    expect(
      counted.flatMap((o) => o.rejected.map((r) => r.reason)).every((reason) => reason === 'QUANTITY_OUT_OF_RANGE'),
    ).toBe(true);
    expect(await totalOnHand('RACE-3')).toBe(MAX_STOCK_QUANTITY - 1000 + added);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('lets concurrent first adjustments of a new sku at different locations not pass the bound together', async () => {
    const results = await Promise.all(
      ['madrid', 'berlin', 'paris', 'lisbon'].map((locationId) =>
        inventory.stock.adjust({ sku: 'RACE-2', locationId, set: BILLION, reason: 'received' }, randomUUID(), actor),
      ),
    );

    expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(2);
    expect(await totalOnHand('RACE-2')).toBe(2 * BILLION);
  });
});
