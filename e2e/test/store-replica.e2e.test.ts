import { randomUUID } from 'node:crypto';
import { describeWithKafka, describeWithMysql, graphqlData, kafkaBrokers, waitFor } from '@stockgraph/testing';
import {
  DEMO,
  type DistributedStack,
  kafkaTools,
  originOf,
  readMetric,
  signedIn,
  startStoreProcess,
  type StoreProcess,
  TIMEOUT,
  tokenFrom,
} from '../src';
import { sharedDistributedStack } from './support/shared-stacks';

const SHOP = 'lisbon-store';
const STORE_STOCKS =
  'query ($skus: [ID!]!) { storeStocks(skus: $skus) { sku name active onHand available version asOf } }';
const LEVELS =
  'query ($skus: [ID!]!, $at: [ID!]) { stockLevels(skus: $skus, locationIds: $at) { sku onHand available version location { id } } }';

interface StoreStock {
  sku: string;
  name: string | null;
  active: boolean;
  onHand: number;
  available: number;
  version: number;
  asOf: string | null;
}

/**
 * A shop's store service beside the distributed stack (issue 13): it bootstraps its
 * replica through the gateway with its own API key, then follows Kafka — products, and the
 * stock of its own location only — and a replica rebuilt on a fresh database (snapshot,
 * then Kafka from the start) equals the live one.
 */
describeWithMysql('the store replica', () => {
  describeWithKafka('distributed stack', () => {
    let stack: DistributedStack;
    let gateway: string;
    let ops: Record<string, string>;
    let apiKey: string;
    let store: StoreProcess;
    const stores: StoreProcess[] = [];

    beforeAll(async () => {
      stack = await sharedDistributedStack();
      gateway = stack.gatewayUrl;
      ops = await signedIn(originOf(gateway), DEMO.ops);
      const created = await graphqlData<{ createStoreApiKey: { secret: string } }>(
        gateway,
        'mutation ($at: ID!) { createStoreApiKey(locationId: $at, label: "replica test") { secret } }',
        { at: SHOP },
        ops,
      );
      apiKey = created.createStoreApiKey.secret;
      store = await startStoreProcess(stack, {
        locationId: SHOP,
        apiKey,
        env: { KAFKA_BROKERS: kafkaBrokers().join(',') },
      });
      stores.push(store);
    }, TIMEOUT.startStack);

    afterAll(async () => {
      await Promise.all(stores.map((s) => s.stop()));
    }, TIMEOUT.stopStack);

    const till = async () => ({ authorization: `Bearer ${await tokenFrom(originOf(gateway), { apiKey })}` });
    const storeStocks = async (at: StoreProcess, skus: string[]) =>
      (await graphqlData<{ storeStocks: StoreStock[] }>(at.url, STORE_STOCKS, { skus }, await till())).storeStocks;
    const central = async (skus: string[], locationId = SHOP) =>
      (
        await graphqlData<{ stockLevels: Array<{ sku: string; onHand: number; available: number; version: number }> }>(
          gateway,
          LEVELS,
          { skus, at: [locationId] },
          ops,
        )
      ).stockLevels;
    const adjust = (sku: string, locationId: string, delta: number) =>
      graphqlData<{ adjustStock: { stockLevel: { version: number; onHand: number } } }>(
        gateway,
        'mutation ($input: AdjustStockInput!, $key: String!) { adjustStock(input: $input, idempotencyKey: $key) { stockLevel { version onHand } } }',
        { input: { sku, locationId, delta, reason: 'RECEIVED' }, key: randomUUID() },
        ops,
      );
    const skus = Array.from({ length: 20 }, (_, i) => `SG-${String(i + 1).padStart(4, '0')}`);

    it(
      "converges to the centre's stock at its own location, with the catalog's names",
      async () => {
        await waitFor(
          async () =>
            JSON.stringify((await storeStocks(store, skus)).map((s) => [s.sku, s.onHand, s.version])) ===
            JSON.stringify((await central(skus)).map((s) => [s.sku, s.onHand, s.version])),
          {
            timeoutMs: 60_000,
            what: 'the replica to match the centre',
          },
        );
        const [first] = await storeStocks(store, ['SG-0001']);
        expect(first).toMatchObject({
          sku: 'SG-0001',
          name: expect.any(String),
          active: true,
          asOf: expect.any(String),
        });
      },
      TIMEOUT.test,
    );

    it(
      'converges on stock states: units marked damaged centrally leave what the shop shows available',
      async () => {
        const sku = 'SG-0003';
        await adjust(sku, SHOP, 5);
        type Level = {
          version: number;
          onHand: number;
          reserved: number;
          safetyStock: number;
          damaged: number;
          available: number;
        };
        const moved = await graphqlData<{ moveStockState: { stockLevel: Level | null } }>(
          gateway,
          'mutation ($input: MoveStockStateInput!, $key: String!) { moveStockState(input: $input, idempotencyKey: $key) { stockLevel { version onHand reserved safetyStock damaged available } } }',
          {
            input: { sku, locationId: SHOP, quantity: 2, from: 'SELLABLE', to: 'DAMAGED', reason: 'TRANSPORT_DAMAGE' },
            key: randomUUID(),
          },
          ops,
        );
        // One snapshot: the store's allowance moves `reserved` at this level meanwhile, so no earlier read is compared.
        const level = moved.moveStockState.stockLevel;
        expect(level?.damaged).toBe(2);
        expect(level?.available).toBe(
          Math.max(0, (level?.onHand ?? 0) - (level?.reserved ?? 0) - (level?.safetyStock ?? 0) - 2),
        );
        // The replica reaches the move (or a later change) and shows what the centre shows at that version.
        await waitFor(
          async () => {
            const [shown] = await storeStocks(store, [sku]);
            const [now] = await central([sku]);
            return (
              shown !== undefined &&
              now !== undefined &&
              shown.version >= (level?.version ?? 0) &&
              shown.version === now.version &&
              shown.available === now.available &&
              shown.onHand === now.onHand
            );
          },
          { timeoutMs: 30_000, intervalMs: 50, what: 'the replica to show the centre at or after the state move' },
        );
      },
      TIMEOUT.test,
    );

    it(
      'follows a central adjustment at its location, and ignores other locations',
      async () => {
        const [before] = await storeStocks(store, ['SG-0002']);
        const elsewhere = await adjust('SG-0002', 'madrid-dc', 7);
        const here = await adjust('SG-0002', SHOP, 3);
        const sent = Date.now();
        await waitFor(
          async () => (await storeStocks(store, ['SG-0002']))[0]?.version === here.adjustStock.stockLevel.version,
          { timeoutMs: 30_000, intervalMs: 20, what: 'the adjustment to reach the replica' },
        );
        // Reported, not judged: speed is the benchmark's to measure.
        console.log(`central adjustment → store replica: ${Date.now() - sent} ms (polled every 20 ms)`);
        const [after] = await storeStocks(store, ['SG-0002']);
        expect(after?.onHand).toBe((before?.onHand ?? 0) + 3);
        expect(elsewhere.adjustStock.stockLevel.onHand).not.toBe(after?.onHand);
      },
      TIMEOUT.test,
    );

    it(
      "follows the catalog's categories: a rename reaches the till's view",
      async () => {
        const categoryOf = async () =>
          (
            await graphqlData<{ storeStock: { category: { id: string; name: string } | null } }>(
              store.url,
              '{ storeStock(sku: "SG-0001") { category { id name } } }',
              {},
              await till(),
            )
          ).storeStock.category;
        await waitFor(async () => (await categoryOf()) !== null, {
          timeoutMs: 30_000,
          what: 'the category in the replica',
        });
        const category = await categoryOf();
        await graphqlData(
          gateway,
          'mutation ($id: ID!) { upsertCategory(input: { id: $id, name: "Trail and road" }) { created } }',
          { id: category?.id },
          ops,
        );
        await waitFor(async () => (await categoryOf())?.name === 'Trail and road', {
          timeoutMs: 30_000,
          what: 'the rename to reach the replica',
        });
      },
      TIMEOUT.test,
    );

    it(
      'rebuilds from a snapshot when retention deleted events it never read',
      async () => {
        await store.process.stop();
        const changed = await adjust('SG-0004', SHOP, 6);
        // Deleted only once published: the relay sends after the commit in its own time, and an
        // event published after the deletion reaches the replica the ordinary way (a loaded run saw it).
        await waitFor(
          async () => (await readMetric(stack.urls.inventory.replace('/graphql', '/metrics'), 'outbox_backlog')) === 0,
          { timeoutMs: 30_000, what: "inventory's outbox to publish the change" },
        );
        const kafka = kafkaTools(kafkaBrokers().join(','), stack.kafkaNamespace);
        try {
          await kafka.deleteAll('inventory.stock.v1');
        } finally {
          await kafka.close();
        }
        // At info, so a failure shows whether the snapshot completed.
        await store.restart({ env: { LOG_LEVEL: 'info' } });
        // Equal to the centre, not to the change's version: this stack is shared, and another
        // suite's hold on SG-0004 lapsing here moves the version on (a loaded run saw it).
        let seen = { store: 0, centre: 0 };
        await waitFor(
          async () => {
            const [[kept], [now]] = await Promise.all([storeStocks(store, ['SG-0004']), central(['SG-0004'])]);
            seen = { store: kept?.version ?? 0, centre: now?.version ?? 0 };
            return seen.centre >= changed.adjustStock.stockLevel.version && seen.store === seen.centre;
          },
          { timeoutMs: 120_000, what: 'the replica to catch up with a change whose event is gone' },
        ).catch((error: Error) => {
          // What the store said decides between no snapshot, a failed one and a slow feed.
          throw new Error(
            `${error.message} (last seen: ${JSON.stringify(seen)})\nthe store's last output:\n${store.process.output().slice(-6000)}`,
          );
        });
        expect(store.process.output()).toContain('rebuilding from a snapshot');
      },
      TIMEOUT.longTest,
    );

    it(
      'refuses a caller without a store token for this shop',
      async () => {
        const customer = await signedIn(originOf(gateway), DEMO.customerA);
        const answer = await fetch(store.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...customer },
          body: JSON.stringify({ query: STORE_STOCKS, variables: { skus: ['SG-0001'] } }),
        });
        const body = (await answer.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
        expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const tooMany = await fetch(store.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await till()) },
          body: JSON.stringify({
            query: STORE_STOCKS,
            variables: { skus: Array.from({ length: 101 }, (_, i) => `SG-${i}`) },
          }),
        });
        expect(
          ((await tooMany.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions
            ?.code,
        ).toBe('TOO_MANY_SKUS');
      },
      TIMEOUT.test,
    );

    it(
      'rebuilds on a fresh database from a snapshot and Kafka from the start, equal to the live replica',
      async () => {
        await adjust('SG-0003', SHOP, 2);
        const rebuilt = await startStoreProcess(stack, {
          locationId: SHOP,
          apiKey,
          env: { KAFKA_BROKERS: kafkaBrokers().join(',') },
        });
        stores.push(rebuilt);
        const all = Array.from({ length: 100 }, (_, i) => `SG-${String(i + 1).padStart(4, '0')}`);
        const view = async (at: StoreProcess) =>
          JSON.stringify((await storeStocks(at, all)).map((s) => [s.sku, s.name, s.onHand, s.available, s.version]));
        await waitFor(async () => (await view(rebuilt)) === (await view(store)), {
          timeoutMs: 60_000,
          what: 'the rebuilt replica to equal the live one',
        });
        expect(JSON.parse(await view(rebuilt))).toHaveLength(100);
      },
      TIMEOUT.test,
    );

    it(
      "runs two shops side by side, each with its own stock, and shows each the other's as available elsewhere",
      async () => {
        const OTHER = 'porto-store';
        await graphqlData(
          gateway,
          'mutation ($input: LocationInput!) { upsertLocation(input: $input) { id } }',
          { input: { id: OTHER, name: 'Porto store', kind: 'STORE', region: 'eu-south', priority: 4 } },
          ops,
        );
        await graphqlData(
          gateway,
          'mutation ($inputs: [AdjustStockInput!]!, $key: String!) { adjustStocks(inputs: $inputs, idempotencyKey: $key) { userErrors { code } } }',
          {
            inputs: skus.slice(0, 5).map((sku, i) => ({ sku, locationId: OTHER, set: 40 + i, reason: 'RECEIVED' })),
            key: randomUUID(),
          },
          ops,
        );
        const otherKey = (
          await graphqlData<{ createStoreApiKey: { secret: string } }>(
            gateway,
            'mutation ($at: ID!) { createStoreApiKey(locationId: $at) { secret } }',
            { at: OTHER },
            ops,
          )
        ).createStoreApiKey.secret;
        const porto = await startStoreProcess(stack, {
          locationId: OTHER,
          apiKey: otherKey,
          env: { KAFKA_BROKERS: kafkaBrokers().join(',') },
        });
        stores.push(porto);
        const portoTill = { authorization: `Bearer ${await tokenFrom(originOf(gateway), { apiKey: otherKey })}` };
        const view = async (at: StoreProcess, auth: Record<string, string>, sku: string) =>
          (
            await graphqlData<{
              storeStock: {
                onHand: number;
                version: number;
                allowanceLeft: number;
                elsewhere: Array<{ locationId: string; available: number }>;
              };
            }>(
              at.url,
              'query ($sku: ID!) { storeStock(sku: $sku) { onHand version allowanceLeft elsewhere { locationId available } } }',
              { sku },
              auth,
            )
          ).storeStock;
        const byLocation = async (sku: string) =>
          (
            await graphqlData<{
              product: { inventory: { byLocation: Array<{ location: { id: string }; available: number }> } };
            }>(
              gateway,
              'query ($sku: ID!) { product(sku: $sku) { inventory { byLocation { location { id } available } } } }',
              { sku },
              ops,
            )
          ).product.inventory.byLocation;
        const sku = skus[0];
        // Each shop keeps its own stock; the other's (same region) shows as elsewhere, and berlin-dc (eu-central) does not.
        await waitFor(
          async () =>
            (await view(porto, portoTill, sku)).onHand === 40 && (await view(porto, portoTill, sku)).allowanceLeft > 0,
          { timeoutMs: 60_000, what: 'porto to converge' },
        );
        const lisbonOnHand = (await central([sku]))[0]?.onHand;
        expect((await view(store, await till(), sku)).onHand).toBe(lisbonOnHand);
        const elsewhere = async (at: StoreProcess, auth: Record<string, string>) =>
          JSON.stringify((await view(at, auth, sku)).elsewhere.map((row) => [row.locationId, row.available]).sort());
        const expected = async (self: string) =>
          JSON.stringify(
            (await byLocation(sku))
              .filter(
                (row) =>
                  ['madrid-dc', 'lisbon-store', 'porto-store'].includes(row.location.id) && row.location.id !== self,
              )
              .map((row) => [row.location.id, row.available])
              .sort(),
          );
        await waitFor(async () => (await elsewhere(porto, portoTill)) === (await expected(OTHER)), {
          timeoutMs: 30_000,
          what: "porto's view of elsewhere to match the centre",
        });
        await waitFor(async () => (await elsewhere(store, await till())) === (await expected(SHOP)), {
          timeoutMs: 30_000,
          what: "lisbon's view of elsewhere to match the centre",
        });
        expect(await elsewhere(porto, portoTill)).not.toContain('berlin-dc');

        // A sale at porto reaches the centre, and lisbon sees what porto can sell now.
        const sold = await graphqlData<{ sell: { userErrors: unknown[] } }>(
          porto.url,
          'mutation ($sku: ID!) { sell(saleId: "porto-1", lines: [{ sku: $sku, quantity: 1 }]) { userErrors { code } } }',
          { sku },
          portoTill,
        );
        expect(sold.sell.userErrors).toEqual([]);
        const sent = Date.now();
        await waitFor(async () => (await central([sku], OTHER))[0]?.onHand === 39, {
          timeoutMs: 30_000,
          intervalMs: 20,
          what: 'the sale in central stock',
        });
        const centrally = Date.now() - sent;
        await waitFor(
          async () =>
            (await elsewhere(store, await till())) === (await expected(SHOP)) &&
            (await view(porto, portoTill, sku)).onHand === 39,
          {
            timeoutMs: 30_000,
            intervalMs: 20,
            what: "lisbon's elsewhere to follow the sale",
          },
        );
        // Reported, not judged: speed is the benchmark's to measure.
        console.log(
          `sale at a till → central stock: ${centrally} ms; → the other shop's "available elsewhere": ${Date.now() - sent} ms (polled every 20 ms)`,
        );
      },
      TIMEOUT.longTest,
    );
  });
});
