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
    const opened = () => readMetric(inventoryMetrics(), 'stock_live_subscriptions_opened_total');
    const clients = () => readMetric(gateway.replace('/graphql', '/metrics'), 'gateway_client_subscriptions');
    /**
     * Waits for a settled upstream: every client counted by the gateway, `opens` upstream
     * subscriptions opened at inventory since `openedBefore`, and only the last still open.
     * Clients of one selection share one upstream; one that needs another sku widens it, and
     * the narrower one stays beside it for up to 2 s (UPSTREAM_OVERLAP_MS), which a loaded
     * machine outlasts: tests assert this settled state, never the overlap.
     */
    const settled = (clientCount: number, openedBefore: number, opens: number) =>
      waitFor(
        async () =>
          (await clients()) === clientCount &&
          (await opened()) - openedBefore === opens &&
          (await liveSubscribers()) === 1,
        { what: `${clientCount} client(s) on one upstream subscription, after ${opens} opened` },
      );
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
        const openedBefore = await opened();
        const watcherX = subscribe(['SG-0001']);
        const watcherY = subscribe(['SG-0002']);
        await settled(2, openedBefore, 2);
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
      'clients watching different skus of one selection share one upstream, widened to carry both',
      async () => {
        const openedBefore = await opened();
        const first = subscribe(['SG-0003']);
        const second = subscribe(['SG-0003']);
        await settled(2, openedBefore, 1);

        const other = subscribe(['SG-0004']);
        await settled(3, openedBefore, 2);
        await reserve('SG-0003');
        await waitFor(() => first.results.length >= 1 && second.results.length >= 1, { what: 'both clients' });
        expect(first.results).toEqual(second.results);
        expect(other.results).toEqual([]);
        await reserve('SG-0004');
        await waitFor(() => other.results.length >= 1, { what: 'the SG-0004 event' });
        expect(other.results.map((r) => r.data?.stockChanged.sku)).toEqual(['SG-0004']);
        expect(first.results).toHaveLength(1);

        await first.dispose();
        await waitFor(async () => (await clients()) === 2, { what: 'the gateway to drop the client' });
        expect(await liveSubscribers()).toBe(1);
        expect((await opened()) - openedBefore).toBe(2);
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
        // 1,001 skus in a variable are longer than any list the API takes: the gateway's
        // input limit refuses them, naming the variable; 1,000 pass it and the filter's own
        // bound (also 1,000, with the argument it concerns) is the subgraph's to keep.
        const skus = await tooMany({ skus: Array.from({ length: 1001 }, (_, i) => `SG-${i}`) });
        expect(skus).toContain('"code":"INPUT_LIST_TOO_LONG"');
        expect(skus).toContain('$skus holds 1,001 items');
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
        const openedBefore = await opened();
        const watchers = [subscribe(['SG-0006']), subscribe(['SG-0007'])];
        await settled(2, openedBefore, 2);
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
