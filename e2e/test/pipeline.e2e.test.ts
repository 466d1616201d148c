import { randomUUID } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
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
  kafkaTools,
  NO_TOKEN,
  OPS,
  originOf,
  readMetric,
  recordSubscription,
  runWarehouseSimulator,
  signedIn,
  stackTokens,
  startDistributedStack,
  type StackTokens,
  TIMEOUT,
} from '../src';

const WAREHOUSE = 'warehouse.stock-updated.v1';

const count = (data: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  key: typeof data.sku === 'string' ? data.sku : '',
  value: JSON.stringify({
    specversion: '1.0',
    id: randomUUID(),
    source: '/warehouse/test',
    type: 'io.stockgraph.warehouse.stock-updated.v1',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { observedAt: new Date().toISOString(), ...data },
    ...over,
  }),
});

/**
 * Warehouse counts through Kafka into inventory, and inventory's changes into the
 * catalog's projection, on the distributed stack: bad events are dead-lettered with a
 * reason, stale ones ignored, and replays from offset 0 change nothing.
 */
describeWithMysql('the stock event pipeline', () => {
  describeWithKafka('on Kafka', () => {
    let stack: DistributedStack;
    let tools: ReturnType<typeof kafkaTools>;
    /** Straight to inventory and catalog, as operations. */
    let tokens: StackTokens;
    const databases = { catalog: '', inventory: '', order: '' };

    beforeAll(async () => {
      databases.catalog = await freshMysqlDatabase('pipe_catalog');
      databases.inventory = await freshMysqlDatabase('pipe_inventory');
      databases.order = await freshMysqlDatabase('pipe_order');
      stack = await startDistributedStack({
        databases,
        // Cached stock answers live 10 minutes: within a test only an event can drop one.
        env: { KAFKA_BROKERS: kafkaBrokers().join(','), RECONCILE_INTERVAL_MS: '0', STOCK_CACHE_TTL_MS: '600000' },
      });
      tools = kafkaTools(kafkaBrokers().join(','), stack.kafkaNamespace);
      tokens = await stackTokens(stack.authKeyFile);
    }, TIMEOUT.startStack);

    afterAll(async () => {
      await tools?.close();
      await stack?.stop();
    }, TIMEOUT.stopStack);

    const levelOf = async (sku: string, locationId: string) => {
      const data = await graphqlData<{
        stockLevels: Array<{ location: { id: string }; onHand: number; version: number }>;
      }>(
        stack.urls.inventory,
        `query ($sku: ID!) { stockLevels(skus: [$sku]) { location { id } onHand version } }`,
        { sku },
        await tokens.headers(OPS),
      );
      return data.stockLevels.find((l) => l.location.id === locationId);
    };

    const query = async <Row>(url: string, sql: string): Promise<Row[]> => {
      const connection = await createConnection(url);
      try {
        return (await connection.query(sql))[0] as Row[];
      } finally {
        await connection.end();
      }
    };

    it(
      'applies counts, dead-letters each bad event with its reason, and keeps consuming',
      async () => {
        await tools.publish(WAREHOUSE, [
          { key: 'SG-0001', value: '{"not json' },
          count({ sku: 'SG-0001', locationId: 'madrid-dc', onHand: -5 }),
          count({ sku: 'SG-0001', locationId: 'madrid-dc', onHand: 10 }, { id: undefined }),
          count({ sku: 'NOT-A-SKU-WE-STOCK', locationId: 'madrid-dc', onHand: 10 }),
          count({ sku: 'SG-0001', locationId: 'atlantis', onHand: 10 }),
          count({ sku: 'SG-0001', locationId: 'madrid-dc', onHand: 77, sequence: 5 }),
        ]);
        await waitFor(async () => (await levelOf('SG-0001', 'madrid-dc'))?.onHand === 77, {
          what: 'the valid count',
          timeoutMs: 30_000,
        });
        const letters = await tools.readAll(`${WAREHOUSE}.dlq`, 5);
        expect(letters.map((l) => l.headers['dlq-reason']).sort()).toEqual([
          'INVALID_JSON',
          'SCHEMA_VIOLATION',
          'SCHEMA_VIOLATION',
          'UNKNOWN_LOCATION',
          'UNKNOWN_SKU',
        ]);
        expect(letters.every((l) => l.headers['dlq-source-offset'] !== undefined && l.headers['dlq-detail'])).toBe(
          true,
        );
        expect(letters.find((l) => l.value?.includes('"onHand":-5'))?.headers['dlq-detail']).toContain('onHand');
      },
      TIMEOUT.test,
    );

    it(
      'dead-letters a malformed stock event from every consumer, and every consumer keeps going',
      async () => {
        const sku = 'SG-0012';
        // Operations watch the quantities (`onHand` is staff's; the public see `available`).
        const live = recordSubscription(
          stack.gatewayUrl,
          `subscription ($sku: ID!) { stockChanged(skus: [$sku]) { sku onHand } }`,
          { sku },
          { connectionParams: { authorization: (await tokens.headers(OPS)).authorization } },
        );
        try {
          const inventoryMetrics = stack.urls.inventory.replace('/graphql', '/metrics');
          await waitFor(async () => (await readMetric(inventoryMetrics, 'stock_live_subscribers')) === 1, {
            what: 'the live subscription',
            timeoutMs: 30_000,
          });
          const shopper = await signedIn(originOf(stack.gatewayUrl), DEMO.customerA);
          const validate = async () =>
            (
              await graphqlData<{ validateStock: { degraded: boolean; items: Array<{ currentStock: number }> } }>(
                stack.gatewayUrl,
                `mutation ($sku: ID!) { validateStock(input: { items: [{ sku: $sku, quantity: 1 }] }) { degraded items { currentStock } } }`,
                { sku },
                shopper,
              )
            ).validateStock;
          const before = await validate();
          expect(before.degraded).toBe(false);

          const event = (data: Record<string, unknown>) =>
            JSON.stringify({
              specversion: '1.0',
              id: randomUUID(),
              source: '/test',
              type: 'io.stockgraph.inventory.stock.changed.v1',
              time: new Date().toISOString(),
              datacontenttype: 'application/json',
              data,
            });
          await tools.publish('inventory.stock.v1', [
            { key: sku, value: '{"not json' },
            { key: sku, value: event({ sku, locationId: 'madrid-dc', onHand: -1 }) },
          ]);
          const adjusted = await graphqlData<{
            adjustStock: { stockLevel: { onHand: number } | null; userErrors: unknown[] };
          }>(
            stack.urls.inventory,
            `mutation ($sku: ID!, $key: String!) { adjustStock(idempotencyKey: $key, input: { sku: $sku, locationId: "madrid-dc", delta: 7, reason: RESTOCK }) { stockLevel { onHand } userErrors { code } } }`,
            { sku, key: randomUUID() },
            await tokens.headers(OPS),
          );
          expect(adjusted.adjustStock.userErrors).toEqual([]);
          const onHand = adjusted.adjustStock.stockLevel?.onHand;

          // The live feed, the projection and the cache invalidation all went on past the bad events.
          await waitFor(() => live.results.some((r) => r.data?.stockChanged?.onHand === onHand), {
            what: 'the change on the live feed',
            timeoutMs: 30_000,
          });
          await waitFor(
            async () =>
              (
                await query<{ on_hand: number }>(
                  databases.catalog,
                  `SELECT on_hand FROM stock_projection WHERE sku = '${sku}' AND location_id = 'madrid-dc'`,
                )
              )[0]?.on_hand === onHand,
            { what: 'the change, projected', timeoutMs: 30_000 },
          );
          await waitFor(async () => (await validate()).items[0]?.currentStock === before.items[0].currentStock + 7, {
            what: 'the cached answer dropped',
            timeoutMs: 30_000,
          });

          const letters = await tools.readAll('inventory.stock.v1.dlq', 6, 30_000);
          const byConsumer = (consumer: string) =>
            letters
              .filter((l) => l.headers['dlq-consumer'] === consumer)
              .map((l) => l.headers['dlq-reason'])
              .sort();
          for (const consumer of ['catalog-projection', 'catalog-stock-cache', 'inventory-live-feed']) {
            expect(byConsumer(consumer)).toEqual(['INVALID_JSON', 'SCHEMA_VIOLATION']);
          }
          expect(letters).toHaveLength(6);
          expect(
            letters.every(
              (l) => l.headers['dlq-source-topic']?.endsWith('inventory.stock.v1') && l.headers['dlq-detail'],
            ),
          ).toBe(true);
        } finally {
          await live.dispose();
        }
      },
      TIMEOUT.longTest,
    );

    it(
      'ignores a count older than the one applied',
      async () => {
        await tools.publish(WAREHOUSE, [count({ sku: 'SG-0001', locationId: 'madrid-dc', onHand: 5, sequence: 3 })]);
        await tools.publish(WAREHOUSE, [count({ sku: 'SG-0002', locationId: 'madrid-dc', onHand: 31, sequence: 1 })]);
        await waitFor(async () => (await levelOf('SG-0002', 'madrid-dc'))?.onHand === 31, {
          what: 'a later count on the same partition order',
          timeoutMs: 30_000,
        });
        expect((await levelOf('SG-0001', 'madrid-dc'))?.onHand).toBe(77);
      },
      TIMEOUT.test,
    );

    it(
      'projects inventory into the catalog, serves it and filters on it',
      async () => {
        await waitFor(
          async () => {
            const report = await graphqlData<{ reconcileStockProjection: { mismatched: number } }>(
              stack.urls.catalog,
              `mutation { reconcileStockProjection(dryRun: true) { mismatched } }`,
              {},
              await tokens.headers(OPS),
            );
            return report.reconcileStockProjection.mismatched === 0;
          },
          { what: 'the projection to catch up', timeoutMs: 30_000 },
        );
        const data = await graphqlData<{
          product: {
            stockSummary: {
              available: number;
              inStock: boolean;
              byRegion: Array<{ region: string; available: number }>;
            };
            inventory: { available: number };
          };
          south: { edges: unknown[] };
          soldOut: { edges: Array<{ node: { sku: string } }> };
        }>(
          stack.gatewayUrl,
          `{ product(sku: "SG-0001") { stockSummary { available inStock byRegion { region available } } inventory { available } }
           south: products(filter: { region: "eu-south", inStock: true }, first: 100) { edges { node { sku } } }
           soldOut: products(filter: { inStock: false }, first: 100) { edges { node { sku } } } }`,
          {},
          NO_TOKEN,
        );
        expect(data.product.stockSummary.available).toBe(data.product.inventory.available);
        expect(data.product.stockSummary.byRegion.map((r) => r.region)).toEqual(['eu-central', 'eu-south']);
        expect(data.soldOut.edges.map((e) => e.node.sku)).toEqual([
          'SG-0007',
          'SG-0014',
          'SG-0021',
          'SG-0028',
          'SG-0035',
          'SG-0042',
          'SG-0049',
          'SG-0056',
        ]);
        expect(data.south.edges.length).toBeGreaterThan(40);
      },
      TIMEOUT.test,
    );

    it(
      'repairs a corrupted projection',
      async () => {
        await query(
          databases.catalog,
          "UPDATE stock_projection SET available = 999, on_hand = 999 WHERE sku IN ('SG-0003', 'SG-0004')",
        );
        await query(databases.catalog, "DELETE FROM stock_projection WHERE sku = 'SG-0005'");
        await query(
          databases.catalog,
          "INSERT INTO stock_projection VALUES ('SG-0006', 'ghost-dc', 'eu-south', 5, 0, 5, 1, 0, 0)",
        );
        const report = await graphqlData<{ reconcileStockProjection: { mismatched: number; repaired: number } }>(
          stack.urls.catalog,
          `mutation { reconcileStockProjection { checked mismatched repaired } }`,
          {},
          await tokens.headers(OPS),
        );
        expect(report.reconcileStockProjection).toMatchObject({ mismatched: 10, repaired: 10 });
        const after = await graphqlData<{ reconcileStockProjection: { mismatched: number } }>(
          stack.urls.catalog,
          `mutation { reconcileStockProjection(dryRun: true) { mismatched } }`,
          {},
          await tokens.headers(OPS),
        );
        expect(after.reconcileStockProjection.mismatched).toBe(0);
        const metrics = await (await fetch(stack.urls.catalog.replace('/graphql', '/metrics'))).text();
        expect(metrics).toMatch(/stock_projection_repairs_total\{service="catalog"\} 10/);
      },
      TIMEOUT.test,
    );

    it(
      'after a simulator run the projection equals inventory for every (sku, location)',
      async () => {
        const result = await runWarehouseSimulator({
          rate: 1000,
          skus: 500,
          locations: 4,
          seconds: 3,
          inventoryUrl: stack.urls.inventory,
          authorization: tokens.as(OPS),
          kafkaBrokers: kafkaBrokers().join(','),
          kafkaNamespace: stack.kafkaNamespace,
        });
        expect(result.published).toBe(3000);
        // Eventually consistent: the check must reach zero mismatches once the events are through.
        const report = await waitFor(
          async () => {
            const data = await graphqlData<{ reconcileStockProjection: { checked: number; mismatched: number } }>(
              stack.urls.catalog,
              `mutation { reconcileStockProjection(dryRun: true) { checked mismatched } }`,
              {},
              await tokens.headers(OPS),
            );
            return data.reconcileStockProjection.mismatched === 0 && data.reconcileStockProjection;
          },
          { what: 'the projection to equal inventory', timeoutMs: 60_000, intervalMs: 500 },
        );
        expect(report.checked).toBeGreaterThanOrEqual(500);
      },
      TIMEOUT.longTest,
    );

    it(
      'changes nothing when both topics are replayed from offset 0',
      async () => {
        const snapshot = async () => ({
          levels: await query(
            databases.inventory,
            'SELECT sku, location_id, on_hand, reserved, version FROM stock_levels ORDER BY sku, location_id',
          ),
          movements: await query(databases.inventory, 'SELECT COUNT(*) AS n FROM stock_movements'),
          projection: await query(
            databases.catalog,
            'SELECT sku, location_id, on_hand, available, version FROM stock_projection ORDER BY sku, location_id',
          ),
        });
        // Everything earlier tests published must be through first: a projection equal to
        // inventory can be caught while the simulator's counts are still arriving (seen on a
        // loaded run), and those would then land between the two snapshots.
        await waitFor(
          async () =>
            (await tools.lag('inventory-warehouse-ingestion', WAREHOUSE)) === 0 &&
            (await readMetric(stack.urls.inventory.replace('/graphql', '/metrics'), 'outbox_backlog')) === 0 &&
            (await tools.lag('catalog-catalog-projection', 'inventory.stock.v1')) === 0,
          { what: 'earlier counts applied and projected', timeoutMs: 60_000, intervalMs: 200 },
        );
        const before = await snapshot();
        await stack.restart('inventory', { whileDown: () => tools.rewind('inventory-warehouse-ingestion', WAREHOUSE) });
        await stack.restart('catalog', {
          whileDown: () => tools.rewind('catalog-catalog-projection', 'inventory.stock.v1'),
        });
        // A fresh count after the replays: once it is applied and projected, the replays are done.
        await tools.publish(WAREHOUSE, [count({ sku: 'SG-0008', locationId: 'berlin-dc', onHand: 11, sequence: 1 })]);
        await waitFor(
          async () =>
            (
              await query<{ on_hand: number }>(
                databases.catalog,
                "SELECT on_hand FROM stock_projection WHERE sku = 'SG-0008' AND location_id = 'berlin-dc'",
              )
            )[0]?.on_hand === 11,
          { what: 'the fresh count, projected', timeoutMs: 60_000 },
        );
        const after = await snapshot();
        const changed = (rows: unknown[]) =>
          JSON.stringify(
            rows.filter(
              (r) =>
                !JSON.stringify(r).includes('"SG-0008","berlin-dc"') &&
                !JSON.stringify(r).includes('"sku":"SG-0008","location_id":"berlin-dc"'),
            ),
          );
        expect(changed(after.levels)).toBe(changed(before.levels));
        expect(changed(after.projection)).toBe(changed(before.projection));
        expect(Number((after.movements[0] as { n: number }).n)).toBe(
          Number((before.movements[0] as { n: number }).n) + 1,
        );
      },
      TIMEOUT.longTest,
    );
  });
});
