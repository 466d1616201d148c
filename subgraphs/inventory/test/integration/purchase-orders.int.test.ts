import { randomUUID } from 'node:crypto';
import { opsCaller, testDialects } from '@stockgraph/testing';
import type { Caller } from '@stockgraph/domain';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const storeAtBerlin: Caller = { subject: 'berlin-till', roles: ['store'], locations: ['berlin'] };

/** Incoming stock from suppliers (issue 22): expected, received in part, over and under, every move in the ledger. */
describe.each(testDialects())('purchase orders on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_purchase_orders');
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
    ]);
  });

  afterAll(() => inventory.stop());

  const at = async (sku: string) =>
    (await inventory.queries.levelsBySkus([sku])).find((level) => level.locationId === 'madrid');
  const order = async (lines: Array<{ sku: string; quantity: number }>) => {
    const { purchaseOrder } = await inventory.purchaseOrders.create(
      { locationId: 'madrid', supplierReference: 'PO-4711', expectedAt: Date.now() + 86_400_000, lines },
      randomUUID(),
      ops,
    );
    if (!purchaseOrder) throw new Error('no purchase order');
    return purchaseOrder;
  };
  const receive = (id: string, lines: Array<{ sku: string; quantity: number }>, overReason: string | null = null) =>
    inventory.purchaseOrders.receive(id, lines, overReason, randomUUID(), ops);

  it('expects units as incoming, receives them in part and over with a reason, and ends RECEIVED', async () => {
    const po = await order([
      { sku: 'PO-A', quantity: 10 },
      { sku: 'PO-B', quantity: 4 },
    ]);
    expect(await at('PO-A')).toMatchObject({ onHand: 0, incoming: 10 });
    expect((await receive(po.id, [{ sku: 'PO-A', quantity: 6 }])).purchaseOrder?.status).toBe('OPEN');
    expect(await at('PO-A')).toMatchObject({ onHand: 6, incoming: 4 });
    // More than still expected: refused without a reason, taken in with one.
    expect((await receive(po.id, [{ sku: 'PO-A', quantity: 5 }])).userErrors.map((e) => e.code)).toEqual([
      'OVER_RECEIPT',
    ]);
    await receive(po.id, [{ sku: 'PO-A', quantity: 5 }], 'supplier sent extra');
    expect(await at('PO-A')).toMatchObject({ onHand: 11, incoming: 0 });
    const done = await receive(po.id, [{ sku: 'PO-B', quantity: 4 }]);
    expect(done.purchaseOrder?.status).toBe('RECEIVED');
    expect((await receive(po.id, [{ sku: 'PO-B', quantity: 1 }], 'late')).userErrors[0]?.code).toBe(
      'PURCHASE_ORDER_ENDED',
    );
    const reasons = (await inventory.queries.movements('PO-A', 10, null, ops)).rows.map((row) => row.reason);
    expect(reasons).toEqual(['supplier sent extra', 'received', 'ordered']);
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('closes short: what has not arrived is no longer incoming, and why', async () => {
    const po = await order([{ sku: 'PO-C', quantity: 8 }]);
    await receive(po.id, [{ sku: 'PO-C', quantity: 3 }]);
    const closed = await inventory.purchaseOrders.close(po.id, 'supplier out of stock', randomUUID(), ops);
    expect(closed.purchaseOrder).toMatchObject({ status: 'CLOSED', closeReason: 'supplier out of stock' });
    expect(await at('PO-C')).toMatchObject({ onHand: 3, incoming: 0 });
    await expect(inventory.purchaseOrders.close(po.id, '  ', randomUUID(), ops)).rejects.toMatchObject({
      code: 'INVALID_REASON',
    });
    await expect(
      inventory.purchaseOrders.create(
        {
          locationId: 'madrid',
          supplierReference: 'PO-1',
          expectedAt: Date.now(),
          lines: [{ sku: 'PO-C', quantity: 1 }],
        },
        randomUUID(),
        storeAtBerlin,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });

  it('receiving the same delivery twice at once takes it in once; holds race the arrival and oversell nothing', async () => {
    const po = await order([{ sku: 'PO-RACE', quantity: 20 }]);
    const receipts = Array.from({ length: 3 }, () => receive(po.id, [{ sku: 'PO-RACE', quantity: 20 }]));
    const holds = Array.from({ length: 30 }, () =>
      inventory.stock.reserve({ lines: [{ sku: 'PO-RACE', locationId: 'madrid', quantity: 1 }] }, randomUUID(), ops),
    );
    const [received, held] = await Promise.all([Promise.all(receipts), Promise.all(holds)]);
    expect(received.filter((answer) => answer.userErrors.length === 0)).toHaveLength(1);
    const granted = held.filter((answer) => answer.reservation !== null).length;
    expect(granted).toBeLessThanOrEqual(20);
    expect(await at('PO-RACE')).toMatchObject({ onHand: 20, incoming: 0, reserved: granted });
    expect(await inventory.queries.ledgerMismatches()).toEqual([]);
  });
});
