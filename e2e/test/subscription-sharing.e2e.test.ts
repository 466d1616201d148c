import { randomUUID } from 'node:crypto';
import { describeWithKafka, describeWithMysql, graphqlData, waitFor } from '@stockgraph/testing';
import { DEMO, type DistributedStack, originOf, readMetric, signedIn, TIMEOUT } from '../src';
import { type LiveClient, subscribeLive } from '../src/role-matrix/live-client';
import { sharedDistributedStack } from './support/shared-stacks';

const CLIENTS = 1000;
const SKUS = Array.from({ length: 20 }, (_unused, i) => `SG-00${String(i + 21).padStart(2, '0')}`);
const SKUS_PER_CLIENT = 3;
const CHANGES_PER_SKU = 5;
/** Sockets opened at once: quick, without swamping a 2-core machine. */
const CONNECT_BATCH = 50;
/** Two selections: what a badge needs, and what a product card needs from two subgraphs. */
const SELECTIONS = [
  'subscription ($skus: [ID!]) { stockChanged(skus: $skus, locationIds: ["madrid-dc"]) { sku locationId version available } }',
  'subscription Card($watch: [ID!]) { change: stockChanged(skus: $watch) { sku locationId version available product { name } } }',
];

interface Received {
  sku: string;
  locationId: string;
  version: number;
}

/** Stock changes at Berlin too, for a quarter of the skus: clients watching Madrid only must not see them. */
const BERLIN_SKUS = SKUS.slice(0, 5);

/**
 * Live stock shared by selection, on the distributed stack (MariaDB, Kafka): a thousand
 * clients watching different skus with two different selections cost inventory exactly
 * two subscriptions (selections × subgraphs), and each client still gets exactly the
 * events of its own skus, each once, in order.
 */
describeWithMysql('live stock shared by selection', () => {
  describeWithKafka('on Kafka', () => {
    let stack: DistributedStack;
    const clients: Array<{ client: LiveClient; skus: string[]; selection: number }> = [];

    beforeAll(async () => {
      // Its gateway outwaits a subgraph for 60 s, as a thousand clients connecting on two cores need.
      stack = await sharedDistributedStack();
    }, TIMEOUT.startStack);

    afterAll(async () => {
      for (let i = 0; i < clients.length; i += CONNECT_BATCH)
        await Promise.all(clients.slice(i, i + CONNECT_BATCH).map(({ client }) => client.dispose()));
    }, TIMEOUT.stopStack);

    it(
      'serves 1,000 clients of two selections from two inventory subscriptions, each client getting exactly its own events (skus, and locations when it names them), once, in order',
      async () => {
        for (let i = 0; i < CLIENTS; i += CONNECT_BATCH) {
          const batch = Array.from({ length: Math.min(CONNECT_BATCH, CLIENTS - i) }, (_unused, j) => {
            const n = i + j;
            const skus = Array.from({ length: SKUS_PER_CLIENT }, (_unused2, k) => SKUS[(n * 7 + k * 3) % SKUS.length]);
            const selection = n % 2;
            const variables = selection === 0 ? { skus } : { watch: skus };
            return { client: subscribeLive(stack.gatewayUrl, SELECTIONS[selection], variables), skus, selection };
          });
          clients.push(...batch);
          await Promise.all(batch.map(({ client }) => client.acknowledged));
        }
        const gatewayMetrics = stack.gatewayUrl.replace('/graphql', '/metrics');
        const inventoryMetrics = stack.urls.inventory.replace('/graphql', '/metrics');
        await waitFor(async () => (await readMetric(gatewayMetrics, 'gateway_client_subscriptions')) === CLIENTS, {
          what: 'every client subscribed',
          timeoutMs: 120_000,
          intervalMs: 200,
        });
        // Widening the unions as clients arrived replaced upstreams; the replaced ones close after their overlap.
        await waitFor(
          async () => (await readMetric(inventoryMetrics, 'stock_live_subscribers')) === SELECTIONS.length,
          {
            what: 'one inventory subscription per selection',
            timeoutMs: 60_000,
            intervalMs: 200,
          },
        );
        expect(await readMetric(gatewayMetrics, 'gateway_subscription_groups')).toBe(SELECTIONS.length);

        const ops = await signedIn(originOf(stack.gatewayUrl), DEMO.ops);
        const made: Received[] = [];
        for (let round = 0; round < CHANGES_PER_SKU; round += 1) {
          for (const [sku, locationId] of [
            ...SKUS.map((sku) => [sku, 'madrid-dc']),
            ...BERLIN_SKUS.map((sku) => [sku, 'berlin-dc']),
          ] as Array<[string, string]>) {
            const data = await graphqlData<{ adjustStock: { stockLevel: { version: number } } }>(
              stack.gatewayUrl,
              'mutation ($key: String!, $input: AdjustStockInput!) { adjustStock(idempotencyKey: $key, input: $input) { stockLevel { version } } }',
              { key: randomUUID(), input: { sku, locationId, delta: 1, reason: 'RECEIVED' } },
              ops,
            );
            made.push({ sku, locationId, version: data.adjustStock.stockLevel.version });
          }
        }
        const expected = (skus: string[], selection: number) =>
          made.filter((change) => skus.includes(change.sku) && (selection === 1 || change.locationId === 'madrid-dc'));
        await waitFor(
          () =>
            clients.every(({ client, skus, selection }) => client.results.length >= expected(skus, selection).length),
          {
            what: 'every client to get its skus’ changes',
            timeoutMs: 120_000,
            intervalMs: 200,
          },
        );

        for (const { client, skus, selection } of clients) {
          const received: Received[] = client.results.map((result) => {
            const event = (selection === 0 ? result.data?.stockChanged : result.data?.change) as Received & {
              product?: { name: string };
            };
            return { sku: event.sku, locationId: event.locationId, version: event.version };
          });
          // Exactly its own events (its skus; Madrid only for the first selection), nothing twice; per stock level in commit order.
          const byLevel = (list: Received[]) =>
            [...new Set(list.map((r) => `${r.sku}@${r.locationId}`))]
              .sort()
              .map((level) => [level, list.filter((r) => `${r.sku}@${r.locationId}` === level).map((r) => r.version)]);
          expect(received).toHaveLength(expected(skus, selection).length);
          expect(byLevel(received)).toEqual(byLevel(expected(skus, selection)));
          expect(client.failures).toEqual([]);
        }
        // The second selection's catalog field came through the shared plan.
        const card = clients.find(({ selection }) => selection === 1)?.client.results[0]?.data?.change as
          { product: { name: string } } | undefined;
        expect(card?.product.name).toEqual(expect.any(String));
        expect(await readMetric(inventoryMetrics, 'stock_live_subscribers')).toBe(SELECTIONS.length);
      },
      TIMEOUT.longTest,
    );
  });
});
