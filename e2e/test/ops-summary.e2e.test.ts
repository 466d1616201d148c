import {
  describeWithKafka,
  describeWithMysql,
  freshMysqlDatabase,
  graphqlData,
  kafkaBrokers,
  waitFor,
} from '@stockgraph/testing';
import {
  DEMO,
  type DistributedStack,
  type EmbeddedStack,
  kafkaTools,
  NO_TOKEN,
  originOf,
  signedIn,
  startDistributedStack,
  startEmbeddedStack,
  TIMEOUT,
} from '../src';

const WAREHOUSE = 'warehouse.stock-updated.v1';
const DEAD_LETTER_TOPICS = [
  'inventory.stock.v1',
  'inventory.reservations.v1',
  WAREHOUSE,
  'catalog.products.v1',
  'catalog.categories.v1',
  'order.events.v1',
  'store.sync.v1',
].map((topic) => `${topic}.dlq`);

interface RecentDeadLetter {
  key: string | null;
  reason: string | null;
  detail: string | null;
  consumer: string | null;
  failedAt: string | null;
  sourceTopic: string | null;
  sourcePartition: number | null;
  sourceOffset: string | null;
  valuePreview: string | null;
}

interface RecentDeadLetters {
  available: boolean;
  topics: Array<{ topic: string; seen: number; latest: RecentDeadLetter[] }>;
}

/** The summary's recent dead letters of `topic`, once the tail has read at least `seen` of them. */
async function deadLettersOf(origin: string, ops: Record<string, string>, topic: string, seen = 1) {
  return waitFor(
    async () => {
      const { recentDeadLetters } = (await (await fetch(`${origin}/ops/summary`, { headers: ops })).json()) as {
        recentDeadLetters: RecentDeadLetters;
      };
      const tail = recentDeadLetters.topics.find((t) => t.topic === topic);
      return recentDeadLetters.available && tail && tail.seen >= seen ? { recentDeadLetters, tail } : undefined;
    },
    { what: `${seen} dead letter(s) on ${topic} in the operations summary`, timeoutMs: 30_000 },
  );
}

/** The gateway's read-only operations summary: from the services' own metrics, for ops only. */
describe('operations summary at the gateway', () => {
  let stack: EmbeddedStack;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await stack?.stop();
  }, TIMEOUT.stopStack);

  const summary = (headers: Record<string, string>) => fetch(`${stack.origin}/ops/summary`, { headers });

  it(
    'refuses anyone but ops: 401 without a token, 403 for a customer',
    async () => {
      expect((await summary({})).status).toBe(401);
      expect((await summary(await signedIn(stack.origin, 'alice'))).status).toBe(403);
    },
    TIMEOUT.test,
  );

  it(
    "reports every service, the checkout circuit and inventory's call rate to ops",
    async () => {
      const ops = await signedIn(stack.origin, 'ops');
      const first = await summary(ops);
      expect(first.headers.get('cache-control')).toBe('no-store');
      const before = (await first.json()) as {
        services: unknown[];
        checkout: { circuit: string; inventoryCalls: Array<{ total: number }> };
        deadLetters: unknown[];
        consumerLag: unknown[];
      };
      expect(before.services).toEqual(
        ['catalog', 'inventory', 'order', 'accounts'].map((service) => ({ service, reachable: true })),
      );
      expect(before.checkout.circuit).toBe('closed');
      expect(Array.isArray(before.deadLetters) && Array.isArray(before.consumerLag)).toBe(true);
      const callsBefore = before.checkout.inventoryCalls.reduce((sum, c) => sum + c.total, 0);

      await graphqlData(
        `${stack.origin}/graphql`,
        'mutation { validateStock(input: { items: [{ sku: "SG-0001", quantity: 1 }] }) { ok } }',
        {},
        NO_TOKEN,
      );

      const after = (await (await summary(ops)).json()) as {
        checkout: { inventoryCalls: Array<{ total: number }>; inventoryCallsPerSecond: number | null };
      };
      expect(after.checkout.inventoryCalls.reduce((sum, c) => sum + c.total, 0)).toBeGreaterThan(callsBefore);
      expect(after.checkout.inventoryCallsPerSecond).toBeGreaterThan(0);
    },
    TIMEOUT.test,
  );

  it(
    'shows ops the dead letter of a count ingestion refused, with its reason, on the in-process bus',
    async () => {
      const ops = await signedIn(stack.origin, DEMO.ops);
      // Well-formed, so the API takes it; no location stocks the sku, so ingestion dead-letters it.
      const submitted = await graphqlData<{ submitWarehouseCounts: number }>(
        `${stack.origin}/graphql`,
        'mutation { submitWarehouseCounts(counts: [{ sku: "SG-9999", locationId: "madrid-dc", onHand: 5 }], source: "e2e-ops") }',
        {},
        ops,
      );
      expect(submitted.submitWarehouseCounts).toBe(1);

      const { recentDeadLetters, tail } = await deadLettersOf(stack.origin, ops, `${WAREHOUSE}.dlq`);

      expect(recentDeadLetters.topics.map((t) => t.topic)).toEqual(DEAD_LETTER_TOPICS);
      expect(tail.seen).toBe(1);
      expect(tail.latest).toEqual([
        {
          key: 'SG-9999',
          reason: 'UNKNOWN_SKU',
          detail: expect.stringContaining('SG-9999') as unknown,
          consumer: 'warehouse-ingestion',
          failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
          sourceTopic: WAREHOUSE,
          sourcePartition: 0,
          sourceOffset: expect.stringMatching(/^\d+$/) as unknown,
          valuePreview: expect.stringMatching(/^\{"specversion":"1.0"/) as unknown,
        },
      ]);
    },
    TIMEOUT.test,
  );
});

/**
 * The same on the distributed stack: the gateway reads the dead-letter topics from Kafka in
 * a group of its own, and rebuilds what it shows from the beginning when it restarts.
 */
describeWithMysql('operations summary on the distributed stack', () => {
  describeWithKafka('on Kafka', () => {
    let stack: DistributedStack;
    let tools: ReturnType<typeof kafkaTools>;

    beforeAll(async () => {
      const databases = {
        catalog: await freshMysqlDatabase('ops_catalog'),
        inventory: await freshMysqlDatabase('ops_inventory'),
        order: await freshMysqlDatabase('ops_order'),
      };
      // A fixed instance id: the restarted gateway joins the very group it left.
      stack = await startDistributedStack({
        databases,
        env: { KAFKA_BROKERS: kafkaBrokers().join(','), INSTANCE_ID: 'ops-summary-e2e' },
      });
      tools = kafkaTools(kafkaBrokers().join(','), stack.kafkaNamespace);
    }, TIMEOUT.startStack);

    afterAll(async () => {
      await tools?.close();
      await stack?.stop();
    }, TIMEOUT.stopStack);

    it(
      'shows a malformed warehouse event dead-lettered on Kafka, its value cut short, and again after the gateway restarts',
      async () => {
        const origin = originOf(stack.gatewayUrl);
        const ops = await signedIn(origin, DEMO.ops);
        await tools.publish(WAREHOUSE, [{ key: 'SG-0001', value: `{"not json ${'x'.repeat(5000)}` }]);

        const { recentDeadLetters, tail } = await deadLettersOf(origin, ops, `${WAREHOUSE}.dlq`);

        expect(recentDeadLetters.topics.map((t) => t.topic)).toEqual(DEAD_LETTER_TOPICS);
        expect(tail.seen).toBe(1);
        expect(tail.latest[0]).toMatchObject({
          key: 'SG-0001',
          reason: 'INVALID_JSON',
          consumer: 'warehouse-ingestion',
          sourceTopic: WAREHOUSE,
        });
        expect(tail.latest[0]?.valuePreview?.startsWith('{"not json xxx')).toBe(true);
        expect(tail.latest[0]?.valuePreview?.length).toBeLessThanOrEqual(200);

        await stack.restart('gateway');
        const again = await deadLettersOf(origin, ops, `${WAREHOUSE}.dlq`);

        expect(again.tail.seen).toBe(1);
        expect(again.tail.latest).toEqual(tail.latest);
      },
      TIMEOUT.longTest,
    );
  });
});
