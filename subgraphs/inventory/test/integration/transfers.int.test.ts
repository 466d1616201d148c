import { randomUUID } from 'node:crypto';
import { opsCaller, testDialects } from '@stockgraph/testing';
import type { Caller } from '@stockgraph/domain';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const storeAtBerlin: Caller = { subject: 'berlin-till', roles: ['store'], locations: ['berlin'] };

/** Transfers between locations (issue 22): every step idempotent, every move in the ledger, nothing oversold. */
describe.each(testDialects())('transfers on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_transfers');
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
    ]);
  });

  afterAll(() => inventory.stop());

  const set = (sku: string, onHand: number) =>
    inventory.stock.adjust({ sku, locationId: 'madrid', set: onHand, reason: 'received' }, randomUUID(), ops);
  const at = async (sku: string, locationId: string) =>
    (await inventory.queries.levelsBySkus([sku])).find((level) => level.locationId === locationId);
  const draft = async (lines: Array<{ sku: string; quantity: number }>) => {
    const { transfer } = await inventory.transfers.create(
      { sourceId: 'madrid', destinationId: 'berlin', lines },
      randomUUID(),
      ops,
    );
    if (!transfer) throw new Error('no transfer');
    return transfer;
  };

  it('ships a draft (units leave the source, arrive as incoming), receives part, writes the rest off, and ends RECEIVED', async () => {
    await set('TR-1', 30);
    const transfer = await draft([{ sku: 'TR-1', quantity: 10 }]);
    expect(await at('TR-1', 'madrid')).toMatchObject({ onHand: 30 });

    const key = randomUUID();
    const shipped = await inventory.transfers.ship(transfer.id, key, ops);
    expect(shipped.transfer?.status).toBe('SHIPPED');
    expect(await inventory.transfers.ship(transfer.id, key, ops)).toEqual(shipped);
    expect(await at('TR-1', 'madrid')).toMatchObject({ onHand: 20 });
    expect(await at('TR-1', 'berlin')).toMatchObject({ onHand: 0, incoming: 10 });
    // A shipped transfer is received, never cancelled.
    expect((await inventory.transfers.cancel(transfer.id, randomUUID(), ops)).userErrors[0]?.code).toBe(
      'TRANSFER_NOT_IN_STEP',
    );

    const part = await inventory.transfers.receive(
      transfer.id,
      { received: [{ sku: 'TR-1', quantity: 7 }], writtenOff: [] },
      randomUUID(),
      storeAtBerlin,
    );
    expect(part.transfer).toMatchObject({ status: 'SHIPPED', lines: [{ received: 7, writtenOff: 0 }] });
    expect(await at('TR-1', 'berlin')).toMatchObject({ onHand: 7, incoming: 3 });
    const over = await inventory.transfers.receive(
      transfer.id,
      { received: [{ sku: 'TR-1', quantity: 4 }], writtenOff: [] },
      randomUUID(),
      ops,
    );
    expect(over.userErrors.map((e) => e.code)).toEqual(['TRANSFER_EXCEEDED']);
    const rest = await inventory.transfers.receive(
      transfer.id,
      { received: [{ sku: 'TR-1', quantity: 1 }], writtenOff: [{ sku: 'TR-1', quantity: 2 }] },
      randomUUID(),
      ops,
    );
    expect(rest.transfer).toMatchObject({ status: 'RECEIVED', lines: [{ received: 8, writtenOff: 2 }] });
    expect(await at('TR-1', 'berlin')).toMatchObject({ onHand: 8, incoming: 0 });
    const ledger = (await inventory.queries.movements('TR-1', 20, null, ops)).rows.filter((r) => r.kind === 'TRANSFER');
    expect(ledger.map((r) => [r.locationId, r.reason, r.delta.onHand, r.delta.incoming])).toEqual([
      ['berlin', 'received', 1, -3],
      ['berlin', 'received', 7, -7],
      ['madrid', 'shipped', -10, 0],
      ['berlin', 'shipped', 0, 10],
    ]);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('refuses what it may not do, with a code, and moves nothing', async () => {
    await set('TR-2', 5);
    await expect(
      inventory.transfers.create(
        { sourceId: 'madrid', destinationId: 'madrid', lines: [{ sku: 'TR-2', quantity: 1 }] },
        randomUUID(),
        ops,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSFER' });
    await expect(
      inventory.transfers.create(
        { sourceId: 'madrid', destinationId: 'atlantis', lines: [{ sku: 'TR-2', quantity: 1 }] },
        randomUUID(),
        ops,
      ),
    ).rejects.toMatchObject({ code: 'UNKNOWN_LOCATION' });
    // Store staff at Berlin may not send Madrid's stock.
    await expect(
      inventory.transfers.create(
        { sourceId: 'madrid', destinationId: 'berlin', lines: [{ sku: 'TR-2', quantity: 1 }] },
        randomUUID(),
        storeAtBerlin,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const tooMany = await draft([{ sku: 'TR-2', quantity: 6 }]);
    expect((await inventory.transfers.ship(tooMany.id, randomUUID(), ops)).userErrors.map((e) => e.code)).toEqual([
      'INSUFFICIENT_STOCK',
    ]);
    expect(
      (
        await inventory.transfers.receive(
          tooMany.id,
          { received: [{ sku: 'TR-2', quantity: 1 }], writtenOff: [] },
          randomUUID(),
          ops,
        )
      ).userErrors[0]?.code,
    ).toBe('TRANSFER_NOT_IN_STEP');
    expect((await inventory.transfers.cancel(tooMany.id, randomUUID(), ops)).transfer?.status).toBe('CANCELLED');
    expect(await at('TR-2', 'madrid')).toMatchObject({ onHand: 5 });
    expect(await at('TR-2', 'berlin')).toBeUndefined();
  });

  it('shipping while carts reserve the same units: never ships a held unit, never oversells', async () => {
    await set('TR-RACE', 50);
    const transfers = await Promise.all(Array.from({ length: 5 }, () => draft([{ sku: 'TR-RACE', quantity: 8 }])));
    const holds = Array.from({ length: 30 }, () =>
      inventory.stock.reserve({ lines: [{ sku: 'TR-RACE', locationId: 'madrid', quantity: 1 }] }, randomUUID(), ops),
    );
    const ships = transfers.map((transfer) => inventory.transfers.ship(transfer.id, randomUUID(), ops));
    const [held, shipped] = await Promise.all([Promise.all(holds), Promise.all(ships)]);
    const granted = held.filter((answer) => answer.reservation !== null).length;
    const sent = shipped.filter((answer) => answer.userErrors.length === 0).length * 8;
    expect(granted + sent).toBeLessThanOrEqual(50);
    expect(await at('TR-RACE', 'madrid')).toMatchObject({ onHand: 50 - sent, reserved: granted });
    expect(await at('TR-RACE', 'berlin')).toMatchObject({ incoming: sent });
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('receiving the same units twice at once: one receipt takes them, the other is refused', async () => {
    await set('TR-TWICE', 20);
    const transfer = await draft([{ sku: 'TR-TWICE', quantity: 12 }]);
    await inventory.transfers.ship(transfer.id, randomUUID(), ops);
    const receipts = await Promise.all(
      Array.from({ length: 4 }, () =>
        inventory.transfers.receive(
          transfer.id,
          { received: [{ sku: 'TR-TWICE', quantity: 12 }], writtenOff: [] },
          randomUUID(),
          ops,
        ),
      ),
    );
    expect(receipts.filter((answer) => answer.userErrors.length === 0)).toHaveLength(1);
    expect(receipts.flatMap((answer) => answer.userErrors.map((e) => e.code)).sort()).toEqual(
      Array.from({ length: 3 }, () => 'TRANSFER_NOT_IN_STEP'),
    );
    expect(await at('TR-TWICE', 'berlin')).toMatchObject({ onHand: 12, incoming: 0 });
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });
});
