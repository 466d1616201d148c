import { freshDatabase, testAuthEnv, testDialects, waitFor } from '@stockgraph/testing';
import pino from 'pino';
import { loadStoreConfig, type RunningStore, startStore } from '../../src';

const SKU = 'SG-0100';

/**
 * The till's stock-changing path under concurrency, on the store's own database (SQLite
 * by default, MariaDB when DATABASE_URL points there): however many sales race, no more
 * units are sold than the allowance holds, and one sale id is one sale.
 */
describe.each(testDialects())('selling at the till under concurrency on %s', (dialect) => {
  let store: RunningStore;

  beforeAll(async () => {
    store = await startStore({
      // A centre that never answers: the till works from its allowance alone, as offline.
      config: loadStoreConfig({
        ...testAuthEnv,
        DATABASE_URL: await freshDatabase(dialect, 'store_till'),
        PORT: '0',
        SEED_DEMO_DATA: 'false',
        STORE_LOCATION_ID: 'lisbon-store',
        STORE_API_KEY: 'sgk_lisbon-store.not-a-real-secret-at-all',
        GATEWAY_URL: 'http://127.0.0.1:9/graphql',
        CENTRAL_TIMEOUT_MS: '200',
      }),
      log: pino({ level: 'silent' }),
    });
    // As the centre would have granted it.
    await store.db.transaction((tx) =>
      tx.execute('INSERT INTO allowances (sku, quantity, updated_at) VALUES (?, ?, ?)', [SKU, 50, Date.now()]),
    );
  });

  afterAll(() => store?.stop());

  it('accepts exactly the allowance out of 200 racing single-unit sales, and refuses the rest with a code', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => store.till.sell(`race-${i}`, [{ sku: SKU, quantity: 1 }])),
    );
    expect(answers.filter((answer) => answer.sale !== null)).toHaveLength(50);
    const codes = new Set(answers.flatMap((answer) => answer.userErrors.map((error) => error.code)));
    expect([...codes].every((code) => code === 'ALLOWANCE_EXCEEDED' || code === 'OFFLINE_ALLOWANCE_EXCEEDED')).toBe(
      true,
    );
    expect(answers.filter((answer) => answer.userErrors.length > 0)).toHaveLength(150);
    expect(await store.till.status()).toMatchObject({ backlog: 50, allowance: 0 });
    await waitFor(async () => (await store.till.status()).online === false, {
      timeoutMs: 30_000,
      what: 'the till to notice the centre is unreachable',
    });
  });

  it('records one sale for one sale id sent 10 times at once, and refuses the id with other lines', async () => {
    await store.db.transaction((tx) =>
      tx.execute('UPDATE allowances SET quantity = quantity + 10 WHERE sku = ?', [SKU]),
    );
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => store.till.sell('same-sale', [{ sku: SKU, quantity: 3 }])),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]?.sale).toMatchObject({
      id: 'same-sale',
      status: 'PENDING',
      offline: true,
      lines: [{ sku: SKU, quantity: 3, fromAllowance: null }],
    });
    expect((await store.till.status()).allowance).toBe(7);
    await expect(store.till.sell('same-sale', [{ sku: SKU, quantity: 4 }])).rejects.toMatchObject({
      code: 'SALE_ID_REUSED',
      field: 'saleId',
    });
    await expect(store.till.sell('bad id!', [{ sku: SKU, quantity: 1 }])).rejects.toMatchObject({
      code: 'INVALID_SALE_ID',
    });
    await expect(store.till.sell('ok-id', [{ sku: SKU, quantity: 0 }])).rejects.toMatchObject({
      code: 'INVALID_QUANTITY',
      field: 'lines.0.quantity',
    });
  });
});
