import fs from 'node:fs';
import { graphqlData, waitFor } from '@stockgraph/testing';
import {
  DEMO,
  type EmbeddedStack,
  NO_TOKEN,
  OPS,
  readMetric,
  recordSubscription,
  type ServiceProcess,
  signedIn,
  stackTokens,
  startEmbeddedStack,
  type StackTokens,
  TIMEOUT,
} from '../src';

/** `npm start`'s process: the whole system in one process on fresh SQLite files. */
describe('embedded mode (npm start)', () => {
  let stack: EmbeddedStack;
  let embedded: ServiceProcess;
  let dataDir: string;
  let ports: EmbeddedStack['ports'];
  let origin: string;
  let tokens: StackTokens;
  let ops: Record<string, string>;
  let shopper: Record<string, string>;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
    ({ process: embedded, dataDir, ports, origin } = stack);
    tokens = await stackTokens(stack.authKeyFile);
    ops = await signedIn(origin, DEMO.ops);
    shopper = await signedIn(origin, DEMO.customerA);
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await stack?.stop();
  }, TIMEOUT.stopStack);

  it(
    'serves the README query with fields from two subgraphs, on demo data it seeded',
    async () => {
      const data = await graphqlData<{
        products: { edges: Array<{ node: { sku: string; inventory: { available: number } } }> };
      }>(
        `${origin}/graphql`,
        `{ products(first: 5) { edges { node { sku name price { amount currency } inventory { available } } } } }`,
        {},
        NO_TOKEN,
      );
      expect(data.products.edges.map((e) => e.node.sku)).toEqual([
        'SG-0001',
        'SG-0002',
        'SG-0003',
        'SG-0004',
        'SG-0005',
      ]);
      expect(data.products.edges[0]?.node.inventory.available).toBe(190);
      expect(
        fs
          .readdirSync(dataDir)
          .filter((f) => f.endsWith('.sqlite'))
          .sort(),
      ).toEqual(['accounts.sqlite', 'catalog.sqlite', 'inventory.sqlite', 'order.sqlite']);
    },
    TIMEOUT.test,
  );

  it(
    'prints where everything is',
    () => {
      expect(embedded.output()).toContain(`GraphQL API      ${origin}/graphql`);
      expect(embedded.output()).toContain(`Ops console      ${origin}/graphiql`);
    },
    TIMEOUT.test,
  );

  it(
    'keeps SQLite whole under 100 concurrent orders for 40 units',
    async () => {
      for (const [locationId, set] of [
        ['madrid-dc', 40],
        ['berlin-dc', 0],
        ['lisbon-store', 0],
      ] as const) {
        await graphqlData(
          `${origin}/graphql`,
          `mutation ($input: AdjustStockInput!) { adjustStock(input: $input, idempotencyKey: "${locationId}-40") { userErrors { code } } }`,
          { input: { sku: 'SG-0015', locationId, set, reason: 'CORRECTION' } },
          ops,
        );
      }
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          graphqlData<{ placeOrder: { order: { status: string } } }>(
            `${origin}/graphql`,
            `mutation ($key: String!) { placeOrder(input: { lines: [{ sku: "SG-0015", quantity: 1 }] }, idempotencyKey: $key) { order { status } } }`,
            { key: `embedded-${i}` },
            shopper,
          ),
        ),
      );
      const data = await graphqlData<{ product: { inventory: { onHand: number; reserved: number } } }>(
        `${origin}/graphql`,
        `{ product(sku: "SG-0015") { inventory { onHand reserved } } }`,
        {},
        ops,
      );
      const reserved = results.filter((r) => r.placeOrder.order.status === 'RESERVED').length;
      expect(reserved).toBe(40);
      expect(data.product.inventory).toEqual({ onHand: 40, reserved: 40 });
    },
    TIMEOUT.test,
  );

  it(
    'answers malformed HTTP with clear errors and exposes probes and metrics',
    async () => {
      const post = (body: string) =>
        fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const tooLarge = await post(JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(2_000_000) }));
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toMatchObject({ errors: [{ extensions: { code: 'REQUEST_TOO_LARGE' } }] });
      const notJson = await post('{"query": ');
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
      expect((await fetch(`${origin}/nowhere`)).status).toBe(404);
      expect(await (await fetch(`${origin}/health/live`)).json()).toEqual({ status: 'live' });
      await graphqlData(
        `http://127.0.0.1:${ports.inventory}/graphql`,
        '{ locations { id } }',
        {},
        await tokens.headers(OPS),
      );
      const metrics = await (await fetch(`http://127.0.0.1:${ports.inventory}/metrics`)).text();
      expect(metrics).toMatch(/http_requests_total\{route="\/graphql",status="200",service="inventory"\} \d+/);
    },
    TIMEOUT.test,
  );

  it(
    'pushes stock changes through the gateway over graphql-ws on the in-process bus',
    async () => {
      // Operations watch the quantities (`reserved` is staff's; the public see `available`).
      const watcher = recordSubscription(
        `${origin}/graphql`,
        `subscription { stockChanged(skus: ["SG-0016"]) { sku reserved product { name } } }`,
        {},
        { connectionParams: { authorization: ops.authorization } },
      );
      await waitFor(
        async () => (await readMetric(`http://127.0.0.1:${ports.inventory}/metrics`, 'stock_live_subscribers')) === 1,
        {
          what: 'the live subscription',
        },
      );
      await graphqlData(
        `${origin}/graphql`,
        `mutation { placeOrder(input: { lines: [{ sku: "SG-0016", quantity: 2 }] }, idempotencyKey: "live-1") { order { status } } }`,
        {},
        shopper,
      );
      await waitFor(() => watcher.results.length >= 1, { what: 'the stock change' });
      expect(watcher.results[0]).toEqual({
        data: { stockChanged: { sku: 'SG-0016', reserved: 2, product: { name: 'Pro Fleece Jacket' } } },
      });
      await watcher.dispose();
    },
    TIMEOUT.test,
  );
});
