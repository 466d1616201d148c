import { describeWithBrowser, graphqlData, waitFor } from '@stockgraph/testing';
import type { Browser } from 'playwright-core';
import {
  accessibilityViolations,
  DEMO,
  type EmbeddedStack,
  freePorts,
  launchBrowser,
  openCheckedPage,
  screenshot,
  signedIn,
  startEmbeddedStack,
  startTcpProxy,
  type TcpProxy,
  TEST_DEMO_PASSWORD,
  testIdReads,
  TIMEOUT,
  UI_WAIT_MS,
  VIEWPORTS,
} from '../src';

/** The store tokens the demo store gets for its key live this long here (the least the gateway allows). */
const STORE_TOKEN_SECONDS = 10;

/**
 * The till page a shop's store service serves, for a whole shift (issue 20), in Chromium
 * at phone width: `npm start`'s demo store, its link to the centre running through a
 * proxy the test can cut. A cashier signs in with a PIN at the store (never a central
 * token), sells past the lifetime of the store's central token, sees the link go down and
 * come back on the badge, sells offline out of the allowance, and sees the backlog drain.
 */
describeWithBrowser('the till page through a shift', () => {
  let stack: EmbeddedStack;
  let link: TcpProxy;
  let browser: Browser;

  beforeAll(async () => {
    const [gatewayPort] = (await freePorts(1)) as [number];
    link = await startTcpProxy(gatewayPort);
    stack = await startEmbeddedStack({
      DEMO_STORE: 'true',
      GATEWAY_PORT: String(gatewayPort),
      DEMO_STORE_GATEWAY_URL: `http://127.0.0.1:${link.port}/graphql`,
      AUTH_STORE_TOKEN_SECONDS: String(STORE_TOKEN_SECONDS),
    });
    browser = await launchBrowser();
  }, TIMEOUT.startStack);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await link?.close();
  }, TIMEOUT.stopStack);

  it(
    'signs a cashier in, sells past the store token’s lifetime, shows the link down and up, sells offline and drains the backlog',
    async () => {
      const ops = await signedIn(stack.origin, DEMO.ops);
      const central = async () =>
        (
          await graphqlData<{ stockLevels: Array<{ onHand: number }> }>(
            `${stack.origin}/graphql`,
            '{ stockLevels(skus: ["SG-0001"], locationIds: ["lisbon-store"]) { onHand } }',
            {},
            ops,
          )
        ).stockLevels[0]?.onHand ?? 0;
      // The browser reports the store's 401 for the session ended at the end as a console error; the page handles it.
      const checked = await openCheckedPage(browser, { viewport: VIEWPORTS.phone, allowErrors: [/status of 401/] });
      const { page } = checked;
      const sell = async (quantity: number) => {
        await page.getByLabel('Sku (type or scan)').fill('SG-0001');
        await page.getByLabel('Quantity').fill(String(quantity));
        await page.getByRole('button', { name: 'Sell' }).click();
      };
      await page.goto(stack.url('store', '/till'));

      // A wrong PIN is told as such; the demo cashier's PIN is the demo password.
      await page.getByLabel('Cashier').fill('demo');
      await page.getByLabel('PIN or password').fill('0000-wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await testIdReads(page, 'till-sign-in-message', 'That cashier name or PIN is wrong.');
      await page.getByLabel('PIN or password').fill(TEST_DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await testIdReads(page, 'till-online', 'Online');
      await waitFor(async () => Number(await page.getByTestId('till-allowance').textContent()) > 0, {
        timeoutMs: UI_WAIT_MS,
        what: 'an allowance',
      });
      const before = await central();
      await sell(1);
      await testIdReads(page, 'till-outcome', /^Sold 1 × SG-0001\.$/);
      const signedInAt = Date.now();

      // The shift goes on past the store's central token: the store renews it, the till never sees it.
      await waitFor(() => Promise.resolve(Date.now() > signedInAt + (STORE_TOKEN_SECONDS + 1) * 1000), {
        timeoutMs: UI_WAIT_MS,
        what: `the store token's ${STORE_TOKEN_SECONDS} s to pass`,
      });
      await sell(1);
      await testIdReads(page, 'till-outcome', /^Sold 1 × SG-0001\.$/);
      await waitFor(async () => (await central()) === before - 2, {
        timeoutMs: UI_WAIT_MS,
        what: 'both sales in central stock',
      });

      // The link goes down: the badge says so (the store probes every 500 ms, the page asks every 500 ms).
      const cutAt = Date.now();
      link.cut();
      await testIdReads(page, 'till-online', 'Offline');
      process.stdout.write(`till badge read "Offline" ${Date.now() - cutAt} ms after the link was cut\n`);
      await sell(1);
      await testIdReads(page, 'till-outcome', /^Sold 1 × SG-0001 \(offline/);
      await testIdReads(page, 'till-backlog', '1');
      expect(await central()).toBe(before - 2);
      await screenshot(page, 'till-offline-phone');

      const restoredAt = Date.now();
      link.restore();
      await testIdReads(page, 'till-online', 'Online');
      process.stdout.write(`till badge read "Online" ${Date.now() - restoredAt} ms after the link came back\n`);
      await testIdReads(page, 'till-backlog', '0');
      await waitFor(async () => (await central()) === before - 3, {
        timeoutMs: UI_WAIT_MS,
        what: 'the offline sale in central stock',
      });

      // Beyond what is set aside: refused with a sentence, nothing sold.
      await sell(100_000);
      await testIdReads(page, 'till-outcome', /Not enough SG-0001 set aside for this shop/);
      expect(await central()).toBe(before - 3);

      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        VIEWPORTS.phone.width,
      );
      await screenshot(page, 'till-phone');

      // Signing out ends the session at the store: the page asks for a PIN again.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await testIdReads(page, 'till-sign-in-message', 'Signed out.');
      expect(await page.evaluate(() => sessionStorage.getItem('stockgraph.till.token'))).toBeNull();

      // A session the store ends (here: the cashier removed by a manager) reads "sign in again", never "did not answer".
      await page.getByLabel('Cashier').fill('demo');
      await page.getByLabel('PIN or password').fill(TEST_DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await testIdReads(page, 'till-online', 'Online');
      const asOps = (query: string) => graphqlData(stack.url('store'), query, {}, ops);
      await asOps('mutation { removeCashier(name: "demo") }');
      await testIdReads(page, 'till-sign-in-message', 'Your till session has ended. Sign in again to go on selling.');
      await asOps(`mutation { setCashier(name: "demo", pin: "${TEST_DEMO_PASSWORD}") }`);
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});
