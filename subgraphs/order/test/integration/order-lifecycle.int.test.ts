import { randomUUID } from 'node:crypto';
import { bearer, graphqlData, graphqlRequest, testDialects, waitFor, opsCaller } from '@stockgraph/testing';
import { type OrderStack, startOrderStack } from '../support/start-test-stack';

const ORDER_FIELDS = `order { id status total { amount currency } reservation { id } failure { code } lines { product { sku } quantity unitPrice { amount } } history { from to cause } }
  userErrors { code message field }`;

interface OrderPayload {
  order: {
    id: string;
    status: string;
    total: { amount: number; currency: string };
    reservation: { id: string } | null;
    failure: { code: string } | null;
    lines: Array<{ product: { sku: string }; quantity: number; unitPrice: { amount: number } }>;
    history: Array<{ from: string | null; to: string; cause: string }>;
  };
  userErrors: Array<{ code: string; message: string; field: string | null }>;
}

describe.each(testDialects())('order lifecycle on %s', (dialect) => {
  let stack: OrderStack;

  beforeAll(async () => {
    stack = await startOrderStack(dialect, 'orders');
  });

  afterAll(() => stack.stop());

  const place = async (lines: Array<{ sku: string; quantity: number }>, key = randomUUID(), customerId = 'c-1') =>
    (
      await graphqlData<{ placeOrder: OrderPayload }>(
        stack.order.url,
        `mutation ($input: PlaceOrderInput!, $key: String!) { placeOrder(input: $input, idempotencyKey: $key) { ${ORDER_FIELDS} } }`,
        { input: { customerId, lines }, key },
      )
    ).placeOrder;
  const confirm = async (id: string) =>
    (
      await graphqlData<{ confirmOrder: OrderPayload }>(
        stack.order.url,
        `mutation ($id: ID!) { confirmOrder(id: $id, paymentReference: "pay-1") { ${ORDER_FIELDS} } }`,
        { id },
      )
    ).confirmOrder;
  const cancel = async (id: string) =>
    (
      await graphqlData<{ cancelOrder: OrderPayload }>(
        stack.order.url,
        `mutation ($id: ID!) { cancelOrder(id: $id, reason: "changed my mind") { ${ORDER_FIELDS} } }`,
        { id },
      )
    ).cancelOrder;
  const stockOf = async (sku: string) => {
    const levels = await stack.inventory.queries.levelsBySkus([sku]);
    return levels.reduce((s, l) => ({ onHand: s.onHand + l.onHand, reserved: s.reserved + l.reserved }), {
      onHand: 0,
      reserved: 0,
    });
  };
  const setStock = (sku: string, onHand: number) =>
    stack.inventory.stock.adjust(
      { sku, locationId: 'madrid-dc', set: onHand, reason: 'correction' },
      randomUUID(),
      opsCaller(),
    );

  it('places an order priced by catalog with its stock held, then confirms it and the units are sold', async () => {
    const before = await stockOf('SG-0002');
    const placed = await place([{ sku: 'SG-0002', quantity: 2 }]);
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({
      status: 'RESERVED',
      lines: [{ product: { sku: 'SG-0002' }, quantity: 2, unitPrice: { amount: 13557 } }],
    });
    expect(placed.order.total).toEqual({ amount: 27114, currency: 'EUR' });
    expect(await stockOf('SG-0002')).toEqual({ onHand: before.onHand, reserved: before.reserved + 2 });
    const confirmed = await confirm(placed.order.id);
    expect(confirmed.order.status).toBe('CONFIRMED');
    expect(confirmed.order.history.map((h) => h.to)).toEqual(['PENDING', 'RESERVED', 'CONFIRMED']);
    expect(await stockOf('SG-0002')).toEqual({ onHand: before.onHand - 2, reserved: before.reserved });
    expect((await confirm(placed.order.id)).order.status).toBe('CONFIRMED');
  });

  it("holds an order's stock for its customer: that customer may read the hold from inventory, another may not", async () => {
    const placed = await place([{ sku: 'SG-0002', quantity: 1 }], randomUUID(), 'c-7');
    const holdId = placed.order.reservation?.id ?? '';
    const HOLD = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Reservation { id reference } } }';
    const asCustomer = async (subject: string) =>
      graphqlRequest<{ _entities: Array<{ id: string; reference: string } | null> }>(
        stack.inventory.url,
        HOLD,
        { r: [{ __typename: 'Reservation', id: holdId }] },
        await bearer({ subject, roles: ['customer'], locations: [] }),
      );

    const own = await asCustomer('c-7');
    const other = await asCustomer('c-8');

    expect({ errors: own.errors, entities: own.data?._entities }).toEqual({
      errors: undefined,
      entities: [{ id: holdId, reference: placed.order.id }],
    });
    expect({ codes: other.errors?.map((e) => e.extensions?.code), entities: other.data?._entities }).toEqual({
      codes: ['FORBIDDEN'],
      entities: [null],
    });
  });

  it('cancelling releases the stock; cancelling again changes nothing; a cancelled order cannot be confirmed', async () => {
    const before = await stockOf('SG-0003');
    const placed = await place([{ sku: 'SG-0003', quantity: 3 }]);
    const cancelled = await cancel(placed.order.id);
    expect(cancelled).toMatchObject({ order: { status: 'CANCELLED' }, userErrors: [] });
    expect(await stockOf('SG-0003')).toEqual(before);
    expect((await cancel(placed.order.id)).userErrors).toEqual([]);
    expect((await confirm(placed.order.id)).userErrors[0]?.code).toBe('ORDER_NOT_CONFIRMABLE');
  });

  it('a confirmed order cannot be cancelled', async () => {
    const placed = await place([{ sku: 'SG-0004', quantity: 1 }]);
    await confirm(placed.order.id);
    const result = await cancel(placed.order.id);
    expect(result.userErrors[0]?.code).toBe('ORDER_ALREADY_CONFIRMED');
    expect(result.order.status).toBe('CONFIRMED');
  });

  it('fails an order without enough stock, holding nothing', async () => {
    const placed = await place([
      { sku: 'SG-0005', quantity: 1 },
      { sku: 'SG-0007', quantity: 1 },
    ]);
    expect(placed.order.status).toBe('FAILED');
    expect(placed.userErrors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: 'input.lines.1.quantity' }),
    ]);
    expect((await stockOf('SG-0005')).reserved).toBe(0);
    // A shopper's list leaves out what was never placed.
    const listed = async (exclude: string) =>
      (
        await graphqlData<{ orders: { edges: Array<{ node: { id: string } }> } }>(
          stack.order.url,
          `query { orders(first: 100, customerId: "c-1"${exclude}) { edges { node { id } } } }`,
        )
      ).orders.edges.map((edge) => edge.node.id);
    expect(await listed('')).toContain(placed.order.id);
    expect(await listed(', excludeStatuses: [FAILED, FAILED]')).not.toContain(placed.order.id);
  });

  it('replays the first answer for a retried key and refuses the key for another request', async () => {
    const key = randomUUID();
    const first = await place([{ sku: 'SG-0006', quantity: 1 }], key);
    const again = await place([{ sku: 'SG-0006', quantity: 1 }], key);
    expect(again.order.id).toBe(first.order.id);
    expect(again.order.status).toBe(first.order.status);
    expect((await stockOf('SG-0006')).reserved).toBe(1);
    const reused = await graphqlRequest(
      stack.order.url,
      `mutation ($key: String!) { placeOrder(input: { customerId: "c-1", lines: [{ sku: "SG-0006", quantity: 2 }] }, idempotencyKey: $key) { order { id } } }`,
      { key },
    );
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('twenty concurrent calls with one key place one order and hold stock once', async () => {
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => place([{ sku: 'SG-0008', quantity: 2 }], key)));
    expect(new Set(results.map((r) => r.order.id)).size).toBe(1);
    expect(results.every((r) => r.order.status === 'RESERVED')).toBe(true);
    expect((await stockOf('SG-0008')).reserved).toBe(2);
  });

  it('a confirm racing a cancel: exactly one wins and inventory agrees', async () => {
    await setStock('SG-0009', 100);
    const before = await stockOf('SG-0009');
    const orders = await Promise.all(Array.from({ length: 10 }, () => place([{ sku: 'SG-0009', quantity: 1 }])));
    const outcomes = await Promise.all(orders.map(({ order }) => Promise.all([confirm(order.id), cancel(order.id)])));
    let sold = 0;
    for (const [confirmed, cancelled] of outcomes) {
      const status = confirmed.userErrors.length === 0 ? confirmed.order.status : cancelled.order.status;
      expect(['CONFIRMED', 'CANCELLED']).toContain(status);
      if (confirmed.userErrors.length === 0) {
        sold += 1;
        expect(cancelled.userErrors[0]?.code).toBe('ORDER_ALREADY_CONFIRMED');
      } else {
        expect(cancelled.userErrors).toEqual([]);
      }
    }
    const stock = await stockOf('SG-0009');
    expect(stock.reserved).toBe(0);
    expect(stock.onHand).toBe(before.onHand - sold);
  });

  it('a confirm after the hold expired ends the order EXPIRED and returns the stock', async () => {
    const before = await stockOf('SG-0010');
    const placed = await place([{ sku: 'SG-0010', quantity: 2 }]);
    stack.advanceInventoryClock(16 * 60 * 1000);
    const result = await confirm(placed.order.id);
    expect(result.userErrors[0]?.code).toBe('RESERVATION_EXPIRED');
    expect(result.order.status).toBe('EXPIRED');
    expect(await stockOf('SG-0010')).toEqual(before);
  });

  const beginPayment = async (id: string) =>
    (
      await graphqlData<{ beginPayment: OrderPayload & { order: { holdExpiresAt: string } } }>(
        stack.order.url,
        `mutation ($id: ID!) { beginPayment(id: $id, paymentReference: "pay-1") { ${ORDER_FIELDS} order { holdExpiresAt } } }`,
        { id },
      )
    ).beginPayment;

  it('a payment in flight keeps the hold past its first expiry: the sweeper passes it by and the order is paid', async () => {
    const before = await stockOf('SG-0011');
    const placed = await place([{ sku: 'SG-0011', quantity: 2 }]);
    // 14 of the hold's 15 minutes gone when the shopper goes to pay: it now lasts 10 minutes from here.
    stack.advanceInventoryClock(14 * 60 * 1000);
    const paying = await beginPayment(placed.order.id);
    expect(paying.userErrors).toEqual([]);
    expect(paying.order.status).toBe('RESERVED');
    const [hold] = await stack.inventory.queries.reservationsByIds([placed.order.reservation?.id ?? '']);
    expect(Date.parse(paying.order.holdExpiresAt)).toBe(hold?.expiresAt);
    expect(hold?.expiresAt).toBeGreaterThanOrEqual(Date.now() + 14 * 60 * 1000 + 590 * 1000);
    // Past the first expiry, inside the payment's window: the sweeper leaves it, the payment lands.
    stack.advanceInventoryClock(5 * 60 * 1000);
    await stack.inventory.sweeper.sweep();
    expect((await confirm(placed.order.id)).order.status).toBe('CONFIRMED');
    expect(await stockOf('SG-0011')).toEqual({ onHand: before.onHand - 2, reserved: before.reserved });
  });

  it('a payment begun after the hold expired ends the order EXPIRED and returns the stock', async () => {
    const before = await stockOf('SG-0012');
    const placed = await place([{ sku: 'SG-0012', quantity: 1 }]);
    stack.advanceInventoryClock(16 * 60 * 1000);
    const result = await beginPayment(placed.order.id);
    expect(result.userErrors[0]?.code).toBe('RESERVATION_EXPIRED');
    expect(result.order.status).toBe('EXPIRED');
    expect(await stockOf('SG-0012')).toEqual(before);
    expect((await beginPayment(placed.order.id)).userErrors[0]?.code).toBe('RESERVATION_EXPIRED');
  });

  const statusOf = async (id: string) =>
    (
      await graphqlData<{
        order: { status: string; failure: { code: string } | null; history: Array<{ to: string; cause: string }> };
      }>(stack.order.url, 'query ($id: ID!) { order(id: $id) { status failure { code } history { to cause } } }', {
        id,
      })
    ).order;

  it('a hold that expires in inventory ends its order EXPIRED through the reservation events, untouched by anyone', async () => {
    const before = await stockOf('SG-0012');
    const placed = await place([{ sku: 'SG-0012', quantity: 1 }]);
    stack.advanceInventoryClock(16 * 60 * 1000);
    await stack.inventory.sweeper.sweep();
    const order = await waitFor(
      async () => {
        const now = await statusOf(placed.order.id);
        return now.status === 'EXPIRED' && now;
      },
      { what: 'the expiry event to reach the order' },
    );
    expect(order.failure?.code).toBe('RESERVATION_EXPIRED');
    expect(order.history.map((h) => h.to)).toEqual(['PENDING', 'RESERVED', 'EXPIRED']);
    expect(await stockOf('SG-0012')).toEqual(before);
    const late = await confirm(placed.order.id);
    expect(late).toMatchObject({ order: { status: 'EXPIRED' }, userErrors: [{ code: 'RESERVATION_EXPIRED' }] });
  });

  it('a hold released in inventory by operations cancels its order', async () => {
    const placed = await place([{ sku: 'SG-0013', quantity: 1 }]);
    await graphqlData(
      stack.inventory.url,
      'mutation ($id: ID!) { releaseReservation(id: $id, reason: "ops") { reservation { status } } }',
      {
        id: placed.order.reservation?.id,
      },
    );
    const order = await waitFor(
      async () => {
        const now = await statusOf(placed.order.id);
        return now.status === 'CANCELLED' && now;
      },
      { what: 'the release event to reach the order' },
    );
    expect(order.history.at(-1)?.cause).toBe('the hold was released in inventory');
    expect((await confirm(placed.order.id)).userErrors[0]?.code).toBe('ORDER_NOT_CONFIRMABLE');
  });

  it('expiry events racing confirms: every order ends CONFIRMED or EXPIRED, and inventory agrees unit for unit', async () => {
    await setStock('SG-0014', 100);
    const before = await stockOf('SG-0014');
    const orders = await Promise.all(Array.from({ length: 12 }, () => place([{ sku: 'SG-0014', quantity: 1 }])));
    const confirming = orders.map(({ order }) => confirm(order.id));
    // Holds lapse while the confirms are in flight: some win, the rest meet an expired hold.
    await Promise.race(confirming);
    stack.advanceInventoryClock(16 * 60 * 1000);
    const [confirms] = await Promise.all([Promise.all(confirming), stack.inventory.sweeper.sweep()]);
    expect(confirms.filter((c) => c.userErrors.length === 0).length).toBeGreaterThan(0);
    const final = await waitFor(
      async () => {
        const statuses = await Promise.all(orders.map(({ order }) => statusOf(order.id)));
        return statuses.every((o) => o.status === 'EXPIRED' || o.status === 'CONFIRMED') && statuses;
      },
      { what: 'every order to settle' },
    );
    const sold = final.filter((o) => o.status === 'CONFIRMED').length;
    expect(confirms.filter((c) => c.userErrors.length === 0).length).toBe(sold);
    expect(await stockOf('SG-0014')).toEqual({ onHand: before.onHand - sold, reserved: before.reserved });
  });

  it.each([
    ['an empty cart', { customerId: 'c', lines: [] }, 'EMPTY_ORDER'],
    ['an unknown sku', { customerId: 'c', lines: [{ sku: 'NOPE-1', quantity: 1 }] }, 'UNKNOWN_SKU'],
    ['a zero quantity', { customerId: 'c', lines: [{ sku: 'SG-0001', quantity: 0 }] }, 'INVALID_QUANTITY'],
    [
      'duplicate lines',
      {
        customerId: 'c',
        lines: [
          { sku: 'SG-0001', quantity: 1 },
          { sku: 'SG-0001', quantity: 1 },
        ],
      },
      'DUPLICATE_LINE',
    ],
    ['no customer', { customerId: ' ', lines: [{ sku: 'SG-0001', quantity: 1 }] }, 'INVALID_CUSTOMER'],
  ])('refuses %s with a specific code and creates nothing', async (_name, input, code) => {
    const count = async () =>
      Number((await stack.order.db.read((sql) => sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM orders')))[0]?.n);
    const before = await count();
    const result = await graphqlRequest(
      stack.order.url,
      `mutation ($input: PlaceOrderInput!) { placeOrder(input: $input, idempotencyKey: "${randomUUID()}") { order { id } } }`,
      { input },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(await count()).toBe(before);
  });

  it("resolves Order entities in one query and lists a customer's orders newest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1)
      ids.push((await place([{ sku: 'SG-0011', quantity: 1 }], randomUUID(), 'lister')).order.id);
    await stack.order.outbox.idle();
    const resolve = () =>
      graphqlData<{ _entities: Array<{ id: string; total: { amount: number } }> }>(
        stack.order.url,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id total { amount } lines { quantity } } } }`,
        { r: ids.map((id) => ({ __typename: 'Order', id })) },
      );
    // The count is the process's: a background job (order recovery, a lease) may add a query
    // to one try, never take one away, so the fewest over three tries is the request's own.
    const counts: number[] = [];
    let entities = await resolve();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = stack.order.db.queryCount;
      entities = await resolve();
      counts.push(stack.order.db.queryCount - before);
    }
    expect(Math.min(...counts)).toBe(1);
    expect(entities._entities.map((o) => o.id)).toEqual(ids);
    const listed = await graphqlData<{
      orders: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(
      stack.order.url,
      `{ orders(customerId: "lister", first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(listed.orders.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1]]);
    const rest = await graphqlData<{ orders: { edges: Array<{ node: { id: string } }> } }>(
      stack.order.url,
      `query ($after: String) { orders(customerId: "lister", first: 2, after: $after) { edges { node { id } } } }`,
      { after: listed.orders.pageInfo.endCursor },
    );
    expect(rest.orders.edges.map((e) => e.node.id)).toEqual([ids[0]]);
  });
});
