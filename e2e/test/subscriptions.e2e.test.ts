import { randomUUID } from 'node:crypto';
import { describeWithKafka, describeWithMysql, graphqlData, waitFor } from '@stockgraph/testing';
import {
  DEMO,
  type DistributedStack,
  originOf,
  readMetric,
  type RecordedSubscription,
  recordSubscription,
  signedIn,
  TIMEOUT,
} from '../src';
import { sharedDistributedStack } from './support/shared-stacks';

const STOCK_CHANGED = `subscription ($skus: [ID!]) {
  stockChanged(skus: $skus) { sku locationId available version product { name price { amount } } }
}`;

/**
 * Live stock through the whole distributed system: inventory commits, its outbox
 * publishes to Kafka, inventory's live feed consumes, the gateway's federated
 * subscription completes the event with catalog fields and pushes it to the client.
 */
describeWithMysql('federated subscriptions over Kafka', () => {
  describeWithKafka('distributed stack', () => {
    let stack: DistributedStack;
    let gateway: string;
    /** Holds are made by operations; the subscribers watch stock anonymously, as a storefront does. */
    let ops: Record<string, string>;
    const open: RecordedSubscription[] = [];

    beforeAll(async () => {
      // Its settings include SUBSCRIPTIONS_PER_CONNECTION=3, the cap this suite tests.
      stack = await sharedDistributedStack();
      gateway = stack.gatewayUrl;
      ops = await signedIn(originOf(gateway), DEMO.ops);
    }, TIMEOUT.startStack);

    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.dispose()));
      await waitFor(async () => (await liveSubscribers()) === 0, { what: 'subscriptions to close upstream' });
    }, TIMEOUT.stopStack);

    const inventoryMetrics = () => stack.urls.inventory.replace('/graphql', '/metrics');
    const liveSubscribers = () => readMetric(inventoryMetrics(), 'stock_live_subscribers');
    const subscribe = (skus: string[], query = STOCK_CHANGED) => {
      const recorded = recordSubscription(gateway, query, { skus });
      open.push(recorded);
      return recorded;
    };
    const reserve = (sku: string, quantity = 1) =>
      graphqlData<{ reserveStock: { reservation: { id: string } | null } }>(
        gateway,
        `mutation ($sku: ID!, $q: Int!, $key: String!) { reserveStock(input: { lines: [{ sku: $sku, quantity: $q }] }, idempotencyKey: $key) { reservation { id } } }`,
        { sku, q: quantity, key: randomUUID() },
        ops,
      );

    it(
      'pushes a committed reservation to subscribers of that sku only, completed with catalog fields',
      async () => {
        const watcherX = subscribe(['SG-0001']);
        const watcherY = subscribe(['SG-0002']);
        await waitFor(async () => (await liveSubscribers()) === 2, { what: 'two live subscriptions' });
        await reserve('SG-0001', 2);
        await waitFor(() => watcherX.results.length >= 1, { what: 'the SG-0001 event', timeoutMs: 30_000 });
        expect(watcherX.results[0]).toEqual({
          data: {
            stockChanged: {
              sku: 'SG-0001',
              locationId: 'madrid-dc',
              available: 55,
              version: 2,
              product: { name: 'Classic Trail Runner', price: { amount: 4778 } },
            },
          },
        });
        await reserve('SG-0002');
        await waitFor(() => watcherY.results.length >= 1, { what: 'the SG-0002 event', timeoutMs: 30_000 });
        expect(watcherY.results.map((r) => r.data?.stockChanged.sku)).toEqual(['SG-0002']);
        expect(watcherX.results).toHaveLength(1);
      },
      TIMEOUT.test,
    );

    it(
      'two clients with the same subscription share one upstream subscription',
      async () => {
        const first = subscribe(['SG-0003']);
        const second = subscribe(['SG-0003']);
        const other = subscribe(['SG-0004']);
        await waitFor(async () => (await liveSubscribers()) === 2, {
          what: 'two upstream subscriptions for three clients',
        });
        await reserve('SG-0003');
        await waitFor(() => first.results.length >= 1 && second.results.length >= 1, { what: 'both clients' });
        expect(first.results).toEqual(second.results);
        expect(await liveSubscribers()).toBe(2);
        expect(other.results).toEqual([]);
        await first.dispose();
        const gatewayMetrics = gateway.replace('/graphql', '/metrics');
        await waitFor(async () => (await readMetric(gatewayMetrics, 'gateway_client_subscriptions')) === 2, {
          what: 'the gateway to drop the client',
        });
        expect(await liveSubscribers()).toBe(2);
      },
      TIMEOUT.test,
    );

    it(
      'refuses more subscriptions on one connection than configured',
      async () => {
        const { createClient } = await import('graphql-ws');
        const WebSocket = (await import('ws')).default;
        const client = createClient({ url: gateway.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
        const outcomes: unknown[] = [];
        const disposers = Array.from({ length: 4 }, (_, i) =>
          client.subscribe(
            { query: STOCK_CHANGED, variables: { skus: [`SG-00${20 + i}`] } },
            { next: () => undefined, error: (e) => outcomes.push(e), complete: () => undefined },
          ),
        );
        await waitFor(() => outcomes.length >= 1, { what: 'the refusal' });
        expect(JSON.stringify(outcomes[0])).toContain('SUBSCRIPTION_LIMIT');
        disposers.forEach((d) => d());
        await client.dispose();
      },
      TIMEOUT.test,
    );

    // The gateway holds these bounds itself (the subgraph declares them on @liveFilter): with a
    // shared upstream, a client's values may never reach the subgraph to be refused there.
    it(
      'refuses a stockChanged filter over its bounds with a code and the argument it concerns',
      async () => {
        const tooMany = async (variables: Record<string, unknown>) => {
          const watcher = recordSubscription(
            gateway,
            'subscription ($skus: [ID!], $locationIds: [ID!]) { stockChanged(skus: $skus, locationIds: $locationIds) { sku } }',
            variables,
          );
          try {
            await waitFor(() => watcher.results.length + watcher.failures.length > 0 || watcher.completed, {
              what: 'the refusal',
              timeoutMs: 30_000,
            });
            return JSON.stringify([watcher.results, watcher.failures]);
          } finally {
            await watcher.dispose();
          }
        };
        const skus = await tooMany({ skus: Array.from({ length: 1001 }, (_, i) => `SG-${i}`) });
        expect(skus).toContain('"code":"TOO_MANY_FILTER_VALUES","field":"skus"');
        const locations = await tooMany({
          skus: ['SG-0001'],
          locationIds: Array.from({ length: 101 }, (_, i) => `loc-${i}`),
        });
        expect(locations).toContain('"code":"TOO_MANY_FILTER_VALUES","field":"locationIds"');
        expect(locations).not.toContain('"field":"skus"');
      },
      TIMEOUT.test,
    );

    it(
      'survives a restart of the inventory subgraph: the gateway re-subscribes and events resume',
      async () => {
        const watcher = subscribe(['SG-0005']);
        await waitFor(async () => (await liveSubscribers()) === 1, { what: 'the live subscription' });
        await stack.restart('inventory', { crash: true });
        await waitFor(async () => (await liveSubscribers()) === 1, {
          what: 're-subscription after the restart',
          timeoutMs: 30_000,
        });
        await reserve('SG-0005');
        await waitFor(() => watcher.results.length >= 1, { what: 'an event after the restart', timeoutMs: 30_000 });
        expect(watcher.results[0]?.data?.stockChanged.sku).toBe('SG-0005');
        expect(watcher.failures).toEqual([]);
        expect(watcher.completed).toBe(false);
      },
      TIMEOUT.test,
    );

    it(
      'tells every client to come back when the gateway shuts down (1001, going away), completing no subscription',
      async () => {
        const watchers = [subscribe(['SG-0006']), subscribe(['SG-0007'])];
        await waitFor(async () => (await liveSubscribers()) === 2, { what: 'live subscriptions' });
        await stack.restart('gateway');
        // These clients do not retry, so the close reaches them as a failure; a retrying client reconnects (pages-distributed test).
        await waitFor(() => watchers.every((w) => w.failures.length > 0), { what: 'every client told of the close' });
        expect(watchers.map((w) => (w.failures[0] as { code?: number }).code)).toEqual([1001, 1001]);
        expect(watchers.some((w) => w.completed)).toBe(false);
      },
      TIMEOUT.test,
    );
  });
});
