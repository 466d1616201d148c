import { createClient, type Client } from 'graphql-sse';
import type { ExecutionResult } from 'graphql';
import { waitFor } from '@stockgraph/testing';
import { DEMO, type EmbeddedStack, readMetric, recordSubscription, signedIn, TIMEOUT } from '../src';
import { sharedEmbeddedStack } from './support/shared-stacks';
import { stockAdmin } from './support/stock-admin';

// What anyone may watch: `available` (the quantities behind it are staff's).
const WATCH = 'subscription ($skus: [ID!]) { stockChanged(skus: $skus) { sku available product { name } } }';

/** One SSE subscription through graphql-sse's own client (distinct connections), recording what arrives. */
function sseSubscribe(client: Client, query: string, variables: Record<string, unknown>) {
  const results: ExecutionResult[] = [];
  const failures: unknown[] = [];
  let completed = false;
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (result) => void results.push(result as ExecutionResult),
      error: (error) => void failures.push(error),
      complete: () => (completed = true),
    },
  );
  return { results, failures, completed: () => completed, dispose };
}

/**
 * Subscriptions over server-sent events on the gateway's `/graphql` (the GraphQL over SSE
 * protocol, graphql-sse's distinct-connections mode), for clients without WebSockets: the
 * same checks, the same shared upstream as WebSocket clients of the same selection.
 */
describe('subscriptions over server-sent events', () => {
  let stack: EmbeddedStack;
  let client: Client;

  beforeAll(async () => {
    stack = await sharedEmbeddedStack();
    client = createClient({ url: `${stack.origin}/graphql`, retryAttempts: 0 });
  }, TIMEOUT.startStack);

  afterAll(async () => {
    client?.dispose();
  }, TIMEOUT.stopStack);

  it(
    'streams stock changes to an SSE client, sharing one upstream with a WebSocket client of the same selection',
    async () => {
      const admin = stockAdmin(`${stack.origin}/graphql`, await signedIn(stack.origin, DEMO.ops));
      const inventoryMetrics = stack.url('inventory', '/metrics');
      const openedBefore = await readMetric(inventoryMetrics, 'stock_live_subscriptions_opened_total');
      const overSse = sseSubscribe(client, WATCH, { skus: ['SG-0031'] });
      const overWs = recordSubscription(`${stack.origin}/graphql`, WATCH, { skus: ['SG-0032'] });
      await waitFor(async () => (await readMetric(`${stack.origin}/metrics`, 'gateway_client_subscriptions')) === 2, {
        what: 'both subscriptions at the gateway',
        timeoutMs: 30_000,
      });
      // Settled: the second client widened the first one's upstream (two opened) and the
      // narrower one closed after its overlap; before that, SG-0032's change could reach no upstream.
      await waitFor(
        async () =>
          (await readMetric(inventoryMetrics, 'stock_live_subscriptions_opened_total')) - openedBefore === 2 &&
          (await readMetric(inventoryMetrics, 'stock_live_subscribers')) === 1,
        { what: 'one shared upstream carrying both skus', timeoutMs: 30_000 },
      );

      const [level] = await admin.levels('SG-0031');
      await admin.setOnHand('SG-0031', level.location.id, level.onHand + 11);
      await admin.setOnHand('SG-0032', level.location.id, 77);
      await waitFor(() => overSse.results.length >= 1 && overWs.results.length >= 1, {
        what: 'an event over each transport',
        timeoutMs: 30_000,
      });
      expect(overSse.results).toEqual([
        {
          data: {
            stockChanged: {
              sku: 'SG-0031',
              available: level.onHand + 11 - level.reserved - level.safetyStock,
              product: { name: expect.any(String) as unknown },
            },
          },
        },
      ]);
      expect(overWs.results[0]?.data?.stockChanged.sku).toBe('SG-0032');
      overSse.dispose();
      await overWs.dispose();
      await waitFor(async () => (await readMetric(`${stack.origin}/metrics`, 'gateway_client_subscriptions')) === 0, {
        what: 'both subscriptions to end',
        timeoutMs: 30_000,
      });
    },
    TIMEOUT.test,
  );

  it(
    'answers a refused subscription with its coded errors, as over WebSocket, and a query asked as a stream likewise',
    async () => {
      const tooMany = sseSubscribe(client, WATCH, {
        skus: Array.from({ length: 1001 }, (_unused, i) => `SG-${String(i).padStart(4, '0')}`),
      });
      const notASubscription = sseSubscribe(client, '{ categories { id } }', {});
      await waitFor(() => tooMany.completed() && notASubscription.completed(), {
        what: 'both refusals',
        timeoutMs: 30_000,
      });
      expect(tooMany.results[0]?.errors?.[0]?.extensions?.code).toBe('INPUT_LIST_TOO_LONG');
      expect(notASubscription.results[0]?.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_SUPPORTED');
    },
    TIMEOUT.test,
  );

  it(
    'refuses a bad token with 401 before reading anything, as every request',
    async () => {
      const response = await fetch(`${stack.origin}/graphql`, {
        method: 'POST',
        headers: {
          accept: 'text/event-stream',
          'content-type': 'application/json',
          authorization: 'Bearer not-a-token',
        },
        body: JSON.stringify({ query: WATCH, variables: { skus: ['SG-0001'] } }),
      });
      expect(response.status).toBe(401);
    },
    TIMEOUT.test,
  );
});
