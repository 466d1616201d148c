import { randomUUID } from 'node:crypto';
import { describeWithMysql, freshMysqlDatabase, graphqlData, graphqlRequest } from '@stockgraph/testing';
import { DEMO, type DistributedStack, NO_TOKEN, originOf, signedIn, startDistributedStack, TIMEOUT } from '../src';

/**
 * The distributed mode, driven only through the gateway: four processes, three MariaDB
 * databases, nothing shared but HTTP.
 */
describeWithMysql('distributed stack through the gateway', () => {
  let stack: DistributedStack;
  let gateway: string;
  let shopper: Record<string, string>;
  let ops: Record<string, string>;

  beforeAll(async () => {
    stack = await startDistributedStack({
      databases: {
        catalog: await freshMysqlDatabase('e2e_catalog'),
        inventory: await freshMysqlDatabase('e2e_inventory'),
        order: await freshMysqlDatabase('e2e_order'),
      },
      // Request deadlines sized for a loaded machine: 200 concurrent orders queue behind
      // busy cores, and the gateway's 10 s default then cut placeOrder calls short (each
      // still completed in order, unseen by the test). These tests judge outcomes, not speed.
      env: {
        SUBGRAPH_TIMEOUT_MS: '60000',
        INVENTORY_TIMEOUT_MS: '30000',
        CATALOG_TIMEOUT_MS: '30000',
        ORDER_STALL_MS: '120000',
      },
    });
    gateway = stack.gatewayUrl;
    shopper = await signedIn(originOf(gateway), DEMO.customerA);
    ops = await signedIn(originOf(gateway), DEMO.ops);
  }, TIMEOUT.startStack);

  afterAll(() => stack?.stop(), TIMEOUT.stopStack);

  const stockOf = async (sku: string) => {
    const data = await graphqlData<{ product: { inventory: { onHand: number; reserved: number; available: number } } }>(
      gateway,
      `query ($sku: ID!) { product(sku: $sku) { inventory { onHand reserved available } } }`,
      { sku },
      ops, // totals over every location are operations' figures
    );
    return data.product.inventory;
  };

  it(
    'browses products with live inventory: catalog and inventory fields in one query',
    async () => {
      const data = await graphqlData<{
        products: {
          edges: Array<{
            node: {
              sku: string;
              name: string;
              price: { amount: number; currency: string };
              inventory: { available: number };
            };
          }>;
        };
      }>(
        gateway,
        `{ products(first: 5) { edges { node { sku name price { amount currency } inventory { available } } } } }`,
        {},
        NO_TOKEN,
      );
      expect(data.products.edges).toHaveLength(5);
      expect(data.products.edges[0]?.node).toEqual({
        sku: 'SG-0001',
        name: 'Classic Trail Runner',
        price: { amount: 4778, currency: 'EUR' },
        inventory: { available: 190 },
      });
    },
    TIMEOUT.test,
  );

  it(
    'validates a checkout through the gateway',
    async () => {
      const data = await graphqlData<{
        validateStock: { ok: boolean; items: Array<{ sku: string; available: boolean; currentStock: number }> };
      }>(
        gateway,
        `mutation { validateStock(input: { items: [{ sku: "SG-0002", quantity: 1 }, { sku: "SG-0014", quantity: 1 }] }) { ok items { sku available currentStock } } }`,
        {},
        shopper,
      );
      expect(data.validateStock.ok).toBe(false);
      expect(data.validateStock.items).toEqual([
        { sku: 'SG-0002', available: true, currentStock: 181 },
        { sku: 'SG-0014', available: false, currentStock: 0 },
      ]);
    },
    TIMEOUT.test,
  );

  it(
    'places and confirms an order; the sale shows in inventory and in the order across subgraphs',
    async () => {
      const before = await stockOf('SG-0005');
      const placed = await graphqlData<{
        placeOrder: {
          order: { id: string; status: string; reservation: { status: string; lines: Array<{ quantity: number }> } };
        };
      }>(
        gateway,
        `mutation ($key: String!) { placeOrder(input: { lines: [{ sku: "SG-0005", quantity: 3 }] }, idempotencyKey: $key) {
         order { id status reservation { status lines { quantity } } } userErrors { code } } }`,
        { key: randomUUID() },
        shopper,
      );
      expect(placed.placeOrder.order).toMatchObject({
        status: 'RESERVED',
        reservation: { status: 'ACTIVE', lines: [{ quantity: 3 }] },
      });
      expect(await stockOf('SG-0005')).toEqual({ onHand: before.onHand, reserved: 3, available: before.available - 3 });
      const confirmed = await graphqlData<{
        confirmOrder: {
          order: { status: string; reservation: { status: string }; lines: Array<{ product: { name: string } }> };
        };
      }>(
        gateway,
        `mutation ($id: ID!) { confirmOrder(id: $id, paymentReference: "psp-42") { order { status reservation { status } lines { product { name } } } } }`,
        { id: placed.placeOrder.order.id },
        shopper,
      );
      expect(confirmed.confirmOrder.order).toEqual({
        status: 'CONFIRMED',
        reservation: { status: 'CONFIRMED' },
        lines: [{ product: { name: 'Classic Leather Boot' } }],
      });
      expect(await stockOf('SG-0005')).toEqual({
        onHand: before.onHand - 3,
        reserved: 0,
        available: before.available - 3,
      });
    },
    TIMEOUT.test,
  );

  it(
    'cancelling an order releases its stock',
    async () => {
      const before = await stockOf('SG-0006');
      const placed = await graphqlData<{ placeOrder: { order: { id: string } } }>(
        gateway,
        `mutation ($key: String!) { placeOrder(input: { lines: [{ sku: "SG-0006", quantity: 4 }] }, idempotencyKey: $key) { order { id } } }`,
        { key: randomUUID() },
        shopper,
      );
      expect((await stockOf('SG-0006')).reserved).toBe(4);
      const cancelled = await graphqlData<{
        cancelOrder: { order: { status: string; reservation: { status: string } } };
      }>(
        gateway,
        `mutation ($id: ID!) { cancelOrder(id: $id, reason: "e2e") { order { status reservation { status } } } }`,
        { id: placed.placeOrder.order.id },
        shopper,
      );
      expect(cancelled.cancelOrder.order).toEqual({ status: 'CANCELLED', reservation: { status: 'RELEASED' } });
      expect(await stockOf('SG-0006')).toEqual(before);
    },
    TIMEOUT.test,
  );

  it(
    '200 concurrent orders for a sku with 50 available: exactly 50 succeed, nothing oversold',
    async () => {
      const sku = 'SG-0013';
      const levels = await graphqlData<{ stockLevels: Array<{ location: { id: string } }> }>(
        gateway,
        `{ stockLevels(skus: ["${sku}"]) { location { id } } }`,
        {},
        ops,
      );
      for (const { location } of levels.stockLevels) {
        const adjusted = await graphqlData<{ adjustStock: { userErrors: unknown[] } }>(
          gateway,
          `mutation ($input: AdjustStockInput!, $key: String!) { adjustStock(input: $input, idempotencyKey: $key) { userErrors { code } } }`,
          {
            input: { sku, locationId: location.id, set: location.id === 'madrid-dc' ? 50 : 0, reason: 'CYCLE_COUNT' },
            key: randomUUID(),
          },
          ops,
        );
        expect(adjusted.adjustStock.userErrors).toEqual([]);
      }
      expect(await stockOf(sku)).toEqual({ onHand: 50, reserved: 0, available: 50 });

      // Two shoppers racing each other, a hundred orders each.
      const shoppers = [shopper, await signedIn(originOf(gateway), DEMO.customerB)];
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          graphqlRequest<{ placeOrder: { order: { status: string }; userErrors: Array<{ code: string }> } }>(
            gateway,
            `mutation ($key: String!) { placeOrder(input: { lines: [{ sku: "${sku}", quantity: 1 }] }, idempotencyKey: $key) {
             order { status } userErrors { code } } }`,
            { key: randomUUID() },
            shoppers[i % 2],
          ),
        ),
      );
      expect(results.filter((r) => r.errors)).toEqual([]);
      const payloads = results.map((r) => r.data?.placeOrder);
      const won = payloads.filter((p) => p?.order.status === 'RESERVED');
      const lost = payloads.filter((p) => p?.order.status === 'FAILED');
      expect(won).toHaveLength(50);
      expect(lost).toHaveLength(150);
      expect(lost.every((p) => p?.userErrors[0]?.code === 'INSUFFICIENT_STOCK')).toBe(true);

      const after = await stockOf(sku);
      expect(after).toEqual({ onHand: 50, reserved: 50, available: 0 });
      const perLocation = await graphqlData<{
        stockLevels: Array<{ onHand: number; reserved: number; available: number }>;
      }>(gateway, `{ stockLevels(skus: ["${sku}"]) { onHand reserved available } }`, {}, ops);
      for (const level of perLocation.stockLevels) {
        expect(level.reserved).toBeLessThanOrEqual(level.onHand);
        expect(level.available).toBeGreaterThanOrEqual(0);
      }
    },
    TIMEOUT.test,
  );

  it(
    'reports the gateway not ready while a subgraph is unreachable, and ready again once it is back',
    async () => {
      const readiness = async () => {
        const response = await fetch(gateway.replace('/graphql', '/health/ready'));
        return {
          status: response.status,
          body: (await response.json()) as { checks: Array<{ name: string; ok: boolean }> },
        };
      };
      expect((await readiness()).status).toBe(200);
      let whileDown: Awaited<ReturnType<typeof readiness>> | undefined;
      await stack.restart('order', {
        whileDown: async () => {
          whileDown = await readiness();
        },
      });
      expect(whileDown?.status).toBe(503);
      expect(whileDown?.body.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['subgraph order']);
      expect((await readiness()).status).toBe(200);
    },
    TIMEOUT.longTest,
  );

  it(
    "answers bad input through the gateway with the subgraph's code",
    async () => {
      const result = await graphqlRequest(
        gateway,
        `mutation { placeOrder(input: { lines: [{ sku: "SG-0001", quantity: 0 }] }, idempotencyKey: "bad-1") { order { id } } }`,
        {},
        shopper,
      );
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID_QUANTITY',
        field: 'input.lines.0.quantity',
      });
    },
    TIMEOUT.test,
  );
});
