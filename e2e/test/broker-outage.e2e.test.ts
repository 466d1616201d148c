import { randomUUID } from 'node:crypto';
import { describeWithKafka, describeWithMysql, freshMysqlDatabase, graphqlData, waitFor } from '@stockgraph/testing';
import {
  DEMO,
  type DistributedStack,
  originOf,
  ownKafkaBroker,
  type OwnKafkaBroker,
  readMetric,
  recordSubscription,
  signedIn,
  startDistributedStack,
  TIMEOUT,
} from '../src';

/**
 * The broker goes away while stock keeps changing: commits still succeed, the outbox
 * keeps the events, and when the broker is back every event reaches the subscriber, in
 * order, once.
 */
describeWithMysql('a Kafka outage', () => {
  describeWithKafka('distributed stack on a broker of its own', () => {
    let broker: OwnKafkaBroker;
    let stack: DistributedStack;

    beforeAll(async () => {
      broker = await ownKafkaBroker();
      await broker.start();
      stack = await startDistributedStack({
        databases: {
          catalog: await freshMysqlDatabase('outage_catalog'),
          inventory: await freshMysqlDatabase('outage_inventory'),
          order: await freshMysqlDatabase('outage_order'),
        },
        // The queued events arrive in one burst once the broker is back: every one is checked, so no rate gate.
        env: { KAFKA_BROKERS: broker.brokers, OUTBOX_POLL_MS: '500', SUBSCRIPTION_UPDATES_PER_SECOND: '0' },
      });
    }, TIMEOUT.startStack);

    afterAll(async () => {
      await stack?.stop();
      await broker?.destroy();
    }, TIMEOUT.stopStack);

    it(
      'loses nothing and repeats nothing while the broker is down',
      async () => {
        const gateway = stack.gatewayUrl;
        const ops = await signedIn(originOf(gateway), DEMO.ops);
        // Operations watch the quantities (`reserved` is staff's; the public see `available`).
        const watcher = recordSubscription(
          gateway,
          `subscription { stockChanged(skus: ["SG-0009"]) { sku version reserved } }`,
          {},
          { connectionParams: { authorization: ops.authorization } },
        );
        const inventoryMetrics = stack.urls.inventory.replace('/graphql', '/metrics');
        await waitFor(async () => (await readMetric(inventoryMetrics, 'stock_live_subscribers')) === 1, {
          what: 'the live subscription',
        });
        const reserve = () =>
          graphqlData(
            gateway,
            `mutation ($key: String!) { reserveStock(input: { lines: [{ sku: "SG-0009", quantity: 1, locationId: "madrid-dc" }] }, idempotencyKey: $key) { reservation { id } } }`,
            { key: randomUUID() },
            ops,
          );

        await broker.stop();
        for (let i = 0; i < 5; i += 1) await reserve();
        expect(watcher.results).toEqual([]);

        await broker.start();
        await waitFor(() => watcher.results.length >= 5, { what: 'the five queued events', timeoutMs: 60_000 });
        await reserve();
        await waitFor(() => watcher.results.length >= 6, { what: 'the event after recovery', timeoutMs: 30_000 });

        const versions = watcher.results.map((r) => r.data?.stockChanged.version as number);
        expect(versions).toEqual(Array.from({ length: 6 }, (_, i) => (versions[0] ?? 0) + i));
        expect(watcher.results.map((r) => r.data?.stockChanged.reserved)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(watcher.failures).toEqual([]);
        await watcher.dispose();
      },
      TIMEOUT.longTest,
    );
  });
});
