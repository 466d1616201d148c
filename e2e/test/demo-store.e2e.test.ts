import fs from 'node:fs';
import path from 'node:path';
import { graphqlData, waitFor } from '@stockgraph/testing';
import { DEMO, type EmbeddedStack, signedIn, startEmbeddedStack, TIMEOUT, tokenFrom } from '../src';

/** `npm start` runs a demo shop beside the centre (issue 13): its own port and SQLite file, fed by the in-process bus. */
describe("embedded mode's demo store", () => {
  let stack: EmbeddedStack;

  beforeAll(async () => {
    stack = await startEmbeddedStack({ DEMO_STORE: 'true' });
  }, TIMEOUT.startStack);

  afterAll(() => stack?.stop(), TIMEOUT.stopStack);

  it(
    'prints its address, keeps its own database and a key for its location',
    async () => {
      // The banner comes once everything has started, the demo cashier included: a moment after the ports are ready.
      const banner = `Demo store       ${stack.url('store', '/till')} (lisbon-store; cashier "demo"`;
      await waitFor(() => Promise.resolve(stack.process.output().includes(banner)), {
        timeoutMs: 30_000,
        what: 'the start-up banner',
      });
      expect(fs.existsSync(path.join(stack.dataDir, 'store-lisbon-store.sqlite'))).toBe(true);
      expect(fs.readFileSync(path.join(stack.dataDir, 'store', 'lisbon-store.key'), 'utf8')).toMatch(
        /^sgk_[A-Za-z0-9-]+\.[A-Za-z0-9_-]{20,}\n$/,
      );
    },
    TIMEOUT.test,
  );

  it(
    'sells at its till out of its allowance and records the sale centrally',
    async () => {
      const ops = await signedIn(stack.origin, DEMO.ops);
      const apiKey = fs.readFileSync(path.join(stack.dataDir, 'store', 'lisbon-store.key'), 'utf8').trim();
      const till = { authorization: `Bearer ${await tokenFrom(stack.origin, { apiKey })}` };
      const stock = async () =>
        (
          await graphqlData<{ storeStock: { onHand: number; allowanceLeft: number } }>(
            stack.url('store'),
            '{ storeStock(sku: "SG-0001") { onHand allowanceLeft } }',
            {},
            till,
          )
        ).storeStock;
      const central = async () =>
        (
          await graphqlData<{ stockLevels: Array<{ onHand: number }> }>(
            `${stack.origin}/graphql`,
            '{ stockLevels(skus: ["SG-0001"], locationIds: ["lisbon-store"]) { onHand } }',
            {},
            ops,
          )
        ).stockLevels[0]?.onHand;
      await waitFor(async () => (await stock()).allowanceLeft > 0 && (await stock()).onHand === (await central()), {
        timeoutMs: 30_000,
        what: 'the replica and an allowance',
      });
      const before = (await central()) ?? 0;
      const sold = await graphqlData<{ sell: { userErrors: unknown[] } }>(
        stack.url('store'),
        'mutation { sell(saleId: "embedded-1", lines: [{ sku: "SG-0001", quantity: 1 }]) { userErrors { code } } }',
        {},
        till,
      );
      expect(sold.sell.userErrors).toEqual([]);
      // The till's own list, first page without a cursor (issue 20: it failed INVALID_CURSOR).
      const sales = await graphqlData<{ sales: { edges: Array<{ node: { id: string } }> } }>(
        stack.url('store'),
        '{ sales(first: 5) { edges { node { id } } } }',
        {},
        till,
      );
      expect(sales.sales.edges.map((edge) => edge.node.id)).toContain('embedded-1');
      await waitFor(async () => (await central()) === before - 1, {
        timeoutMs: 30_000,
        what: 'the sale to reach the centre',
      });
      await waitFor(async () => (await stock()).onHand === before - 1, {
        timeoutMs: 30_000,
        what: 'the replica to follow',
      });
    },
    TIMEOUT.test,
  );
});
