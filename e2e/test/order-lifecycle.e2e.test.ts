import { randomUUID } from 'node:crypto';
import {
  describeWithKafka,
  describeWithMysql,
  freshMysqlDatabase,
  graphqlData,
  graphqlRequest,
  kafkaBrokers,
  waitFor,
} from '@stockgraph/testing';
import {
  DEMO,
  type DistributedStack,
  OPS,
  originOf,
  recordSubscription,
  signedIn,
  stackTokens,
  startDistributedStack,
  type StackTokens,
  TIMEOUT,
} from '../src';

interface PlacedOrder {
  id: string;
  status: string;
  reservation: { id: string } | null;
  lines: Array<{ product: { sku: string }; quantity: number }>;
}

const PLACE = `mutation ($input: PlaceOrderInput!, $key: String!) {
  placeOrder(input: $input, idempotencyKey: $key) { order { id status reservation { id } lines { product { sku } quantity } } userErrors { code } }
}`;

/**
 * The order lifecycle as it runs in production: separate processes on MariaDB and Kafka,
 * through the gateway. The order service is really killed mid-placement, holds really
 * expire in inventory, and shoppers follow their order over a subscription.
 */
describeWithMysql('order lifecycle across processes', () => {
  describeWithKafka('on Kafka', () => {
    let stack: DistributedStack;
    let tokens: StackTokens;
    let ops: Record<string, string>;
    /** The crash test counts this shopper's orders: no other test places any for them. */
    let crashShopper: Record<string, string>;
    /** The other tests' shopper; each follows its own order by id. */
    let shopper: Record<string, string>;

    beforeAll(async () => {
      stack = await startDistributedStack({
        databases: {
          catalog: await freshMysqlDatabase('lifecycle_catalog'),
          inventory: await freshMysqlDatabase('lifecycle_inventory'),
          order: await freshMysqlDatabase('lifecycle_order'),
        },
        env: {
          KAFKA_BROKERS: kafkaBrokers().join(','),
          // Recovery looks often and treats a second in PENDING as interrupted, so the test is quick.
          ORDER_RECOVERY_INTERVAL_MS: '300',
          ORDER_STALL_MS: '1000',
          RESERVATION_SWEEP_INTERVAL_MS: '200',
        },
      });
      tokens = await stackTokens(stack.authKeyFile);
      ops = await signedIn(originOf(stack.gatewayUrl), DEMO.ops);
      crashShopper = await signedIn(originOf(stack.gatewayUrl), DEMO.customerA);
      shopper = await signedIn(originOf(stack.gatewayUrl), DEMO.customerB);
    }, TIMEOUT.startStack);

    afterAll(() => stack?.stop(), TIMEOUT.stopStack);

    const place = (as: Record<string, string>, sku: string, quantity: number, key = randomUUID()) =>
      graphqlRequest<{ placeOrder: { order: PlacedOrder; userErrors: Array<{ code: string }> } }>(
        stack.gatewayUrl,
        PLACE,
        { input: { lines: [{ sku, quantity }] }, key },
        as,
      );
    const stockUp = (sku: string, units: number) =>
      graphqlData(
        stack.gatewayUrl,
        'mutation ($input: AdjustStockInput!, $key: String!) { adjustStock(input: $input, idempotencyKey: $key) { userErrors { code } } }',
        { input: { sku, locationId: 'madrid-dc', set: units, reason: 'RESTOCK' }, key: randomUUID() },
        ops,
      );
    const reservedUnits = async (sku: string) => {
      const data = await graphqlData<{ stockLevels: Array<{ reserved: number }> }>(
        stack.urls.inventory,
        'query ($sku: ID!) { stockLevels(skus: [$sku]) { reserved } }',
        { sku },
        await tokens.headers(OPS),
      );
      return data.stockLevels.reduce((sum, level) => sum + level.reserved, 0);
    };
    /** The signed-in shopper's own orders (a customer lists only theirs). */
    const ordersOf = async (as: Record<string, string>) =>
      (
        await graphqlData<{
          orders: {
            edges: Array<{
              node: {
                id: string;
                status: string;
                reservation: { id: string } | null;
                lines: Array<{ quantity: number }>;
              };
            }>;
          };
        }>(
          stack.gatewayUrl,
          'query { orders(first: 100) { edges { node { id status reservation { id } lines { quantity } } } } }',
          {},
          as,
        )
      ).orders.edges.map((edge) => edge.node);

    it(
      'an order service killed between the hold and recording it: after restart no order is PENDING and every held unit belongs to an order',
      async () => {
        const sku = 'SG-0041';
        await stockUp(sku, 100);
        const reservedBefore = await reservedUnits(sku);
        await stack.restart('order', { env: { FAULT_INJECTION: 'crash-after-reserve' } });
        const doomed = stack.services.order;
        const keys = Array.from({ length: 6 }, () => randomUUID());
        const attempts = await Promise.all(keys.map((key, i) => place(crashShopper, sku, i + 1, key)));
        // Every caller saw a failure: the process died under them.
        expect(attempts.every((a) => (a.errors?.length ?? 0) > 0)).toBe(true);
        await waitFor(() => doomed.child.signalCode === 'SIGKILL', {
          what: 'the order service to die',
          timeoutMs: 30_000,
        });
        // Inventory kept holds the dead process never recorded.
        const heldWhileDown = (await reservedUnits(sku)) - reservedBefore;
        expect(heldWhileDown).toBeGreaterThan(0);

        await stack.restart('order', { env: { FAULT_INJECTION: '' } });
        const settled = await waitFor(
          async () => {
            const orders = await ordersOf(crashShopper);
            return orders.length > 0 && orders.every((o) => o.status !== 'PENDING') && orders;
          },
          { what: 'recovery to carry on every interrupted order', timeoutMs: 30_000, intervalMs: 200 },
        );
        expect(settled.every((o) => o.status === 'RESERVED' && o.reservation !== null)).toBe(true);
        // Each order holds exactly its own units, once: nothing stranded, nothing held twice.
        const heldByOrders = settled.reduce((sum, o) => sum + (o.lines[0]?.quantity ?? 0), 0);
        expect((await reservedUnits(sku)) - reservedBefore).toBe(heldByOrders);
        expect(heldByOrders).toBeGreaterThanOrEqual(heldWhileDown);
        expect(new Set(settled.map((o) => o.reservation?.id)).size).toBe(settled.length);

        // A shopper retrying with their key gets their order, never a second one.
        const retries = await Promise.all(keys.map((key, i) => place(crashShopper, sku, i + 1, key)));
        for (const retry of retries) expect(retry.errors).toBeUndefined();
        expect((await ordersOf(crashShopper)).length).toBe(keys.length);
        expect(retries.every((r) => r.data?.placeOrder.order.status === 'RESERVED')).toBe(true);
        expect((await reservedUnits(sku)) - reservedBefore).toBe(keys.reduce((sum, _k, i) => sum + i + 1, 0));
      },
      TIMEOUT.longTest,
    );

    it(
      'a hold that expires in inventory ends its order EXPIRED through the reservation events, and the stock is back',
      async () => {
        const sku = 'SG-0042';
        await stockUp(sku, 100);
        await stack.restart('inventory', { env: { RESERVATION_TTL_DEFAULT_SECONDS: '2' } });
        try {
          const reservedBefore = await reservedUnits(sku);
          const placed = (await place(shopper, sku, 2)).data?.placeOrder.order;
          expect(placed?.status).toBe('RESERVED');
          const expired = await waitFor(
            async () => {
              const data = await graphqlData<{
                order: {
                  status: string;
                  failure: { code: string } | null;
                  history: Array<{ to: string; cause: string }>;
                };
              }>(
                stack.gatewayUrl,
                'query ($id: ID!) { order(id: $id) { status failure { code } history { to cause } } }',
                { id: placed?.id },
                shopper,
              );
              return data.order.status === 'EXPIRED' && data.order;
            },
            { what: 'the order to expire with its hold', timeoutMs: 30_000, intervalMs: 200 },
          );
          expect(expired.failure?.code).toBe('RESERVATION_EXPIRED');
          expect(expired.history.map((h) => h.to)).toEqual(['PENDING', 'RESERVED', 'EXPIRED']);
          expect(await reservedUnits(sku)).toBe(reservedBefore);
          const confirm = await graphqlData<{
            confirmOrder: { order: { status: string }; userErrors: Array<{ code: string }> };
          }>(
            stack.gatewayUrl,
            'mutation ($id: ID!) { confirmOrder(id: $id, paymentReference: "pay-late") { order { status } userErrors { code } } }',
            { id: placed?.id },
            shopper,
          );
          expect(confirm.confirmOrder).toEqual({
            order: { status: 'EXPIRED' },
            userErrors: [{ code: 'RESERVATION_EXPIRED' }],
          });
        } finally {
          await stack.restart('inventory');
        }
      },
      TIMEOUT.longTest,
    );

    it(
      'a payment in flight keeps its hold through the gateway: an order placed after it, unpaid, expires first; the paid one is confirmed',
      async () => {
        const sku = 'SG-0043';
        await stockUp(sku, 100);
        await stack.restart('inventory', { env: { RESERVATION_TTL_DEFAULT_SECONDS: '3' } });
        try {
          const reservedBefore = await reservedUnits(sku);
          const orderStatus = async (id: string | undefined) =>
            (
              await graphqlData<{ order: { status: string } }>(
                stack.gatewayUrl,
                'query ($id: ID!) { order(id: $id) { status } }',
                { id },
                shopper,
              )
            ).order.status;
          // The paid order is placed first: its first expiry comes before the unpaid one's.
          const paid = (await place(shopper, sku, 2)).data?.placeOrder.order;
          const begun = await graphqlData<{
            beginPayment: { order: { status: string; holdExpiresAt: string }; userErrors: Array<{ code: string }> };
          }>(
            stack.gatewayUrl,
            'mutation ($id: ID!) { beginPayment(id: $id, paymentReference: "pay-slow-bank") { order { status holdExpiresAt } userErrors { code } } }',
            { id: paid?.id },
            shopper,
          );
          expect(begun.beginPayment.userErrors).toEqual([]);
          expect(Date.parse(begun.beginPayment.order.holdExpiresAt)).toBeGreaterThan(Date.now() + 500_000);
          const unpaid = (await place(shopper, sku, 3)).data?.placeOrder.order;
          // The sweeper ended the unpaid hold: it was past the paid hold's first expiry too.
          await waitFor(async () => (await orderStatus(unpaid?.id)) === 'EXPIRED', {
            what: 'the unpaid order to expire',
            timeoutMs: 30_000,
            intervalMs: 200,
          });
          expect(await orderStatus(paid?.id)).toBe('RESERVED');
          expect(await reservedUnits(sku)).toBe(reservedBefore + 2);
          const confirmed = await graphqlData<{ confirmOrder: { order: { status: string } } }>(
            stack.gatewayUrl,
            'mutation ($id: ID!) { confirmOrder(id: $id, paymentReference: "pay-slow-bank") { order { status } } }',
            { id: paid?.id },
            shopper,
          );
          expect(confirmed.confirmOrder.order.status).toBe('CONFIRMED');
          expect(await reservedUnits(sku)).toBe(reservedBefore);
        } finally {
          await stack.restart('inventory');
        }
      },
      TIMEOUT.longTest,
    );

    it(
      'orderUpdated through the gateway: the order now, then each transition, with fields from catalog',
      async () => {
        await stockUp('SG-0043', 100);
        const placed = (await place(shopper, 'SG-0043', 1)).data?.placeOrder.order;
        // The shopper follows their own order, signed in on the socket.
        const connectionParams = { authorization: shopper.authorization };
        const subscription = recordSubscription(
          stack.gatewayUrl,
          'subscription ($id: ID!) { orderUpdated(id: $id) { id status paymentReference lines { product { sku name } quantity } history { to } } }',
          { id: placed?.id },
          { connectionParams },
        );
        try {
          await waitFor(() => subscription.results.length >= 1, { what: 'the current state', timeoutMs: 30_000 });
          expect(subscription.results[0]?.errors).toBeUndefined();
          expect(subscription.results[0]?.data?.orderUpdated).toMatchObject({
            id: placed?.id,
            status: 'RESERVED',
            lines: [{ product: { sku: 'SG-0043', name: expect.any(String) }, quantity: 1 }],
          });
          await graphqlData(
            stack.gatewayUrl,
            'mutation ($id: ID!) { confirmOrder(id: $id, paymentReference: "pay-42") { order { id } } }',
            { id: placed?.id },
            shopper,
          );
          await waitFor(() => subscription.results.length >= 2, { what: 'the confirmation', timeoutMs: 30_000 });
          expect(subscription.results[1]?.data?.orderUpdated).toMatchObject({
            status: 'CONFIRMED',
            paymentReference: 'pay-42',
            history: [{ to: 'PENDING' }, { to: 'RESERVED' }, { to: 'CONFIRMED' }],
          });
          expect(subscription.failures).toEqual([]);
        } finally {
          await subscription.dispose();
        }

        const unknown = recordSubscription(
          stack.gatewayUrl,
          'subscription { orderUpdated(id: "no-such-order") { id } }',
          {},
          { connectionParams },
        );
        try {
          await waitFor(() => unknown.results.length + unknown.failures.length > 0 || unknown.completed, {
            what: 'the refusal',
            timeoutMs: 30_000,
          });
          expect(JSON.stringify([unknown.results, unknown.failures])).toContain('ORDER_NOT_FOUND');
        } finally {
          await unknown.dispose();
        }
      },
      TIMEOUT.test,
    );
  });
});
