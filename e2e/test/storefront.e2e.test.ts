import type { Page } from 'playwright-core';
import { describeWithBrowser } from '@stockgraph/testing';
import {
  accessibilityViolations,
  DEMO,
  openCheckedPage,
  screenshot,
  signedIn,
  testIdReads,
  TIMEOUT,
  UI_WAIT_MS,
  VIEWPORTS,
} from '../src';
import { embeddedBrowser } from './support/embedded-browser';
import { stockAdmin } from './support/stock-admin';
import { stockSubscribersReach, stockSubscriptions } from './support/stock-subscribers';

/** The storefront at `/` in a real browser, its stock badges following changes made through the API. */
describeWithBrowser('the storefront', () => {
  const env = embeddedBrowser();
  let admin: ReturnType<typeof stockAdmin>;
  let inventoryMetrics: string;

  beforeAll(async () => {
    admin = stockAdmin(`${env.stack.origin}/graphql`, await signedIn(env.stack.origin, DEMO.ops));
    inventoryMetrics = env.stack.url('inventory', '/metrics');
  }, TIMEOUT.startStack);

  /**
   * Waits for the first card's badge; if none comes, the failure says what the page showed
   * instead (an error note, "Loading products…") and what the browser reported.
   */
  const firstBadge = async (checked: Awaited<ReturnType<typeof openCheckedPage>>) => {
    try {
      await checked.page.locator('[data-testid^="badge-"]').first().waitFor({ timeout: UI_WAIT_MS });
    } catch (error) {
      const shown = await checked.page
        .locator('main')
        .innerText()
        .catch(() => '(no main element)');
      throw new Error(
        `${(error as Error).message}\npage shows: ${shown.slice(0, 500)}\nbrowser: ${JSON.stringify(checked.problems())}`,
        { cause: error },
      );
    }
  };

  /** The skus of the cards on screen, in order. */
  const visibleSkus = (page: Page) =>
    page
      .locator('[data-testid^="badge-"]')
      .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-testid')!.slice('badge-'.length)));

  it(
    'shows a live badge change of a visible sku, with nothing requested off this machine and no errors',
    async () => {
      await stockSubscribersReach(inventoryMetrics, 0);
      const checked = await openCheckedPage(env.browser);
      const { page } = checked;
      await page.goto(`${env.stack.origin}/`);
      await firstBadge(checked);
      const [sku] = await visibleSkus(page);
      await testIdReads(page, `badge-${sku}`, 'In stock');
      await stockSubscribersReach(inventoryMetrics, 1);
      // A reload would give a new window without this mark.
      await page.evaluate(() => Object.assign(window, { storefrontMark: true }));

      await admin.setAvailable(sku, 0);
      await testIdReads(page, `badge-${sku}`, 'Out of stock');
      await admin.setAvailable(sku, 3);
      await testIdReads(page, `badge-${sku}`, 'Low stock — 3 left');
      await page.waitForFunction(
        (expected) => document.querySelector('[data-testid="stock-announcement"]')?.textContent?.includes(expected),
        `${sku}: Low stock — 3 left`,
        {
          timeout: UI_WAIT_MS,
        },
      );

      expect(await page.evaluate(() => 'storefrontMark' in window)).toBe(true);
      await screenshot(page, 'storefront');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );

  it(
    'filters by category and pages on, subscribing again to the skus now visible',
    async () => {
      await stockSubscribersReach(inventoryMetrics, 0);
      const checked = await openCheckedPage(env.browser);
      const { page } = checked;
      await page.goto(`${env.stack.origin}/`);
      await firstBadge(checked);
      const firstPage = await visibleSkus(page);
      expect(firstPage).toHaveLength(20);
      await stockSubscribersReach(inventoryMetrics, 1);
      const { opened } = await stockSubscriptions(inventoryMetrics);

      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForFunction((first) => !document.querySelector(`[data-testid="badge-${first}"]`), firstPage[0], {
        timeout: UI_WAIT_MS,
      });
      const secondPage = await visibleSkus(page);
      expect(secondPage.some((sku) => firstPage.includes(sku))).toBe(false);
      // The grid's one subscription now names the second page's skus (the first page's is gone).
      await stockSubscribersReach(inventoryMetrics, 1, opened);
      const sku = secondPage[secondPage.length - 1];
      await admin.setAvailable(sku, 2);
      await testIdReads(page, `badge-${sku}`, 'Low stock — 2 left');

      await page.getByLabel('Category').selectOption({ label: 'Bags' });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="badge-"]').length === 10, undefined, {
        timeout: UI_WAIT_MS,
      });
      // The demo's bags are SG-0021 … SG-0030.
      expect(await visibleSkus(page)).toEqual(Array.from({ length: 10 }, (_unused, i) => `SG-00${21 + i}`));
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );

  it(
    'follows 100 stock changes in a row at phone width, each reaching the badge, and records how long each took',
    async () => {
      await stockSubscribersReach(inventoryMetrics, 0);
      const checked = await openCheckedPage(env.browser, { viewport: VIEWPORTS.phone });
      const { page } = checked;
      await page.goto(`${env.stack.origin}/`);
      await page.locator('[data-testid^="badge-"]').last().waitFor({ timeout: UI_WAIT_MS });
      const skus = await visibleSkus(page);
      const sku = skus[skus.length - 1];
      await stockSubscribersReach(inventoryMetrics, 1);
      const [first] = await admin.setAvailable(sku, 1);
      const spent: number[] = [];
      for (let i = 0; i < 100; i += 1) {
        const left = (i % 5) + 1;
        const started = performance.now();
        await admin.setOnHand(sku, first.location.id, left + first.reserved + first.safetyStock);
        await testIdReads(page, `badge-${sku}`, `Low stock — ${left} left`);
        spent.push(performance.now() - started);
      }
      spent.sort((a, b) => a - b);
      // Figures only: speed is judged by `npm run bench` (BENCH_ONLY=storefront), never here.
      process.stdout.write(
        `storefront: 100 changes reached the badge; change → badge p50 ${spent[49]?.toFixed(1)} ms, p99 ${spent[98]?.toFixed(1)} ms (at 375 px wide)\n`,
      );
      expect(spent).toHaveLength(100);
      // Nothing at 375 px is wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        VIEWPORTS.phone.width,
      );
      await screenshot(page, 'storefront-phone');
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );

  it(
    'keeps its view in the URL: a refresh stays on page 2, Back returns, a shared link shows the same, an unknown path is a page',
    async () => {
      const checked = await openCheckedPage(env.browser);
      const { page } = checked;
      await page.goto(`${env.stack.origin}/`);
      await firstBadge(checked);
      const firstPage = await visibleSkus(page);
      await page.getByLabel('In stock only').check();
      await page.waitForURL(/\?inStock=1$/, { timeout: UI_WAIT_MS });
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL(/inStock=1&pages=/, { timeout: UI_WAIT_MS });
      await page.waitForFunction((first) => !document.querySelector(`[data-testid="badge-${first}"]`), firstPage[0], {
        timeout: UI_WAIT_MS,
      });
      const secondPage = await visibleSkus(page);
      // Every card has its picture, drawn on the page (nothing is fetched for it).
      expect(await page.locator('[data-testid^="image-"]').count()).toBe(secondPage.length);
      const shared = page.url();

      await page.reload();
      await firstBadge(checked);
      expect(await visibleSkus(page)).toEqual(secondPage);
      await page.getByText('Page 2').waitFor({ timeout: UI_WAIT_MS });
      expect(await page.getByLabel('In stock only').isChecked()).toBe(true);

      await page.goBack();
      await page.waitForURL(/\?inStock=1$/, { timeout: UI_WAIT_MS });
      await page.waitForFunction((first) => !!document.querySelector(`[data-testid="badge-${first}"]`), firstPage[0], {
        timeout: UI_WAIT_MS,
      });
      await page.getByText('Page 1').waitFor({ timeout: UI_WAIT_MS });

      // Typing is one history entry's worth: the search lands in the URL once it settles.
      await page.getByLabel('Search products').fill('bag');
      await page.waitForURL(/q=bag/, { timeout: UI_WAIT_MS });

      const other = await openCheckedPage(env.browser);
      await other.page.goto(shared);
      await firstBadge(other);
      expect(await visibleSkus(other.page)).toEqual(secondPage);
      const missing = await other.page.goto(`${env.stack.origin}/nope`);
      expect(missing?.status()).toBe(404);
      await other.page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: UI_WAIT_MS });
      expect(await accessibilityViolations(other.page)).toEqual([]);
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      expect(other.problems().offHost).toEqual([]);
      await other.close();
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});
