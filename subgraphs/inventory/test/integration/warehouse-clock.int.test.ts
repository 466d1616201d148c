import { randomUUID } from 'node:crypto';
import { graphqlRequest, testDialects, waitFor, opsCaller } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';
import { warehouseEvent } from '../support/warehouse-event';

const actor = opsCaller('test');
const MINUTE = 60_000;
const FAR_FUTURE = '9999-12-31T23:59:59Z';

/**
 * A count dated in the future would become the watermark and make every real count after
 * it look stale. It is refused, on the bus (dead-lettered) and by submitWarehouseCounts
 * (with its code), and a watermark poisoned before this rule can be cleared by operations.
 */
describe.each(testDialects())('warehouse counts and the clock on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_clock');
    await addLocations(inventory, [{ id: 'madrid', priority: 1 }]);
  });

  afterAll(() => inventory.stop());

  const stock = async (sku: string, onHand: number) =>
    inventory.stock.adjust({ sku, locationId: 'madrid', set: onHand, reason: 'received' }, randomUUID(), actor);
  const onHand = async (sku: string) => (await inventory.queries.levelsBySkus([sku]))[0]?.onHand;
  const submit = (sku: string, count: number, observedAt?: string) =>
    graphqlRequest(
      inventory.url,
      `mutation ($counts: [WarehouseCountInput!]!) { submitWarehouseCounts(counts: $counts, source: "test-wms") }`,
      {
        counts: [{ sku, locationId: 'madrid', onHand: count, ...(observedAt ? { observedAt } : {}) }],
      },
    );
  const clear = (sku: string) =>
    graphqlRequest(
      inventory.url,
      `mutation ($sku: ID!) { clearWarehouseWatermark(sku: $sku, locationId: "madrid") { sku locationId sequence observedAt eventId } }`,
      { sku },
    );

  it('refuses submitWarehouseCounts dated in the future with its code, and a later real count applies', async () => {
    await stock('CLOCK-1', 5);

    const future = await submit('CLOCK-1', 99, FAR_FUTURE);

    expect(future.data).toBeNull();
    expect(future.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'OBSERVED_IN_FUTURE', field: 'counts.0.observedAt' }),
      }),
    ]);
    expect((await submit('CLOCK-1', 7)).data).toEqual({ submitWarehouseCounts: 1 });
    await waitFor(async () => (await onHand('CLOCK-1')) === 7, { what: 'the real count to apply' });
  });

  it('accepts a count a little ahead, within the clock-skew allowance', async () => {
    await stock('CLOCK-2', 5);

    expect((await submit('CLOCK-2', 6, new Date(Date.now() + MINUTE).toISOString())).data).toEqual({
      submitWarehouseCounts: 1,
    });

    await waitFor(async () => (await onHand('CLOCK-2')) === 6, { what: 'the count to apply' });
    // A count taken now, after it, is not hidden behind the one dated a minute ahead.
    expect((await submit('CLOCK-2', 4)).data).toEqual({ submitWarehouseCounts: 1 });
    await waitFor(async () => (await onHand('CLOCK-2')) === 4, { what: 'the later real count to apply' });
  });

  it('refuses, with the code ingestion would dead-letter, a count with a bad sequence or at an unknown location', async () => {
    await stock('CLOCK-6', 5);
    const send = (count: Record<string, unknown>) =>
      graphqlRequest(
        inventory.url,
        `mutation ($counts: [WarehouseCountInput!]!) { submitWarehouseCounts(counts: $counts, source: "test-wms") }`,
        { counts: [{ sku: 'CLOCK-6', locationId: 'madrid', onHand: 9 }, count] },
      );
    const refusal = async (count: Record<string, unknown>) => {
      const answer = await send(count);
      return { data: answer.data, extensions: answer.errors?.[0]?.extensions };
    };
    expect(await refusal({ sku: 'CLOCK-6', locationId: 'madrid', onHand: 9, sequence: -5 })).toEqual({
      data: null,
      extensions: expect.objectContaining({ code: 'INVALID_COUNT', field: 'counts.1.sequence' }),
    });
    expect(await refusal({ sku: 'CLOCK-6', locationId: 'nowhere', onHand: 9 })).toEqual({
      data: null,
      extensions: expect.objectContaining({ code: 'UNKNOWN_LOCATION', field: 'counts.1.locationId' }),
    });
    // Refused whole: the good count of 9 beside them was not sent either. Counts of one sku
    // are applied in order, so once a later count of 6 is in, a sent 9 would be in the ledger.
    expect((await submit('CLOCK-6', 6)).data).toEqual({ submitWarehouseCounts: 1 });
    await waitFor(async () => (await onHand('CLOCK-6')) === 6, { what: 'the good count to apply' });
    const ledger = await inventory.queries.movements('CLOCK-6', 50, null, actor);
    expect(ledger.rows.map((row) => row.after.onHand)).not.toContain(9);
  });

  it('dead-letters a future-dated count from the bus, then applies the next real count', async () => {
    await stock('CLOCK-3', 5);

    await inventory.bus.publish([
      warehouseEvent({ sku: 'CLOCK-3', locationId: 'madrid', onHand: 99, observedAt: FAR_FUTURE }),
    ]);

    const letter = await waitFor(() => inventory.deadLetters.find((l) => l.key === 'CLOCK-3'), {
      what: 'the dead letter',
    });
    expect(letter.headers['dlq-reason']).toBe('OBSERVED_IN_FUTURE');
    expect(letter.headers['dlq-detail']).toContain('9999-12-31T23:59:59.000Z');
    await inventory.bus.publish([
      warehouseEvent({ sku: 'CLOCK-3', locationId: 'madrid', onHand: 8, observedAt: new Date() }),
    ]);
    await waitFor(async () => (await onHand('CLOCK-3')) === 8, { what: 'the real count to apply' });
  });

  it('does not apply a refused future count when it is delivered again once its time has come', async () => {
    await stock('CLOCK-4', 5);
    const id = randomUUID();
    const message = warehouseEvent({
      id,
      sku: 'CLOCK-4',
      locationId: 'madrid',
      onHand: 99,
      observedAt: new Date(Date.now() + 30 * MINUTE),
    });
    await inventory.bus.publish([message]);
    await waitFor(() => inventory.deadLetters.find((l) => l.key === 'CLOCK-4'), { what: 'the dead letter' });

    inventory.advance(60 * MINUTE);
    await inventory.bus.publish([
      message,
      warehouseEvent({
        sku: 'CLOCK-4',
        locationId: 'madrid',
        onHand: 6,
        observedAt: new Date(Date.now() + 60 * MINUTE),
      }),
    ]);

    await waitFor(async () => (await onHand('CLOCK-4')) === 6, { what: 'the later count to apply' });
    expect(inventory.deadLetters.filter((l) => l.key === 'CLOCK-4')).toHaveLength(1);
  });

  it('lets operations clear a poisoned watermark so the next real count applies', async () => {
    await stock('CLOCK-5', 5);
    // A watermark left by a far-future count applied before counts were checked against the clock.
    const poison = randomUUID();
    await inventory.db.transaction((tx) =>
      tx.execute(
        'INSERT INTO warehouse_watermarks (sku, location_id, sequence, observed_at, event_id, applied_at) VALUES (?, ?, ?, ?, ?, ?)',
        ['CLOCK-5', 'madrid', null, Date.parse(FAR_FUTURE), poison, Date.now()],
      ),
    );
    const real = randomUUID();
    await inventory.bus.publish([
      warehouseEvent({ id: real, sku: 'CLOCK-5', locationId: 'madrid', onHand: 7, observedAt: new Date() }),
    ]);
    await waitFor(
      async () =>
        (await inventory.db.read((sql) => sql.select('SELECT event_id FROM inbox_events WHERE event_id = ?', [real])))
          .length > 0,
      { what: 'ingestion to take the real count' },
    );
    // The real count was skipped as stale: the level is frozen at 5.
    expect(await onHand('CLOCK-5')).toBe(5);

    const cleared = await clear('CLOCK-5');

    expect(cleared.errors).toBeUndefined();
    expect(cleared.data?.clearWarehouseWatermark).toEqual({
      sku: 'CLOCK-5',
      locationId: 'madrid',
      sequence: null,
      observedAt: '9999-12-31T23:59:59.000Z',
      eventId: poison,
    });
    expect((await clear('CLOCK-5')).data).toEqual({ clearWarehouseWatermark: null });
    expect((await submit('CLOCK-5', 9)).data).toEqual({ submitWarehouseCounts: 1 });
    await waitFor(async () => (await onHand('CLOCK-5')) === 9, { what: 'the count after clearing to apply' });
  });
});
