import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { GraphQLClient } from '@stockgraph/runtime';
import { graphqlData, opsCaller, serviceAuthorization, testDialects } from '@stockgraph/testing';
import { OrderRecovery } from '../../src/app/order-recovery';
import { createOrderServices } from '../../src/app/order-services';
import type { OrderPlacementService } from '../../src/app/order-placement.service';
import type { Order, ReservedOrder } from '../../src/domain/order';
import { CatalogClient } from '../../src/infra/clients/catalog.client';
import { InventoryClient } from '../../src/infra/clients/inventory.client';
import { OrderRepository } from '../../src/infra/order.repository';
import { type OrderStack, startOrderStack } from '../support/start-test-stack';

class Interrupted extends Error {}

/**
 * Recovery on its own: the order service here hears none of inventory's events (its bus
 * is its own), so only recovery can bring orders in line with inventory. Interruptions
 * are made by an order service whose process "dies" right after inventory held the stock.
 */
describe.each(testDialects())('order recovery on %s', (dialect) => {
  let stack: OrderStack;
  let inventory: InventoryClient;
  let interrupted: OrderPlacementService;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    stack = await startOrderStack(dialect, 'recovery', { deafOrderService: true });
    inventory = new InventoryClient(
      new GraphQLClient('inventory', stack.inventory.url, 3000, { authorization: serviceAuthorization('order') }),
    );
    interrupted = createOrderServices({
      db: stack.order.db,
      outbox: stack.order.outbox,
      orders: new OrderRepository(),
      inventory,
      catalog: new CatalogClient(
        new GraphQLClient('catalog', stack.catalog.url, 3000, { authorization: serviceAuthorization('order') }),
      ),
      afterReserve: () => {
        throw new Interrupted('process died after inventory held the stock');
      },
    }).placement;
  });

  afterAll(() => stack.stop());

  const recoveryAt = (clock: () => number, stallMs = 0) =>
    new OrderRecovery(stack.order.orders, inventory, log, { intervalMs: 0, stallMs, clock });
  const reservedOf = async (sku: string) =>
    (await stack.inventory.queries.levelsBySkus([sku])).reduce((sum, level) => sum + level.reserved, 0);
  const orderOf = (id: string) => stack.order.orders.queries.ordersByIds([id]).then(([order]) => order);
  /** The order, which must be RESERVED: what its hold is can only be asked of a held order. */
  const held = (order: Order | undefined): ReservedOrder => {
    if (order?.status !== 'RESERVED') throw new Error(`expected a RESERVED order, got ${order?.status ?? 'none'}`);
    return order;
  };
  const place = (customerId: string, sku: string, quantity: number, key = randomUUID()) =>
    stack.order.orders.placement.place({ customerId, lines: [{ sku, quantity }] }, key, opsCaller());
  const interruptedPlacement = async (sku: string, quantity: number, key = randomUUID()) => {
    await expect(
      interrupted.place({ customerId: 'c-crash', lines: [{ sku, quantity }] }, key, opsCaller()),
    ).rejects.toBeInstanceOf(Interrupted);
    const [row] = await stack.order.db.read((sql) =>
      sql.select<{ id: string }>('SELECT id FROM orders WHERE idempotency_key = ?', [key]),
    );
    if (!row) throw new Error(`no order was saved for key ${key}`);
    return { id: row.id, key };
  };

  it('carries on orders interrupted after the hold, each with the hold inventory already made, never a second one', async () => {
    const before = await reservedOf('SG-0020');
    const placements = await Promise.all([1, 2, 3].map((quantity) => interruptedPlacement('SG-0020', quantity)));
    for (const { id } of placements) expect((await orderOf(id))?.status).toBe('PENDING');
    expect((await reservedOf('SG-0020')) - before).toBe(6);

    // Not yet stalled: recovery leaves orders that may still be in flight alone.
    expect(await recoveryAt(Date.now, 60_000).recover()).toMatchObject({ resumed: 0 });
    const report = await recoveryAt(Date.now).recover();
    expect(report).toMatchObject({ resumed: 3, failed: 0 });
    for (const { id } of placements) {
      const order = await orderOf(id);
      expect(order?.status).toBe('RESERVED');
      expect((await inventory.reservation(held(order).reservationId))?.status).toBe('ACTIVE');
    }
    expect((await reservedOf('SG-0020')) - before).toBe(6);
    // A second pass, or a second instance doing the same, changes nothing.
    expect(await recoveryAt(Date.now).recover()).toMatchObject({ resumed: 0, settled: 0 });
    // The shopper's retry answers with the recovered order.
    const [first] = placements;
    if (!first) throw new Error('three placements were made');
    const retried = await place('c-crash', 'SG-0020', 1, first.key);
    expect(retried.order).toMatchObject({ id: first.id, status: 'RESERVED' });
  });

  it('racing recoveries and retries on the same interrupted orders hold their stock exactly once', async () => {
    await stack.inventory.stock.adjust(
      { sku: 'SG-0021', locationId: 'madrid-dc', set: 100, reason: 'correction' },
      randomUUID(),
      opsCaller(),
    );
    const before = await reservedOf('SG-0021');
    const placements = await Promise.all(Array.from({ length: 5 }, () => interruptedPlacement('SG-0021', 2)));
    await Promise.all([
      ...Array.from({ length: 4 }, () => recoveryAt(Date.now).recover()),
      ...placements.map(({ key }) => place('c-crash', 'SG-0021', 2, key)),
    ]);
    const orders = await stack.order.orders.queries.ordersByIds(placements.map((p) => p.id));
    expect(orders.map((o) => o.status)).toEqual(Array(5).fill('RESERVED'));
    expect(new Set(orders.map((o) => held(o).reservationId)).size).toBe(5);
    expect((await reservedOf('SG-0021')) - before).toBe(10);
    const history = await stack.order.orders.queries.historyOf(placements.map((p) => p.id));
    expect(history.filter((e) => e.to === 'RESERVED')).toHaveLength(5);
  });

  it('settles RESERVED orders whose hold lapsed by what inventory did with it, when the events never came', async () => {
    const expiring = held((await place('c-lapse', 'SG-0022', 1)).order);
    const confirmedInInventory = held((await place('c-lapse', 'SG-0022', 1)).order);
    const released = held((await place('c-lapse', 'SG-0022', 1)).order);
    // Inventory confirmed one (for the order service, whose confirm crashed before it was
    // recorded: only a service may sell a customer's hold) and released another; the order
    // service heard nothing.
    await graphqlData(
      stack.inventory.url,
      'mutation ($id: ID!) { confirmReservation(id: $id) { reservation { status } } }',
      {
        id: confirmedInInventory.reservationId,
      },
      { authorization: await serviceAuthorization('order')() },
    );
    await graphqlData(
      stack.inventory.url,
      'mutation ($id: ID!) { releaseReservation(id: $id) { reservation { status } } }',
      {
        id: released.reservationId,
      },
    );
    // After all three holds lapsed: placed one after another, on a loaded machine they end seconds apart.
    const afterHolds =
      Math.max(expiring.holdExpiresAt, confirmedInInventory.holdExpiresAt, released.holdExpiresAt) + 1000;
    // The holds lapsed but inventory has not swept them yet: recovery waits for inventory's word.
    // (Orders of the tests above lapse too, and wait likewise.)
    const first = await recoveryAt(() => afterHolds).recover();
    expect(first).toMatchObject({ settled: 2, failed: 0 });
    expect(first.waiting).toBeGreaterThanOrEqual(1);
    expect((await orderOf(confirmedInInventory.id))?.status).toBe('CONFIRMED');
    expect((await orderOf(released.id))?.status).toBe('CANCELLED');
    expect((await orderOf(expiring.id))?.status).toBe('RESERVED');
    stack.advanceInventoryClock(afterHolds - Date.now() + 1000);
    await stack.inventory.sweeper.sweep();
    expect(await recoveryAt(() => afterHolds).recover()).toMatchObject({ waiting: 0, failed: 0 });
    expect(await orderOf(expiring.id)).toMatchObject({ status: 'EXPIRED', failure: { code: 'RESERVATION_EXPIRED' } });
    expect(await reservedOf('SG-0022')).toBe(0);
  });
});
