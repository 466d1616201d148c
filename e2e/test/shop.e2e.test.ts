import type { Page } from 'playwright-core';
import { describeWithBrowser, graphqlData } from '@stockgraph/testing';
import {
  accessibilityViolations,
  DEMO,
  openCheckedPage,
  screenshot,
  signedIn,
  TEST_DEMO_PASSWORD,
  testIdReads,
  TIMEOUT,
  tokenFrom,
  UI_WAIT_MS,
  VIEWPORTS,
} from '../src';
import { embeddedBrowser } from './support/embedded-browser';
import { stockAdmin } from './support/stock-admin';
import { stockSubscribersReach } from './support/stock-subscribers';

type OrderView = { status: string; history: Array<{ to: string }>; lines: Array<{ quantity: number }> };

/**
 * A shopper's whole visit in a real browser on the embedded stack: a product page with
 * stock by region and location kept live, a cart filled from the keyboard, sign-in,
 * checkout, payment, and the order confirming live; and the checkout that loses the last
 * unit to another client between the stock check and the order.
 */
describeWithBrowser('shopping in the browser', () => {
  const env = embeddedBrowser();
  let ops: Record<string, string>;
  let admin: ReturnType<typeof stockAdmin>;

  beforeAll(async () => {
    ops = await signedIn(env.stack.origin, DEMO.ops);
    admin = stockAdmin(`${env.stack.origin}/graphql`, ops);
  }, TIMEOUT.startStack);

  const ordersOf = async (user: string) =>
    (
      await graphqlData<{ orders: { edges: Array<{ node: OrderView & { id: string } }> } }>(
        `${env.stack.origin}/graphql`,
        'query { orders(first: 5) { edges { node { id status history { to } lines { quantity } } } } }',
        {},
        await signedIn(env.stack.origin, user),
      )
    ).orders.edges.map((edge) => edge.node);

  /** Presses Tab until the element matching `selector` has focus (at most `limit` times), as a keyboard user would. */
  async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
    for (let i = 0; i < limit; i += 1) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it(
    "finds a product, sees its stock live, fills the cart by keyboard, signs in, pays, and sees the order confirmed live — at phone width, each page passing axe's WCAG 2.1 AA rules",
    async () => {
      const sku = 'SG-0003';
      const checked = await openCheckedPage(env.browser, { viewport: VIEWPORTS.phone });
      const { page } = checked;
      await admin.setAvailable(sku, 8);

      const inventoryMetrics = env.stack.url('inventory', '/metrics');
      await stockSubscribersReach(inventoryMetrics, 0);
      await page.goto(`${env.stack.origin}/product?sku=${sku}`);
      await testIdReads(page, `badge-${sku}`, 'In stock');
      await stockSubscribersReach(inventoryMetrics, 1);
      const [first] = await admin.levels(sku);
      await testIdReads(page, `location-${first.location.id}`, '8');
      await screenshot(page, 'product');
      expect(await accessibilityViolations(page)).toEqual([]);
      // Another client changes the stock: the location's figure and the badge follow without a reload.
      await page.evaluate(() => Object.assign(window, { shopMark: true }));
      await admin.setOnHand(sku, first.location.id, first.reserved + first.safetyStock + 3);
      await testIdReads(page, `location-${first.location.id}`, '3');
      await testIdReads(page, `badge-${sku}`, 'Low stock — 3 left');
      expect(await page.evaluate(() => 'shopMark' in window)).toBe(true);

      // Two units into the cart from the keyboard alone.
      await tabTo(page, `[data-testid="add-${sku}"]`);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      // The cart never shows its lines as "No longer sold", or a zero total, while it loads.
      await page.evaluate(() => {
        const seen = { flash: false };
        Object.assign(window, { cartFlash: seen });
        new MutationObserver(() => {
          const total = document.querySelector('[data-testid="cart-total"]')?.textContent ?? '';
          if (document.body.innerText.includes('No longer sold') || /\b0[.,]00\b/.test(total)) seen.flash = true;
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await tabTo(page, 'a[href="/cart"]');
      await page.keyboard.press('Enter');
      await page.locator(`[data-testid="cart-line-${sku}"]`).waitFor({ timeout: UI_WAIT_MS });
      const quantity = page.getByLabel(/^Quantity of /);
      expect(await quantity.inputValue()).toBe('2');
      expect(await page.evaluate(() => (window as unknown as { cartFlash: { flash: boolean } }).cartFlash.flash)).toBe(
        false,
      );
      // Quantities out of bounds are said, and change nothing: never silently made 99, never ignored.
      await quantity.fill('5000');
      await page.getByText('At most 99 of one product per order.', { exact: false }).waitFor({ timeout: UI_WAIT_MS });
      await quantity.fill('0');
      await page.getByText('0 is not a quantity', { exact: false }).waitFor({ timeout: UI_WAIT_MS });
      await quantity.blur();
      expect(await quantity.inputValue()).toBe('2');
      expect(await accessibilityViolations(page)).toEqual([]);
      await tabTo(page, 'a[href="/checkout"]');
      await page.keyboard.press('Enter');

      // Checkout asks to sign in; the demo customer's account (alice@example.com) brings the shopper back.
      await page.getByRole('link', { name: 'Sign in' }).last().click();
      await page.getByLabel('Email').fill(`${DEMO.customerA}@example.com`);
      await page.getByLabel('Password', { exact: true }).fill(TEST_DEMO_PASSWORD);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await testIdReads(page, 'signed-in-as', 'Alice');
      await page.locator(`[data-testid="checkout-line-${sku}"] >> text=Available`).waitFor({ timeout: UI_WAIT_MS });
      await screenshot(page, 'checkout');
      expect(await accessibilityViolations(page)).toEqual([]);
      await tabTo(page, '[data-testid="place-order"]');
      await page.keyboard.press('Enter');

      await page.waitForURL(/\/order\?id=/, { timeout: UI_WAIT_MS });
      await testIdReads(page, 'order-status', 'Waiting for payment');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByLabel('Name on the card').fill('Alice Shopper');
      await page.getByLabel('Name on the card').press('Enter');
      await testIdReads(page, 'order-status', 'Paid');
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="order-history"]')?.textContent?.includes('Waiting for payment → Paid'),
        undefined,
        { timeout: UI_WAIT_MS },
      );
      await screenshot(page, 'order');
      expect(await page.evaluate(() => localStorage.getItem('stockgraph.cart'))).toBeNull();
      // Nothing on these pages is wider than a phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        VIEWPORTS.phone.width,
      );

      const [order] = await ordersOf(DEMO.customerA);
      expect(order).toMatchObject({ status: 'CONFIRMED', lines: [{ quantity: 2 }] });
      expect(order?.history.map((h) => h.to)).toEqual(['PENDING', 'RESERVED', 'CONFIRMED']);
      // Sold: two fewer on hand, nothing left held.
      expect((await admin.levels(sku)).find((level) => level.location.id === first.location.id)).toMatchObject({
        onHand: first.reserved + first.safetyStock + 1,
        reserved: first.reserved,
      });
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );

  it(
    'tells the shopper which product sold out when another client takes the last unit between the check and the order, and holds nothing',
    async () => {
      const sku = 'SG-0004';
      await admin.setAvailable(sku, 1);
      const checked = await openCheckedPage(env.browser, {
        token: await tokenFrom(env.stack.origin, { user: DEMO.customerB }),
      });
      const { page } = checked;
      await page.goto(`${env.stack.origin}/product?sku=${sku}`);
      await page.locator(`[data-testid="add-${sku}"]`).click();
      await page.goto(`${env.stack.origin}/checkout`);
      await page.locator(`[data-testid="checkout-line-${sku}"] >> text=Available`).waitFor({ timeout: UI_WAIT_MS });
      const reservedBefore = await admin.reserved(sku);

      await admin.reserve(sku, 1);
      await page.locator('[data-testid="place-order"]').click();

      await page.waitForFunction(
        () => document.querySelector('[data-testid="checkout-problems"]')?.textContent?.includes('has just sold out'),
        undefined,
        { timeout: UI_WAIT_MS },
      );
      const name = await page.locator(`[data-testid="checkout-line-${sku}"] th`).textContent();
      expect(await page.locator('[data-testid="checkout-problems"]').textContent()).toContain(
        `${name} has just sold out`,
      );
      expect(page.url()).toMatch(/\/checkout$/);
      // Only the other client's unit is held; the shopper's order failed and holds nothing.
      expect(await admin.reserved(sku)).toBe(reservedBefore + 1);
      const [order] = await ordersOf(DEMO.customerB);
      expect(order?.status).toBe('FAILED');
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});
