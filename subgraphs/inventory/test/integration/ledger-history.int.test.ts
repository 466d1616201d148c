import { randomUUID } from 'node:crypto';
import { bearer, graphqlData, opsCaller, testDialects } from '@stockgraph/testing';
import type { Caller } from '@stockgraph/domain';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const storeAtMadrid: Caller = { subject: 'till', roles: ['store'], locations: ['madrid'] };
const SKUS = ['HIST-A', 'HIST-B', 'HIST-C'];
const LOCATIONS = ['madrid', 'berlin'];

interface ExportRow {
  id: number;
  at: string;
  sku: string;
  locationId: string;
  onHandDelta: number;
  reservedDelta: number;
  safetyStockDelta: number;
  version: number;
}

/** Stock as of any moment (issue 22): `stockLevelAt` against the ledger replayed, and the export's sums. */
describe.each(testDialects())('the ledger as history on %s', (dialect) => {
  let inventory: TestInventory;
  let exportUrl: URL;
  let startedAt: number;

  // A seeded pseudo-random sequence: the same history every run.
  let seed = 11;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n);
  };
  const now = () => inventory.now();

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_history');
    exportUrl = new URL('/ledger/export', inventory.url);
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
    ]);
    startedAt = now();
    // A history of 60 rounds: restocks, holds, sales, releases, some of them racing each other.
    const holds: string[] = [];
    for (let round = 0; round < 60; round += 1) {
      const sku = SKUS[random(SKUS.length)] ?? 'HIST-A';
      const locationId = LOCATIONS[random(LOCATIONS.length)] ?? 'madrid';
      const work: Array<Promise<unknown>> = [
        inventory.stock.adjust(
          { sku, locationId, ...(round < 6 ? { set: 50 } : { delta: 1 + random(5) }), reason: 'received' },
          randomUUID(),
          ops,
        ),
      ];
      if (round >= 6)
        for (let i = 0; i < 1 + random(3); i += 1)
          work.push(
            inventory.stock
              .reserve({ lines: [{ sku, locationId, quantity: 1 + random(3) }] }, randomUUID(), ops)
              .then((answer) => answer.reservation && holds.push(answer.reservation.id)),
          );
      const ending = holds.splice(0, random(3));
      for (const id of ending)
        work.push(random(2) === 0 ? inventory.stock.confirm(id, null, ops) : inventory.stock.release(id, null, ops));
      await Promise.all(work);
      inventory.advance(1 + random(40));
    }
  });

  afterAll(() => inventory.stop());

  const exported = async (query: Record<string, string>, caller: Caller = ops) => {
    const url = new URL(exportUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    return fetch(url, { headers: await bearer(caller) });
  };
  const ledger = async (): Promise<ExportRow[]> => {
    const answer = await exported({ format: 'ndjson' });
    expect(answer.status).toBe(200);
    return (await answer.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ExportRow);
  };
  const levelAt = async (sku: string, locationId: string, at: number) =>
    (
      await graphqlData<{
        stockLevelAt: { onHand: number; reserved: number; safetyStock: number; version: number } | null;
      }>(
        inventory.url,
        'query ($sku: ID!, $at: ID!, $when: DateTime!) { stockLevelAt(sku: $sku, locationId: $at, at: $when) { onHand reserved safetyStock version } }',
        { sku, at: locationId, when: new Date(at).toISOString() },
        await bearer(ops),
      )
    ).stockLevelAt;
  /** The level at `at`, recomputed by adding up every exported movement recorded by then. */
  const replayed = (rows: readonly ExportRow[], sku: string, locationId: string, at: number) => {
    const upTo = rows.filter((row) => row.sku === sku && row.locationId === locationId && Date.parse(row.at) <= at);
    if (upTo.length === 0) return null;
    return upTo.reduce(
      (level, row) => ({
        onHand: level.onHand + row.onHandDelta,
        reserved: level.reserved + row.reservedDelta,
        safetyStock: level.safetyStock + row.safetyStockDelta,
        version: Math.max(level.version, row.version),
      }),
      { onHand: 0, reserved: 0, safetyStock: 0, version: 0 },
    );
  };

  it('answers the live level for now, and the replayed ledger for 20 random past moments', async () => {
    const rows = await ledger();
    expect(rows.length).toBeGreaterThan(100);
    // Ids follow time within a level: the ledger never goes back for one level.
    for (const sku of SKUS)
      for (const locationId of LOCATIONS) {
        const times = rows.filter((r) => r.sku === sku && r.locationId === locationId).map((r) => Date.parse(r.at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }
    const live = await inventory.db.read((sql) =>
      sql.select<{
        sku: string;
        location_id: string;
        on_hand: number;
        reserved: number;
        safety_stock: number;
        version: number;
      }>('SELECT sku, location_id, on_hand, reserved, safety_stock, version FROM stock_levels'),
    );
    for (const level of live)
      expect(await levelAt(level.sku, level.location_id, now())).toEqual({
        onHand: Number(level.on_hand),
        reserved: Number(level.reserved),
        safetyStock: Number(level.safety_stock),
        version: Number(level.version),
      });
    const end = now();
    for (let i = 0; i < 20; i += 1) {
      const at = startedAt + random(end - startedAt + 1);
      for (const sku of SKUS)
        for (const locationId of LOCATIONS)
          expect({ sku, locationId, at, level: await levelAt(sku, locationId, at) }).toEqual({
            sku,
            locationId,
            at,
            level: replayed(rows, sku, locationId, at),
          });
    }
  });

  it("exports sums that equal every level, as CSV too, and one location's alone", async () => {
    const rows = await ledger();
    const levels = await inventory.queries.levelsBySkus(SKUS);
    for (const level of levels)
      expect(replayed(rows, level.sku, level.locationId, now())).toMatchObject({
        onHand: level.onHand,
        safetyStock: level.safetyStock,
      });
    const csv = (await (await exported({ format: 'csv' })).text()).trim().split('\n');
    expect(csv[0]).toBe(
      'id,at,sku,locationId,kind,onHandDelta,reservedDelta,safetyStockDelta,onHandAfter,reservedAfter,safetyStockAfter,version,reason,reference,actor,reservationId',
    );
    expect(csv.slice(1).map((line) => Number(line.split(',')[0]))).toEqual(rows.map((row) => row.id));
    const madrid = await (await exported({ format: 'ndjson', locationId: 'madrid' })).text();
    expect(
      madrid
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as ExportRow).id),
    ).toEqual(rows.filter((row) => row.locationId === 'madrid').map((row) => row.id));
  });

  it('refuses what it cannot answer, with a code, and answers store staff only at their own locations', async () => {
    expect((await exported({ format: 'csv' }, storeAtMadrid)).status).toBe(403);
    const bad = await exported({ format: 'xml' });
    expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([400, 'INVALID_FORMAT']);
    const backwards = await exported({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect([backwards.status, ((await backwards.json()) as { code: string }).code]).toEqual([400, 'INVALID_TIME']);
    expect((await fetch(exportUrl)).status).toBe(401);
    await expect(inventory.history.levelAt('HIST-A', 'berlin', now(), storeAtMadrid)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await inventory.history.levelAt('HIST-A', 'madrid', now(), storeAtMadrid)).not.toBeUndefined();
    await expect(inventory.history.levelAt('HIST-A', 'madrid', now() + 60_000, ops)).rejects.toMatchObject({
      code: 'INVALID_TIME',
    });
    expect(await inventory.history.levelAt('HIST-A', 'madrid', startedAt - 1, ops)).toBeNull();
  });
});
