import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describeWithBrowser, graphqlData, graphqlRequest } from '@stockgraph/testing';
import {
  accessibilityViolations,
  DEMO,
  NO_TOKEN,
  openCheckedPage,
  screenshot,
  signedIn,
  TEST_DEMO_PASSWORD,
  testIdReads,
  TIMEOUT,
  UI_WAIT_MS,
  VIEWPORTS,
} from '../src';
import { embeddedBrowser } from './support/embedded-browser';
import { stockAdmin } from './support/stock-admin';

/** What the pages keep in sessionStorage for an account's session (web/src/auth/session-token.ts). */
interface StoredSession {
  accessToken: string;
  refreshToken: string;
}

const REFRESH = `mutation ($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { accessToken } }`;

/** A new shopper's email, unique per run, and a password the accounts API accepts. */
function newShopper() {
  const tag = randomUUID().slice(0, 8);
  return { email: `shopper-${tag}@example.com`, password: `plum orchard ${tag} lantern`, name: `Shopper ${tag}` };
}

async function storedSession(page: Page): Promise<StoredSession | null> {
  const text = await page.evaluate(() => sessionStorage.getItem('stockgraph.session'));
  return text?.startsWith('{') ? (JSON.parse(text) as StoredSession) : null;
}

async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/**
 * Customer accounts in a real browser on the embedded stack: signing up, ordering and
 * paying, signing out (the session is ended at the API too) and in again; a wrong
 * password refused in words; and a session that outlives its access tokens by renewing
 * them, until a copied refresh token ends it.
 */
describeWithBrowser('accounts in the browser', () => {
  const env = embeddedBrowser();

  it(
    'a new shopper creates an account at checkout, orders and pays, signs out, and signs in again with the same email and password — at phone width',
    async () => {
      const sku = 'SG-0023';
      const shopper = newShopper();
      const admin = stockAdmin(`${env.stack.origin}/graphql`, await signedIn(env.stack.origin, DEMO.ops));
      await admin.setAvailable(sku, 5);
      const checked = await openCheckedPage(env.browser, { viewport: VIEWPORTS.phone });
      const { page } = checked;

      await page.goto(`${env.stack.origin}/product?sku=${sku}`);
      await page.locator(`[data-testid="add-${sku}"]`).click();
      await page.getByRole('link', { name: 'Cart, 1 item' }).waitFor({ timeout: UI_WAIT_MS });
      await page.goto(`${env.stack.origin}/checkout`);
      await page.getByRole('link', { name: 'Sign in' }).last().click();
      await page.getByRole('link', { name: 'Create an account' }).click();

      await page.getByRole('heading', { name: 'Create an account' }).waitFor({ timeout: UI_WAIT_MS });
      await page.getByLabel('Email').fill(shopper.email);
      await page.getByLabel('Password').fill(shopper.password);
      await page.getByLabel('Display name (optional)').fill(shopper.name);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'sign-up');
      await page.getByRole('button', { name: 'Create account' }).click();

      // Signed in at once, and back at checkout with the cart as it was.
      await testIdReads(page, 'signed-in-as', shopper.name);
      await page.waitForURL(/\/checkout$/, { timeout: UI_WAIT_MS });
      await page.locator(`[data-testid="checkout-line-${sku}"] >> text=Available`).waitFor({ timeout: UI_WAIT_MS });
      await page.locator('[data-testid="place-order"]').click();
      await page.waitForURL(/\/order\?id=/, { timeout: UI_WAIT_MS });
      const orderId = new URL(page.url()).searchParams.get('id') ?? '';
      await testIdReads(page, 'order-status', 'Waiting for payment');
      await page.getByLabel('Name on the card').fill(shopper.name);
      await page.getByLabel('Name on the card').press('Enter');
      await testIdReads(page, 'order-status', 'Paid');

      await page.getByRole('link', { name: 'Your orders', exact: true }).click();
      const orderLink = page.getByRole('link', { name: `Order ${orderId.slice(0, 8)}` });
      await orderLink.waitFor({ timeout: UI_WAIT_MS });

      // Signing out ends the session here and at the API: its refresh token no longer renews anything.
      const stored = await storedSession(page);
      expect(stored?.refreshToken).toEqual(expect.any(String));
      const endedAtApi = page.waitForResponse(
        (response) => response.url().endsWith('/graphql') && (response.request().postData() ?? '').includes('SignOut'),
        { timeout: UI_WAIT_MS },
      );
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('link', { name: 'Sign in', exact: true }).first().waitFor({ timeout: UI_WAIT_MS });
      expect(await page.getByTestId('signed-in-as').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.getItem('stockgraph.session'))).toBeNull();
      await endedAtApi;
      const reuse = await graphqlRequest(
        `${env.stack.origin}/graphql`,
        REFRESH,
        { refreshToken: stored?.refreshToken },
        NO_TOKEN,
      );
      expect(reuse.errors?.[0]?.extensions?.code).toBe('INVALID_REFRESH_TOKEN');

      await page.goto(`${env.stack.origin}/orders`);
      await page.getByRole('link', { name: 'Sign in to see your orders' }).click();
      await signInWithPassword(page, shopper.email, shopper.password);
      await page.waitForURL(/\/orders$/, { timeout: UI_WAIT_MS });
      await testIdReads(page, 'signed-in-as', shopper.name);
      await orderLink.waitFor({ timeout: UI_WAIT_MS });
      await screenshot(page, 'orders-after-sign-in');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        VIEWPORTS.phone.width,
      );
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );

  it(
    'says "wrong email or password" for a wrong password, announced, and leaves the shopper signed out',
    async () => {
      const shopper = newShopper();
      await graphqlData(
        `${env.stack.origin}/graphql`,
        'mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }',
        { input: { email: shopper.email, password: shopper.password } },
        NO_TOKEN,
      );
      // The browser reports the refused sign-in's 4xx answer, if the API gives one, as a console error.
      const checked = await openCheckedPage(env.browser, { allowErrors: [/status of 4\d\d/] });
      const { page } = checked;
      await page.goto(`${env.stack.origin}/signin`);
      await signInWithPassword(page, shopper.email, `${shopper.password}!`);

      const alert = page.getByRole('alert');
      await alert.filter({ hasText: /wrong email or password/i }).waitFor({ timeout: UI_WAIT_MS });
      expect(await page.getByTestId('signed-in-as').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.getItem('stockgraph.session'))).toBeNull();
      expect(page.url()).toMatch(/\/signin$/);
      await screenshot(page, 'sign-in-wrong-password');
      expect(await accessibilityViolations(page)).toEqual([]);

      // The demo customers' accounts take the demo password.
      await signInWithPassword(page, 'alice@example.com', TEST_DEMO_PASSWORD);
      await testIdReads(page, 'signed-in-as', 'Alice');
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});

/**
 * With 10-second access tokens (the least the accounts service allows), the page renews
 * each one halfway through its life, so a session outlives them; a refresh token used a
 * second time (a copied session) ends the session, and the page says so.
 */
describeWithBrowser('an account session in the browser, with short-lived access tokens', () => {
  const env = embeddedBrowser({ ACCOUNTS_ACCESS_TOKEN_SECONDS: '10' });

  it(
    'renews the access token before it lapses, keeps working past the first token’s expiry, and ends with a notice when a spent refresh token is reused',
    async () => {
      const shopper = newShopper();
      // The browser reports the refused renewal's 4xx answer, if the API gives one, as a console error.
      const checked = await openCheckedPage(env.browser, { allowErrors: [/status of 4\d\d/] });
      const { page } = checked;
      await page.goto(`${env.stack.origin}/signin?next=/orders`);
      await page.getByRole('link', { name: 'Create an account' }).click();
      await page.getByLabel('Email').fill(shopper.email);
      await page.getByLabel('Password').fill(shopper.password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByText('No orders yet.').waitFor({ timeout: UI_WAIT_MS });
      const first = await storedSession(page);
      if (!first) throw new Error('no account session stored after sign-up');
      const firstExpiresAt =
        (JSON.parse(Buffer.from(first.accessToken.split('.')[1] ?? '', 'base64url').toString()) as { exp: number })
          .exp * 1000;

      // Renewed every 5 s: by the third renewal the first access token has lapsed, and the session goes on.
      const renewedPast = (previous: string) =>
        page.waitForFunction(
          (token) => {
            const text = sessionStorage.getItem('stockgraph.session') ?? '';
            return text.startsWith('{') && (JSON.parse(text) as { accessToken: string }).accessToken !== token;
          },
          previous,
          // Polled on a timer: nothing on the page changes to trigger a check.
          { timeout: UI_WAIT_MS, polling: 500 },
        );
      let latest = first;
      for (let renewal = 1; renewal <= 3; renewal += 1) {
        await renewedPast(latest.accessToken);
        latest = (await storedSession(page)) ?? latest;
      }
      expect(Date.now()).toBeGreaterThan(firstExpiresAt);
      await page.getByRole('link', { name: 'Shop', exact: true }).click();
      await page.getByRole('link', { name: 'Your orders', exact: true }).click();
      await page.getByText('No orders yet.').waitFor({ timeout: UI_WAIT_MS });
      // No display name given: the header names the account by its email.
      await testIdReads(page, 'signed-in-as', shopper.email);

      // Someone replays the first (spent) refresh token: the API ends the whole session, and the page's next renewal says so.
      const replay = await graphqlRequest(
        `${env.stack.origin}/graphql`,
        REFRESH,
        { refreshToken: first.refreshToken },
        NO_TOKEN,
      );
      expect(replay.errors?.[0]?.extensions?.code).toBe('REFRESH_TOKEN_REUSED');
      await testIdReads(page, 'session-notice', /Your session ended; sign in again\./);
      expect(await page.getByTestId('signed-in-as').count()).toBe(0);
      expect(await page.evaluate(() => sessionStorage.getItem('stockgraph.session'))).toBeNull();
      await screenshot(page, 'session-ended');
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});
