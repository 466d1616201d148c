import { randomBytes, randomUUID } from 'node:crypto';
import { describeWithKafka, describeWithMysql, graphqlData, waitFor } from '@stockgraph/testing';
import {
  type CollectedSpan,
  DEMO,
  type DistributedStack,
  originOf,
  type RecordedSubscription,
  recordSubscription,
  signedIn,
  TIMEOUT,
  type TraceCollector,
} from '../src';
import { sharedDistributedStack, sharedTraceCollector } from './support/shared-stacks';
import { stockAdmin } from './support/stock-admin';
import { stockSubscribersReach, stockSubscriptions } from './support/stock-subscribers';

/** No other suite touches it. */
const SKU = 'SG-0047';
const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;

/**
 * Seed 002–004's trace, on the distributed stack (five processes, MariaDB, Kafka), whose
 * services export spans over OTLP to the worker's receiver and record only traces started
 * sampled: one reservation through the gateway is one trace, from the gateway's request
 * through inventory's mutation and SQL, the outbox relay's Kafka publish, the catalog's
 * projection and inventory's live feed, to the gateway handing the change to a subscriber.
 */
describeWithMysql('one trace from the request to the screen', () => {
  describeWithKafka('on the distributed stack', () => {
    let stack: DistributedStack;
    let traces: TraceCollector;
    let ops: Record<string, string>;
    let subscriber: RecordedSubscription | undefined;

    beforeAll(async () => {
      stack = await sharedDistributedStack();
      traces = await sharedTraceCollector();
      ops = await signedIn(originOf(stack.gatewayUrl), DEMO.ops);
      await stockAdmin(stack.gatewayUrl, ops).setAvailable(SKU, 20);
    }, TIMEOUT.startStack);

    afterAll(async () => {
      await subscriber?.dispose();
    });

    test('a reservation, its SQL, its Kafka publish, the projection and the subscription delivery share one trace', async () => {
      const inventoryMetrics = stack.urls.inventory.replace('/graphql', '/metrics');
      const { opened } = await stockSubscriptions(inventoryMetrics);
      subscriber = recordSubscription(
        stack.gatewayUrl,
        'subscription ($skus: [ID!]) { stockChanged(skus: $skus) { sku available version } }',
        { skus: [SKU] },
        { connectionParams: ops },
      );
      await stockSubscribersReach(inventoryMetrics, 1, opened);

      // What a traced client (or a proxy in front of the gateway) sends: a sampled trace context.
      const traceId = randomBytes(16).toString('hex');
      const data = await graphqlData<{ reserveStock: { reservation: { id: string } | null } }>(
        stack.gatewayUrl,
        'mutation ($key: String!, $input: ReserveStockInput!) { reserveStock(idempotencyKey: $key, input: $input) { reservation { id } } }',
        { key: randomUUID(), input: { lines: [{ sku: SKU, quantity: 2 }] } },
        { ...ops, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      );
      expect(data.reserveStock.reservation).not.toBeNull();
      await waitFor(() => subscriber?.results.some((r) => r.data?.stockChanged?.available === 18) === true, {
        what: 'the subscriber to see the hold',
        timeoutMs: 30_000,
      });

      const expected: Record<string, (span: CollectedSpan) => boolean> = {
        "the gateway's request": (s) => s.service === 'gateway' && s.kind === SPAN_KIND.server,
        "the gateway's plan execution": (s) => s.service === 'gateway' && s.name === 'gateway.execute',
        "inventory's mutation": (s) => s.service === 'inventory' && s.name.startsWith('mutation'),
        "inventory's SQL": (s) => s.service === 'inventory' && s.scope === '@opentelemetry/instrumentation-mysql2',
        'the Kafka publish of the stock change': (s) =>
          s.service === 'inventory' && s.kind === SPAN_KIND.producer && s.name === 'send inventory.stock.v1',
        "the catalog's projection": (s) =>
          s.service === 'catalog' &&
          s.kind === SPAN_KIND.consumer &&
          s.attributes['messaging.consumer.group.name'] === 'catalog-projection',
        "inventory's live feed": (s) =>
          s.service === 'inventory' &&
          s.kind === SPAN_KIND.consumer &&
          s.attributes['messaging.consumer.group.name'] === 'inventory-live-feed',
        "inventory's subscription result": (s) => s.service === 'inventory' && s.name === 'subscription stockChanged',
        "the gateway's delivery to subscribers": (s) =>
          s.service === 'gateway' && s.name === 'deliver stockChanged' && s.attributes['stockgraph.subscribers'] === 1,
      };
      const missing = () =>
        Object.entries(expected)
          .filter(([, match]) => !traces.trace(traceId).some(match))
          .map(([what]) => what);
      await waitFor(
        () => {
          const absent = missing();
          if (absent.length > 0) {
            const have = traces.trace(traceId).map((s) => `${s.service}:${s.name}`);
            throw new Error(`not yet in the trace: ${absent.join('; ')} (it has ${have.join(', ')})`);
          }
          return true;
        },
        { what: `every hop in trace ${traceId}`, timeoutMs: 30_000 },
      );

      // One tree: every span's parent is in the trace, but for the root (the caller's span).
      const spans = traces.trace(traceId);
      const ids = new Set(spans.map((s) => s.spanId));
      const roots = spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
      expect(roots.map((s) => `${s.service} ${s.name}`)).toEqual(['gateway POST']);
      // The delivery descends from the publish, through the live feed and the subscription.
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const ancestry = (span: CollectedSpan): string[] => {
        const chain: string[] = [];
        for (let at: CollectedSpan | undefined = span; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined)
          chain.push(at.name);
        return chain;
      };
      const delivery = spans.find((s) => s.name === 'deliver stockChanged') as CollectedSpan;
      expect(ancestry(delivery)).toEqual(
        expect.arrayContaining(['subscription stockChanged', 'process inventory.stock.v1', 'send inventory.stock.v1']),
      );
    }, 120_000);
  });
});
