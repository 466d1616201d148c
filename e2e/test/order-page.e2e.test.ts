import { describeWithBrowser, graphqlData } from '@stockgraph/testing';
import { DEMO, openCheckedPage, signedIn, testIdReads, TIMEOUT, tokenFrom, UI_WAIT_MS } from '../src';
import { embeddedBrowser } from './support/embedded-browser';
import { stockAdmin } from './support/stock-admin';

/** Seconds a hold lives in this stack: long enough to see it held on a loaded machine, short enough to wait out. */
const HOLD_SECONDS = 20;

/**
 * The order page follows its order live through `orderUpdated`: an order placed through
 * the API shows RESERVED, and turns EXPIRED without a reload when its short hold lapses.
 */
describeWithBrowser('the order page', () => {
  const env = embeddedBrowser({
    RESERVATION_TTL_DEFAULT_SECONDS: String(HOLD_SECONDS),
    RESERVATION_SWEEP_INTERVAL_MS: '250',
  });

  it(
    'shows a held order turn EXPIRED live when its hold lapses, and the stock comes back',
    async () => {
      const sku = 'SG-0009';
      const admin = stockAdmin(`${env.stack.origin}/graphql`, await signedIn(env.stack.origin, DEMO.ops));
      await admin.setAvailable(sku, 5);
      const shopper = await signedIn(env.stack.origin, DEMO.customerA);
      const placed = await graphqlData<{ placeOrder: { order: { id: string; status: string } } }>(
        `${env.stack.origin}/graphql`,
        'mutation { placeOrder(input: { lines: [{ sku: "SG-0009", quantity: 2 }] }, idempotencyKey: "order-page-expiry") { order { id status } } }',
        {},
        shopper,
      );
      expect(placed.placeOrder.order.status).toBe('RESERVED');
      expect(await admin.reserved(sku)).toBeGreaterThanOrEqual(2);

      const checked = await openCheckedPage(env.browser, {
        token: await tokenFrom(env.stack.origin, { user: DEMO.customerA }),
      });
      const { page } = checked;
      await page.goto(`${env.stack.origin}/order?id=${placed.placeOrder.order.id}`);
      // Held and counting down, read from one rendering: on a loaded machine the hold can lapse
      // between two separate checks, and the countdown goes with it (a CI run saw it).
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="order-status"]')?.textContent === 'Waiting for payment' &&
          document.querySelector('[role="timer"]') !== null,
        undefined,
        { timeout: UI_WAIT_MS },
      );
      await page.evaluate(() => Object.assign(window, { orderMark: true }));

      await testIdReads(page, 'order-status', 'Expired');
      await page.waitForFunction(
        () =>
          document
            .querySelector('[data-testid="order-history"]')
            ?.textContent?.includes('Waiting for payment → Expired'),
        undefined,
        { timeout: UI_WAIT_MS },
      );
      expect(await page.getByText('The time to pay for this order ran out').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="pay"]').count()).toBe(0);
      expect(await page.evaluate(() => 'orderMark' in window)).toBe(true);
      expect((await admin.levels(sku)).reduce((sum, level) => sum + level.available, 0)).toBe(5);
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});
