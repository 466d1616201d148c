import type { Browser } from 'playwright-core';
import {
  describeWithBrowser,
  describeWithKafka,
  describeWithMysql,
  freshMysqlDatabase,
  kafkaBrokers,
} from '@stockgraph/testing';
import {
  DEMO,
  type DistributedStack,
  launchBrowser,
  openCheckedPage,
  originOf,
  signedIn,
  startDistributedStack,
  testIdReads,
  TIMEOUT,
  tokenFrom,
  UI_WAIT_MS,
} from '../src';
import { stockAdmin } from './support/stock-admin';
import { stockSubscribersReach, stockSubscriptions } from './support/stock-subscribers';

/**
 * The pages against the distributed stack (MariaDB, Kafka) when parts of it go away: a
 * page's live stock survives a gateway restart, and checkout with inventory down tells
 * the shopper the stock could not be checked live and lets them order
 * (DEGRADED_MODE=allow), or says checkout is paused and does not (block).
 */
describeWithMysql('checkout in the browser with inventory down', () => {
  describeWithKafka('on Kafka', () => {
    describeWithBrowser('in Chromium', () => {
      let stack: DistributedStack;
      let browser: Browser;
      let origin: string;

      beforeAll(async () => {
        stack = await startDistributedStack({
          databases: {
            catalog: await freshMysqlDatabase('degraded_web_catalog'),
            inventory: await freshMysqlDatabase('degraded_web_inventory'),
            order: await freshMysqlDatabase('degraded_web_order'),
          },
          // The gateway outwaits catalog's live check, so the degraded answer reaches the page; no
          // cached answer stands in for inventory once it is gone.
          env: {
            KAFKA_BROKERS: kafkaBrokers().join(','),
            INVENTORY_TIMEOUT_MS: '5000',
            SUBGRAPH_TIMEOUT_MS: '60000',
            STOCK_CACHE_TTL_MS: '0',
          },
        });
        origin = originOf(stack.gatewayUrl);
        browser = await launchBrowser();
      }, TIMEOUT.startStack);

      afterAll(async () => {
        await browser?.close();
        await stack?.stop();
      }, TIMEOUT.stopStack);

      it(
        "keeps a storefront's badges live across a gateway restart: the page reconnects on its own",
        async () => {
          const sku = 'SG-0006';
          const inventoryMetrics = stack.urls.inventory.replace('/graphql', '/metrics');
          const admin = stockAdmin(stack.gatewayUrl, await signedIn(origin, DEMO.ops));
          const checked = await openCheckedPage(browser, { allowErrors: [/WebSocket connection to .* failed/] });
          const { page } = checked;
          await page.goto(`${origin}/product?sku=${sku}`);
          await testIdReads(page, `badge-${sku}`, 'In stock');
          await stockSubscribersReach(inventoryMetrics, 1);
          const { opened } = await stockSubscriptions(inventoryMetrics);
          await page.evaluate(() => Object.assign(window, { reconnectMark: true }));

          await stack.restart('gateway');
          await stockSubscribersReach(inventoryMetrics, 1, opened);
          await admin.setAvailable(sku, 4);
          await testIdReads(page, `badge-${sku}`, 'Low stock — 4 left');
          expect(await page.evaluate(() => 'reconnectMark' in window)).toBe(true);
          expect(checked.problems()).toEqual({ offHost: [], errors: [] });
          await checked.close();
        },
        TIMEOUT.longTest,
      );

      it(
        'shows the degraded banner and lets the shopper order, then refuses with DEGRADED_MODE=block',
        async () => {
          const sku = 'SG-0005';
          const checked = await openCheckedPage(browser, { token: await tokenFrom(origin, { user: DEMO.customerA }) });
          const { page } = checked;
          await page.goto(`${origin}/product?sku=${sku}`);
          await page.locator(`[data-testid="add-${sku}"]`).click();
          await page.goto(`${origin}/checkout`);
          await page.locator(`[data-testid="checkout-line-${sku}"] >> text=Available`).waitFor({ timeout: UI_WAIT_MS });
          expect(await page.locator('[data-testid="degraded-banner"]').count()).toBe(0);

          await stack.halt('inventory', { crash: true });
          await page.getByRole('button', { name: 'Check stock again' }).click();
          await testIdReads(
            page,
            'degraded-banner',
            /^Stock could not be checked live just now\..*You can still order/,
          );
          expect(await page.locator('[data-testid="place-order"]').isEnabled()).toBe(true);

          await stack.restart('catalog', { env: { DEGRADED_MODE: 'block' } });
          await page.reload();
          await testIdReads(
            page,
            'degraded-banner',
            /^Checkout is paused: stock cannot be checked right now\..*Nothing was ordered/,
          );
          expect(await page.locator('[data-testid="place-order"]').isDisabled()).toBe(true);
          expect(checked.problems()).toEqual({ offHost: [], errors: [] });
          await checked.close();
        },
        TIMEOUT.longTest,
      );
    });
  });
});
