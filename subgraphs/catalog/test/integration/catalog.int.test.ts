import { randomUUID } from 'node:crypto';
import { DEMO_PRODUCTS } from '@stockgraph/domain';
import { graphqlData, graphqlRequest, testDialects, waitFor } from '@stockgraph/testing';
import { type CatalogStack, startCatalogStack } from '../support/start-test-stack';

describe.each(testDialects())('catalog subgraph on %s', (dialect) => {
  let stack: CatalogStack;
  const products: string[] = [];

  beforeAll(async () => {
    stack = await startCatalogStack(dialect, 'catalog');
    await stack.bus.consume({
      groupId: 'test-products',
      topics: ['catalog.products.v1'],
      fromBeginning: true,
      handleBatch: async (batch) => {
        products.push(...batch.map((m) => m.key ?? ''));
      },
    });
    // The query counts below are the whole database's: measure them on a quiet stack, once
    // the seed's stock events are projected (a busy machine may still be applying them).
    await waitFor(async () => (await stack.catalog.reconciler.reconcile({ dryRun: true })).mismatched === 0, {
      what: 'the projection to catch up with the seed',
    });
  });

  afterAll(() => stack.stop());

  it('resolves 50 Product entities in one query', async () => {
    await stack.catalog.outbox.idle();
    const skus = DEMO_PRODUCTS.slice(0, 50).map((p) => p.sku);
    const before = stack.catalog.db.queryCount;
    const data = await graphqlData<{ _entities: Array<{ sku: string; name: string; category: { id: string } }> }>(
      stack.catalog.url,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { sku name price { amount } } } }`,
      { r: skus.map((sku) => ({ __typename: 'Product', sku })) },
    );
    expect(stack.catalog.db.queryCount - before).toBe(1);
    expect(data._entities.map((p) => p.sku)).toEqual(skus);
  });

  it('keeps a projected stock summary in step with inventory, and reads 1,000 skus in two queries', async () => {
    await waitFor(async () => (await stack.catalog.reconciler.reconcile({ dryRun: true })).mismatched === 0, {
      what: 'the projection to catch up with the seed',
    });
    const skus = [...DEMO_PRODUCTS.map((p) => p.sku), ...Array.from({ length: 940 }, (_, i) => `NONE-${i}`)];
    await stack.catalog.outbox.idle();
    const before = stack.catalog.db.queryCount;
    const data = await graphqlData<{
      products: {
        edges: Array<{
          node: { sku: string; stockSummary: { available: number; inStock: boolean; byRegion: unknown[] } };
        }>;
      };
    }>(
      stack.catalog.url,
      `query ($skus: [ID!]!) { products(filter: { skus: $skus }, first: 1000) { edges { node { sku stockSummary { available inStock byRegion { region available } } } } } }`,
      { skus },
    );
    expect(stack.catalog.db.queryCount - before).toBe(2);
    expect(data.products.edges).toHaveLength(60);
    const sg7 = data.products.edges.find((e) => e.node.sku === 'SG-0007')?.node.stockSummary;
    expect(sg7).toMatchObject({ available: 0, inStock: false });
    const truth = await stack.inventory.queries.levelsBySkus(['SG-0002']);
    const sg2 = data.products.edges.find((e) => e.node.sku === 'SG-0002')?.node.stockSummary;
    expect(sg2?.available).toBe(truth.reduce((s, l) => s + Math.max(0, l.onHand - l.reserved - l.safetyStock), 0));
  });

  it('pages through products in sku order with cursors', async () => {
    const query = `query ($after: String) { products(first: 25, after: $after) { edges { node { sku } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const data: {
        products: { edges: Array<{ node: { sku: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } };
      } = await graphqlData(stack.catalog.url, query, { after });
      seen.push(...data.products.edges.map((e) => e.node.sku));
      if (!data.products.pageInfo.hasNextPage) break;
      after = data.products.pageInfo.endCursor;
    }
    expect(seen).toEqual(DEMO_PRODUCTS.map((p) => p.sku).sort());
  });

  it('filters by category, text and skus', async () => {
    const data = await graphqlData<{
      bags: { edges: unknown[] };
      search: { edges: Array<{ node: { name: string } }> };
      some: { edges: unknown[] };
    }>(
      stack.catalog.url,
      `{ bags: products(filter: { categoryId: "bags", active: true }, first: 100) { edges { node { sku } } }
         search: products(filter: { search: "HIKING" }) { edges { node { name } } }
         some: products(filter: { skus: ["SG-0001", "SG-0002", "NOPE"] }) { edges { node { sku } } } }`,
    );
    expect(data.bags.edges).toHaveLength(10);
    expect(data.search.edges.map((e) => e.node.name)).toEqual(['Classic Hiking Boot', 'Pro Hiking Boot']);
    expect(data.some.edges).toHaveLength(2);
  });

  it('refuses a cursor it did not issue', async () => {
    const result = await graphqlRequest(stack.catalog.url, `{ products(after: "garbage") { edges { cursor } } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('validates a checkout against inventory in real time', async () => {
    const { stockLevels } = await graphqlData<{ stockLevels: Array<{ available: number }> }>(
      stack.inventory.url,
      `{ stockLevels(skus: ["SG-0001"]) { available } }`,
    );
    const total = stockLevels.reduce((s, l) => s + l.available, 0);
    const validate = () =>
      graphqlData<{
        validateStock: { ok: boolean; items: Array<{ sku: string; available: boolean; currentStock: number }> };
      }>(
        stack.catalog.url,
        `mutation ($items: [StockCheckItemInput!]!) { validateStock(input: { items: $items }) { ok items { sku requested available currentStock } } }`,
        {
          items: [
            { sku: 'SG-0001', quantity: total },
            { sku: 'SG-0007', quantity: 1 },
          ],
        },
      );
    const first = await validate();
    expect(first.validateStock.items).toEqual([
      { sku: 'SG-0001', requested: total, available: true, currentStock: total },
      { sku: 'SG-0007', requested: 1, available: false, currentStock: 0 },
    ]);
    expect(first.validateStock.ok).toBe(false);
    await graphqlData(
      stack.inventory.url,
      `mutation ($key: String!) { reserveStock(input: { lines: [{ sku: "SG-0001", quantity: 1 }] }, idempotencyKey: $key) { reservation { id } } }`,
      { key: randomUUID() },
    );
    // The first answer is cached until the reservation's stock event drops it: moments, not the 30 s TTL.
    const second = await waitFor(
      async () => {
        const answer = await validate();
        return answer.validateStock.items[0]?.currentStock !== total && answer;
      },
      { what: 'the stock event to drop the cached answer', timeoutMs: 5_000 },
    );
    expect(second.validateStock.items[0]).toMatchObject({ available: false, currentStock: total - 1 });
  });

  it('refuses unknown skus and bad quantities with specific codes', async () => {
    const run = (items: unknown) =>
      graphqlRequest(
        stack.catalog.url,
        `mutation ($items: [StockCheckItemInput!]!) { validateStock(input: { items: $items }) { ok } }`,
        {
          items,
        },
      );
    expect(
      (
        await run([
          { sku: 'SG-0001', quantity: 1 },
          { sku: 'ZZ-1', quantity: 1 },
        ])
      ).errors?.[0]?.extensions,
    ).toMatchObject({
      code: 'UNKNOWN_SKU',
      field: 'input.items.1.sku',
    });
    expect((await run([{ sku: 'SG-0001', quantity: -2 }])).errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_QUANTITY',
    });
    expect((await run([])).errors?.[0]?.extensions).toMatchObject({ code: 'EMPTY_REQUEST' });
  });

  it('upserts a product and announces it on catalog.products.v1', async () => {
    const sku = `NEW-${randomUUID().slice(0, 8)}`;
    const upsert = (name: string) =>
      graphqlData<{ upsertProduct: { created: boolean; product: { name: string; category: { name: string } } } }>(
        stack.catalog.url,
        `mutation ($input: UpsertProductInput!) { upsertProduct(input: $input) { created product { name category { name } } } }`,
        { input: { sku, name, categoryId: 'home', price: { amount: 990, currency: 'EUR' } } },
      );
    expect((await upsert('Teapot')).upsertProduct).toEqual({
      created: true,
      product: { name: 'Teapot', category: { name: 'Home' } },
    });
    expect((await upsert('Big Teapot')).upsertProduct.created).toBe(false);
    await waitFor(() => products.filter((k) => k === sku).length === 2, { what: 'two product events' });
    const bad = await graphqlRequest(
      stack.catalog.url,
      `mutation { upsertProduct(input: { sku: "X-1", name: "x", categoryId: "nope", price: { amount: 1, currency: "EUR" } }) { created } }`,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_CATEGORY' });
  });
});
