import WebSocket from 'ws';
import { graphqlData, graphqlRequest, waitFor } from '@stockgraph/testing';
import { DEMO, type EmbeddedStack, NO_TOKEN, readMetric, recordSubscription, signedIn, TIMEOUT } from '../src';
import { sharedEmbeddedStack } from './support/shared-stacks';

const BILLION = 1_000_000_000;

/**
 * Bad input as an attacker would try it, through the gateway of the embedded stack: huge
 * adjustments must not take the storefront down, and a count dated in the future must not
 * freeze a stock level.
 */
describe('hostile input through the gateway', () => {
  let stack: EmbeddedStack;
  let api: string;
  /** Adjusting stock, submitting counts, reading levels and the ledger: operations' work. The storefront is anonymous. */
  let ops: Record<string, string>;

  beforeAll(async () => {
    stack = await sharedEmbeddedStack();
    api = `${stack.origin}/graphql`;
    ops = await signedIn(stack.origin, DEMO.ops);
  }, TIMEOUT.startStack);

  const adjust = (sku: string, locationId: string, delta: number, key: string) =>
    graphqlRequest(
      api,
      `mutation ($input: AdjustStockInput!, $key: String!) { adjustStock(input: $input, idempotencyKey: $key) { stockLevel { onHand } userErrors { code field } } }`,
      { input: { sku, locationId, delta, reason: 'RECEIVED' }, key },
      ops,
    );
  const submit = (
    counts: Array<{ sku: string; locationId: string; onHand: number; sequence?: number; observedAt?: string }>,
  ) =>
    graphqlRequest(
      api,
      `mutation ($counts: [WarehouseCountInput!]!) { submitWarehouseCounts(counts: $counts, source: "e2e-wms") }`,
      { counts },
      ops,
    );
  const onHandAt = async (sku: string, locationId: string) => {
    const data = await graphqlData<{ product: { stockLevels: Array<{ onHand: number }> } }>(
      api,
      `query ($sku: ID!, $at: [ID!]) { product(sku: $sku) { stockLevels(locationIds: $at) { onHand } } }`,
      { sku, at: [locationId] },
      ops,
    );
    return data.product.stockLevels[0]?.onHand;
  };

  /** The storefront's listing, the checkout check and the ledger of one sku: every one must answer with data. */
  const expectStorefrontUp = async (sku: string) => {
    const listing = await graphqlRequest(
      api,
      `{ products(first: 50) { edges { node { sku inventory { available } stockSummary { available } } } } }`,
      {},
      NO_TOKEN,
    );
    expect(listing.errors).toBeUndefined();
    expect(listing.data?.products.edges.length).toBeGreaterThan(0);
    const check = await graphqlRequest(
      api,
      `mutation ($sku: ID!) { validateStock(input: { items: [{ sku: $sku, quantity: 1 }] }) { ok items { currentStock } } }`,
      { sku },
      NO_TOKEN,
    );
    expect(check.errors).toBeUndefined();
    expect(check.data?.validateStock.ok).toBe(true);
    const ledger = await graphqlRequest(
      api,
      `query ($sku: ID!) { stockMovements(sku: $sku, first: 5) { edges { node { onHandDelta onHandAfter } } } }`,
      { sku },
      ops,
    );
    expect(ledger.errors).toBeUndefined();
  };

  it(
    'refuses a third billion-unit adjustment with a user error, and the product listing still answers',
    async () => {
      const answers = [];
      for (const i of [1, 2, 3]) answers.push(await adjust('SG-0010', 'madrid-dc', BILLION, `hostile-billion-${i}`));

      expect(answers.map((a) => a.errors)).toEqual([undefined, undefined, undefined]);
      expect(answers.map((a) => a.data?.adjustStock.userErrors[0]?.code ?? 'ok')).toEqual([
        'ok',
        'ok',
        'ADJUSTMENT_OUT_OF_RANGE',
      ]);
      await expectStorefrontUp('SG-0010');
    },
    TIMEOUT.test,
  );

  it(
    'refuses one count of a billion at three locations, naming the count, and the listing still answers',
    async () => {
      const answer = await submit(
        ['madrid-dc', 'berlin-dc', 'lisbon-store'].map((locationId) => ({
          sku: 'SG-0011',
          locationId,
          onHand: BILLION,
        })),
      );

      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUANTITY_OUT_OF_RANGE', field: 'counts.2.onHand' });
      await expectStorefrontUp('SG-0011');
    },
    TIMEOUT.test,
  );

  it(
    'refuses a count dated in the far future, and a later real count applies',
    async () => {
      const future = await submit([
        { sku: 'SG-0012', locationId: 'madrid-dc', onHand: 1, observedAt: '9999-12-31T23:59:59Z' },
      ]);
      expect(future.errors?.[0]?.extensions).toMatchObject({
        code: 'OBSERVED_IN_FUTURE',
        field: 'counts.0.observedAt',
      });

      expect((await submit([{ sku: 'SG-0012', locationId: 'madrid-dc', onHand: 77 }])).data).toEqual({
        submitWarehouseCounts: 1,
      });

      await waitFor(async () => (await onHandAt('SG-0012', 'madrid-dc')) === 77, { what: 'the real count to apply' });
    },
    TIMEOUT.test,
  );

  it(
    'lets operations clear a watermark that holds every later count back',
    async () => {
      // A sender that numbers a count at the very top leaves a watermark no later count can beat.
      expect(
        (await submit([{ sku: 'SG-0013', locationId: 'madrid-dc', onHand: 50, sequence: 2_147_483_647 }])).data,
      ).toEqual({ submitWarehouseCounts: 1 });
      await waitFor(async () => (await onHandAt('SG-0013', 'madrid-dc')) === 50, {
        what: 'the top-numbered count to apply',
      });
      const metrics = stack.url('inventory', '/metrics');
      const stale = { consumer: 'warehouse-ingestion', result: 'stale' };
      const staleBefore = await readMetric(metrics, 'stock_events_processed_total', stale);
      await submit([{ sku: 'SG-0013', locationId: 'madrid-dc', onHand: 60, sequence: 1 }]);
      await waitFor(async () => (await readMetric(metrics, 'stock_events_processed_total', stale)) > staleBefore, {
        what: 'the real count to be skipped as stale',
      });

      const cleared = await graphqlData<{ clearWarehouseWatermark: { sequence: number } | null }>(
        api,
        `mutation { clearWarehouseWatermark(sku: "SG-0013", locationId: "madrid-dc") { sequence } }`,
        {},
        ops,
      );

      expect(cleared.clearWarehouseWatermark).toEqual({ sequence: 2_147_483_647 });
      expect(await onHandAt('SG-0013', 'madrid-dc')).toBe(50);
      await submit([{ sku: 'SG-0013', locationId: 'madrid-dc', onHand: 70, sequence: 2 }]);
      await waitFor(async () => (await onHandAt('SG-0013', 'madrid-dc')) === 70, {
        what: 'the count after clearing to apply',
      });
    },
    TIMEOUT.test,
  );

  it(
    'answers requests that can only fail with HTTP 400 and a code, and a malformed DateTime as BAD_USER_INPUT that changes nothing',
    async () => {
      // As operations, who may submit counts: only the input can be why one is refused.
      const post = async (body: Record<string, unknown>) => {
        const response = await fetch(api, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...ops },
          body: JSON.stringify(body),
        });
        return {
          status: response.status,
          body: (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> },
        };
      };
      const refused = async (body: Record<string, unknown>) => {
        const { status, body: answer } = await post(body);
        return { status, code: answer.errors?.[0]?.extensions?.code };
      };
      expect(await refused({ query: 'query A { categories { id } }', operationName: 'B' })).toEqual({
        status: 400,
        code: 'OPERATION_NOT_FOUND',
      });
      expect(await refused({ query: 'query A { categories { id } } query B { categories { id } }' })).toEqual({
        status: 400,
        code: 'OPERATION_NAME_REQUIRED',
      });
      expect(await refused({ query: 'subscription { stockChanged(skus: ["SG-0001"]) { sku } }' })).toEqual({
        status: 400,
        code: 'SUBSCRIPTION_OVER_HTTP',
      });

      const before = await onHandAt('SG-0014', 'madrid-dc');
      const badDate = await post({
        query:
          'mutation { submitWarehouseCounts(counts: [{ sku: "SG-0014", locationId: "madrid-dc", onHand: 3, observedAt: "not a date" }], source: "e2e-wms") }',
      });
      expect(badDate.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(badDate.body.errors?.[0]?.message).toContain('DateTime');
      expect(await onHandAt('SG-0014', 'madrid-dc')).toBe(before);
    },
    TIMEOUT.test,
  );

  it(
    'closes a WebSocket that sends a frame over the request size limit, on the gateway and on a subgraph, before parsing it',
    async () => {
      const closeCodeAfterHugeFrame = (url: string) =>
        new Promise<number>((resolve, reject) => {
          const socket = new WebSocket(url, 'graphql-transport-ws');
          socket.on('error', () => undefined); // the close event carries the outcome
          socket.on('open', () => socket.send('x'.repeat(2 * 1024 * 1024)));
          socket.on('close', (code) => resolve(code));
          setTimeout(() => reject(new Error(`${url} kept a socket open after a 2 MiB frame`)), 30_000).unref();
        });
      // 1009: message too big (MAX_REQUEST_BYTES, 1 MiB by default).
      expect(await closeCodeAfterHugeFrame(stack.origin.replace('http', 'ws') + '/graphql')).toBe(1009);
      expect(await closeCodeAfterHugeFrame(stack.url('inventory').replace('http', 'ws'))).toBe(1009);
      const answer = await graphqlData<{ categories: unknown[] }>(api, '{ categories { id } }', {}, NO_TOKEN);
      expect(answer.categories.length).toBeGreaterThan(0);
    },
    TIMEOUT.test,
  );

  it(
    'refuses a document with 10,000 aliases at the parser, over HTTP and over WebSocket',
    async () => {
      const huge = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: products(first: 100) { edges { node { sku } } }`).join(' ')} }`;
      // Anonymous, the ~550 KB body is past their body limit; signed in, the parser stops it.
      const anonymous = await fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: huge }),
      });
      expect(anonymous.status).toBe(413);
      const response = await fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ops },
        body: JSON.stringify({ query: huge }),
      });
      const answer = (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
      expect(response.status).toBe(400);
      expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(answer.errors?.[0]?.message).toContain('tokens');

      const subscription = `subscription { ${Array.from({ length: 5000 }, (_, i) => `s${i}: stockChanged(skus: ["SG-0001"]) { sku }`).join(' ')} }`;
      const watcher = recordSubscription(api, subscription);
      try {
        await waitFor(() => watcher.failures.length > 0 || watcher.results.length > 0 || watcher.completed, {
          what: 'the refusal',
          timeoutMs: 30_000,
        });
        expect(JSON.stringify([watcher.failures, watcher.results])).toContain('GRAPHQL_PARSE_FAILED');
      } finally {
        await watcher.dispose();
      }
    },
    TIMEOUT.test,
  );
});
