import { randomUUID } from 'node:crypto';
import { TOPICS, WAREHOUSE_STOCK_UPDATED, type WarehouseStockUpdatedData } from '@stockgraph/events';
import { cloudEventMessage } from '@stockgraph/messaging';
import {
  describeWithKafka,
  describeWithMysql,
  describeWithRedis,
  freshMysqlDatabase,
  type GraphQLResult,
  graphqlData,
  graphqlRequest,
  kafkaBrokers,
  testInfra,
  waitFor,
} from '@stockgraph/testing';
import {
  kafkaTools,
  OPS,
  originOf,
  type ReplicatedService,
  type ReplicatedStack,
  stackTokens,
  startReplicatedStack,
  stockScreen,
  TIMEOUT,
  tokenFrom,
} from '../src';

const HOT = 'TWO-HOT';
const HOT_UNITS = 120;
const DISTINCT = Array.from({ length: 8 }, (_, i) => `TWO-D${i}`);
const COUNTED = Array.from({ length: 4 }, (_, i) => `TWO-W${i}`);
const ORDERED = ['SG-0053', 'SG-0054', 'SG-0055'];
const AT = 'madrid-dc';
/** The load runs until every kill is back, plus this, and never longer than LOAD_MAX_MS. */
const LOAD_TAIL_MS = 3000;
const LOAD_MAX_MS = 240_000;
/** A lost answer is asked again with the same idempotency key, at most this many times. */
const MAX_TRIES = 40;

type Level = { available: number; version: number; onHand: number; reserved: number };

/** One answer per call, however many tries it took; what the caller learnt is all the test counts on. */
async function answered<T>(
  tally: { lost: number },
  call: () => Promise<GraphQLResult<T>>,
  has: (data: T) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const result = await call().catch((error: unknown): GraphQLResult<T> => ({ errors: [{ message: String(error) }] }));
    if (result.data && has(result.data)) return result.data;
    tally.lost += 1;
    if (attempt >= MAX_TRIES) throw new Error(`no answer after ${MAX_TRIES} tries: ${JSON.stringify(result.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * attempt)));
  }
}

/**
 * Issue 21's fault run, in CI: two gateways and two instances of each subgraph on MariaDB,
 * Kafka and Redis, each pair behind a round-robin balancer. Callers reserve a hot sku and
 * distinct ones, place orders and send warehouse counts through both gateways while
 * screens watch live; one instance of each service and one gateway are SIGKILLed mid-load
 * and started again. Every lost answer is asked again with its idempotency key; then every
 * number must follow from the answers: nothing oversold, holds exactly as answered, counts
 * applied, no order stuck, the ledger consistent, the projection matching inventory, and
 * every screen showing the true level.
 */
describeWithMysql('two of everything', () => {
  describeWithKafka('with Kafka', () => {
    describeWithRedis('with Redis', () => {
      let stack: ReplicatedStack;
      let ops: Record<string, string>;
      let shopper: Record<string, string>;
      const screens: Array<ReturnType<typeof stockScreen>> = [];

      beforeAll(async () => {
        stack = await startReplicatedStack({
          databases: {
            catalog: await freshMysqlDatabase('two_catalog'),
            inventory: await freshMysqlDatabase('two_inventory'),
            order: await freshMysqlDatabase('two_order'),
            accounts: await freshMysqlDatabase('two_accounts'),
          },
          env: {
            KAFKA_BROKERS: kafkaBrokers().join(','),
            REDIS_URL: testInfra.redisUrl as string,
            SUBSCRIPTION_UPDATES_PER_SECOND: '0',
            // The projection must converge from events alone: no reconciliation repairs it behind the test's back.
            RECONCILE_INTERVAL_MS: '0',
            OUTBOX_POLL_MS: '500',
          },
        });
        ops = { authorization: await (await stackTokens(stack.authKeyFile)).authorization(OPS) };
        shopper = { authorization: `Bearer ${await tokenFrom(originOf(stack.gatewayUrl), { user: 'alice' })}` };
      }, 360_000);

      afterAll(async () => {
        for (const screen of screens) await screen.dispose();
        await stack?.stop();
      }, TIMEOUT.stopStack);

      const levels = async (skus: readonly string[]): Promise<Map<string, Level>> => {
        const data = await graphqlData<{
          stockLevels: Array<Level & { sku: string; location: { id: string } }>;
        }>(
          stack.urls.inventory,
          'query ($skus: [ID!]!) { stockLevels(skus: $skus) { sku location { id } onHand reserved available version } }',
          { skus },
          ops,
        );
        return new Map(data.stockLevels.map((l) => [`${l.sku}@${l.location.id}`, l]));
      };

      test('SIGKILLs one instance of each service and a gateway mid-load: nothing oversold, lost or stale', async () => {
        const setOnHand = (rows: Array<[string, number]>) =>
          graphqlData(
            stack.urls.inventory,
            'mutation ($inputs: [AdjustStockInput!]!, $key: String!) { adjustStocks(inputs: $inputs, idempotencyKey: $key) { userErrors { code } } }',
            {
              inputs: rows.map(([sku, set]) => ({ sku, locationId: AT, set, reason: 'RECEIVED' })),
              key: randomUUID(),
            },
            ops,
          );
        await setOnHand([
          [HOT, HOT_UNITS],
          ...DISTINCT.map((sku): [string, number] => [sku, 100_000]),
          ...COUNTED.map((sku): [string, number] => [sku, 0]),
          ...ORDERED.map((sku): [string, number] => [sku, 100_000]),
        ]);
        const watched = [HOT, ...DISTINCT, ...COUNTED];

        // Screens: two bound to the gateway that will die, one to the other; each resubscribes with current: true.
        for (const url of [stack.gatewayUrls[0], stack.gatewayUrls[0], stack.gatewayUrls[1]])
          screens.push(stockScreen(url, watched, ops));

        const tally = { lost: 0 };
        const answers = {
          hotReserved: 0,
          hotRefused: 0,
          distinct: new Map<string, number>(),
          orders: [] as Array<{ id: string; sku: string; quantity: number }>,
          counts: 0,
        };
        const lastCount = new Map<string, number>();
        let loading = true;
        const started = Date.now();
        const running = () => loading && Date.now() - started < LOAD_MAX_MS;
        const RESERVE =
          'mutation ($key: String!, $sku: ID!) { reserveStock(idempotencyKey: $key, input: { lines: [{ sku: $sku, quantity: 1 }], ttlSeconds: 3600 }) { reservation { id } userErrors { code } } }';
        type Reserved = {
          reserveStock: { reservation: { id: string } | null; userErrors: Array<{ code: string }> } | null;
        };
        const reserve = (sku: string) => {
          const key = randomUUID();
          return answered<Reserved>(
            tally,
            () => graphqlRequest<Reserved>(stack.gatewayUrl, RESERVE, { key, sku }, ops),
            (d) => d.reserveStock !== null,
          );
        };
        const hotCaller = async () => {
          for (let i = 0; i < 2000 && running(); i += 1) {
            const { reserveStock } = await reserve(HOT);
            if (reserveStock?.reservation) answers.hotReserved += 1;
            else {
              expect(reserveStock?.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
              answers.hotRefused += 1;
            }
          }
        };
        const distinctCaller = async () => {
          for (let i = 0; i < 2000 && running(); i += 1) {
            const sku = DISTINCT[Math.floor(Math.random() * DISTINCT.length)];
            const { reserveStock } = await reserve(sku);
            expect(reserveStock?.reservation).toBeTruthy();
            answers.distinct.set(sku, (answers.distinct.get(sku) ?? 0) + 1);
          }
        };
        const PLACE =
          'mutation ($key: String!, $input: PlaceOrderInput!) { placeOrder(idempotencyKey: $key, input: $input) { order { id status } userErrors { code } } }';
        type Placed = {
          placeOrder: { order: { id: string; status: string } | null; userErrors: Array<{ code: string }> } | null;
        };
        const orderCaller = async () => {
          for (let i = 0; i < 500 && running(); i += 1) {
            const sku = ORDERED[i % ORDERED.length];
            const key = randomUUID();
            const { placeOrder } = await answered<Placed>(
              tally,
              () =>
                graphqlRequest<Placed>(
                  stack.gatewayUrl,
                  PLACE,
                  { key, input: { lines: [{ sku, quantity: 1 }] } },
                  shopper,
                ),
              (d) => d.placeOrder !== null,
            );
            expect(placeOrder?.userErrors).toEqual([]);
            answers.orders.push({ id: placeOrder?.order?.id as string, sku, quantity: 1 });
          }
        };
        const kafka = kafkaTools(kafkaBrokers().join(','), stack.kafkaNamespace);
        const counter = async () => {
          for (let sequence = 1; sequence <= 5000 && running(); sequence += 1) {
            const sku = COUNTED[sequence % COUNTED.length];
            const onHand = 100 + ((sequence * 7) % 50);
            const data: WarehouseStockUpdatedData = {
              sku,
              locationId: AT,
              onHand,
              sequence,
              observedAt: new Date().toISOString(),
            };
            await kafka.publish(TOPICS.warehouseStockUpdated, [
              cloudEventMessage(TOPICS.warehouseStockUpdated, sku, {
                source: '/warehouse/two',
                type: WAREHOUSE_STOCK_UPDATED,
                data,
              }),
            ]);
            lastCount.set(sku, onHand);
            answers.counts += 1;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        };
        const takeovers: Array<[string, number]> = [];
        const killer = async () => {
          await waitFor(() => answers.hotReserved + answers.distinct.size > 20, {
            what: 'load to be under way',
            timeoutMs: 60_000,
          });
          for (const service of ['gateway', 'inventory', 'catalog', 'order', 'accounts'] as ReplicatedService[]) {
            takeovers.push([`${service}-0`, await stack.crashAndRestart(service, 0)]);
          }
          await new Promise((resolve) => setTimeout(resolve, LOAD_TAIL_MS));
          loading = false;
        };
        try {
          await Promise.all([
            killer(),
            ...Array.from({ length: 4 }, hotCaller),
            ...Array.from({ length: 3 }, distinctCaller),
            orderCaller(),
            counter(),
          ]);
        } finally {
          loading = false;
          await kafka.close();
        }
        expect(takeovers).toHaveLength(5);

        // Holds exactly as answered, and the hot sku never oversold.
        const hot = (await levels([HOT])).get(`${HOT}@${AT}`) as Level;
        expect(hot.onHand).toBe(HOT_UNITS);
        expect(hot.reserved).toBe(answers.hotReserved);
        expect(hot.reserved).toBeLessThanOrEqual(hot.onHand);
        const distinct = await levels(DISTINCT);
        for (const sku of DISTINCT)
          expect(distinct.get(`${sku}@${AT}`)?.reserved ?? 0).toBe(answers.distinct.get(sku) ?? 0);

        // No order stuck; what the held ones hold is exactly what inventory holds.
        const ORDER = 'query ($id: ID!) { order(id: $id) { id status } }';
        const statuses = new Map<string, string>();
        await waitFor(
          async () => {
            for (const { id } of answers.orders) {
              const { order } = await graphqlData<{ order: { status: string } }>(stack.urls.order, ORDER, { id }, ops);
              statuses.set(id, order.status);
            }
            return [...statuses.values()].every((status) => status !== 'PENDING');
          },
          { what: 'no order left PENDING', timeoutMs: 120_000, intervalMs: 1000 },
        );
        const ordered = await levels(ORDERED);
        for (const sku of ORDERED) {
          const held = answers.orders.filter((o) => o.sku === sku && statuses.get(o.id) === 'RESERVED').length;
          expect(ordered.get(`${sku}@${AT}`)?.reserved).toBe(held);
        }

        // Every warehouse count applied in sequence: the last one stands.
        await waitFor(
          async () => {
            const counted = await levels(COUNTED);
            return COUNTED.every(
              (sku) => lastCount.get(sku) === undefined || counted.get(`${sku}@${AT}`)?.onHand === lastCount.get(sku),
            );
          },
          { what: 'the last warehouse counts to stand', timeoutMs: 120_000, intervalMs: 500 },
        );

        const { stockLedgerCheck } = await graphqlData<{ stockLedgerCheck: { consistent: boolean } }>(
          stack.urls.inventory,
          'query { stockLedgerCheck { consistent } }',
          {},
          ops,
        );
        expect(stockLedgerCheck.consistent).toBe(true);
        await waitFor(
          async () =>
            (
              await graphqlData<{ reconcileStockProjection: { mismatched: number } }>(
                stack.urls.catalog,
                'mutation { reconcileStockProjection(dryRun: true) { mismatched } }',
                {},
                ops,
              )
            ).reconcileStockProjection.mismatched === 0,
          { what: "the catalog's projection to match inventory", timeoutMs: 120_000, intervalMs: 1000 },
        );

        // Every screen ends with the true level of everything it watches, and none ever went back.
        const truth = await levels(watched);
        await waitFor(
          () => {
            // Says which screen shows what, should it time out.
            const stale = screens.flatMap((screen, i) =>
              [...truth]
                .filter(([key, level]) => screen.levels.get(key)?.version !== level.version)
                .map(
                  ([key, level]) =>
                    `screen ${i} ${key} shows ${JSON.stringify(screen.levels.get(key))} of v${level.version}`,
                ),
            );
            if (stale.length > 0) throw new Error(stale.slice(0, 5).join('; '));
            return screens.every((screen) => screen.shows(truth));
          },
          { what: 'every screen to show every true level', timeoutMs: 120_000, intervalMs: 200 },
        );
        for (const screen of screens) expect(screen.wentBack).toBe(0);

        process.stdout.write(
          `two of everything: ${answers.hotReserved} hot holds + ${answers.hotRefused} refused (${HOT_UNITS} units), ` +
            `${[...answers.distinct.values()].reduce((a, b) => a + b, 0)} distinct holds, ${answers.orders.length} orders, ` +
            `${answers.counts} warehouse counts; ${tally.lost} lost answers asked again; ` +
            `kill → ready: ${takeovers.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`,
        );
      }, 600_000);
    });
  });
});
