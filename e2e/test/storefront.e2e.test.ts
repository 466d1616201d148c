import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, describeWithBrowser, graphqlData } from '@stockgraph/shared/testing';
import { DEMO, type EmbeddedStack, startEmbeddedStack, TIMEOUT, tokenFrom } from '../src';

/** Where browser tests leave their screenshots (gitignored). */
const ARTIFACTS = path.resolve(__dirname, '../artifacts');
/** How long the page may take to show a change; bounds a wait, never judges speed. */
const UI_WAIT_MS = 30_000;

type StockLevels = { stockLevels: Array<{ location: { id: string }; reserved: number; safetyStock: number }> };

/** The storefront at `/` in a real browser, its stock badges following changes made through the API. */
describeWithBrowser('the storefront', () => {
  let stack: EmbeddedStack;
  let browser: Browser;
  let ops: Record<string, string>;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
    ops = { authorization: `Bearer ${await tokenFrom(stack.origin, { user: DEMO.ops })}` };
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, TIMEOUT.stopStack);

  /** Sets the on-hand quantity of one stock level as ops; fails the test on a user error. */
  async function setOnHand(sku: string, locationId: string, set: number, key: string): Promise<void> {
    const data = await graphqlData<{ adjustStock: { userErrors: Array<{ code: string }> } }>(
      `${stack.origin}/graphql`,
      `mutation ($key: String!, $input: AdjustStockInput!) { adjustStock(idempotencyKey: $key, input: $input) { userErrors { code } } }`,
      { key, input: { sku, locationId, set, reason: 'CORRECTION' } },
      ops,
    );
    expect(data.adjustStock.userErrors).toEqual([]);
  }

  /** Resolves when the badge of `sku` reads `text`, without reloading the page. */
  async function badgeReads(page: Page, sku: string, text: string): Promise<void> {
    await page.waitForFunction(
      ([id, expected]) => document.querySelector(`[data-testid="badge-${id}"]`)?.textContent === expected,
      [sku, text] as const,
      { timeout: UI_WAIT_MS },
    );
  }

  it('shows a live badge change of a visible sku, with nothing requested off this machine and no errors', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const offHost: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      offHost.push(url.href);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`));

    await page.goto(`${stack.origin}/`);
    const firstBadge = page.locator('[data-testid^="badge-"]').first();
    await firstBadge.waitFor({ timeout: UI_WAIT_MS });
    const sku = (await firstBadge.getAttribute('data-testid'))!.slice('badge-'.length);
    expect(await firstBadge.textContent()).toBe('In stock');
    // A reload would give a new window without this mark.
    await page.evaluate(() => Object.assign(window, { storefrontMark: true }));

    const { stockLevels } = await graphqlData<StockLevels>(
      `${stack.origin}/graphql`,
      `query ($skus: [ID!]!) { stockLevels(skus: $skus) { location { id } reserved safetyStock } }`,
      { skus: [sku] },
      ops,
    );
    expect(stockLevels.length).toBeGreaterThan(0);
    for (const level of stockLevels) await setOnHand(sku, level.location.id, 0, `storefront-zero-${level.location.id}`);
    await badgeReads(page, sku, 'Out of stock');

    // Available is on hand less what is held and the safety stock, so three sellable units need those on top.
    const [first] = stockLevels;
    await setOnHand(sku, first.location.id, 3 + first.reserved + first.safetyStock, 'storefront-three');
    await badgeReads(page, sku, 'Low stock — 3 left');
    await page.waitForFunction((expected) => document.querySelector('[aria-live="polite"]')?.textContent?.includes(expected), `${sku}: Low stock — 3 left`, {
      timeout: UI_WAIT_MS,
    });

    expect(await page.evaluate(() => 'storefrontMark' in window)).toBe(true);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'storefront.png'), fullPage: true });
    expect(offHost).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, TIMEOUT.test);

  it('follows 100 stock changes in a row, each reaching the badge, and records how long each took', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${stack.origin}/`);
    const lastBadge = page.locator('[data-testid^="badge-"]').last();
    await lastBadge.waitFor({ timeout: UI_WAIT_MS });
    const sku = (await lastBadge.getAttribute('data-testid'))!.slice('badge-'.length);
    const { stockLevels } = await graphqlData<StockLevels>(`${stack.origin}/graphql`, `query ($skus: [ID!]!) { stockLevels(skus: $skus) { location { id } reserved safetyStock } }`, { skus: [sku] }, ops);
    const [first, ...others] = stockLevels;
    for (const level of others) await setOnHand(sku, level.location.id, level.reserved + level.safetyStock, `storefront-run-rest-${level.location.id}`);
    const spent: number[] = [];
    for (let i = 0; i < 100; i += 1) {
      const left = (i % 5) + 1;
      const started = performance.now();
      await setOnHand(sku, first.location.id, left + first.reserved + first.safetyStock, `storefront-run-${i}`);
      await badgeReads(page, sku, `Low stock — ${left} left`);
      spent.push(performance.now() - started);
    }
    spent.sort((a, b) => a - b);
    // Figures only: speed is judged by `npm run bench` (BENCH_ONLY=storefront), never here.
    process.stdout.write(`storefront: 100 changes reached the badge; change → badge p50 ${spent[49]?.toFixed(1)} ms, p99 ${spent[98]?.toFixed(1)} ms (at 375 px wide)\n`);
    expect(spent).toHaveLength(100);
    await page.screenshot({ path: path.join(ARTIFACTS, 'storefront-phone.png'), fullPage: true });
    await context.close();
  }, TIMEOUT.test);
});
