import { describeWithBrowser } from '@stockgraph/testing';
import { DEMO, openCheckedPage, screenshot, signedIn, TEST_DEMO_PASSWORD, TIMEOUT, UI_WAIT_MS } from '../src';
import { embeddedBrowser } from './support/embedded-browser';
import { stockAdmin } from './support/stock-admin';
import { stockSubscribersReach } from './support/stock-subscribers';

/**
 * The operations console at /graphiql in a real browser: built with the pages' toolchain,
 * served from this machine only, and running subscriptions over graphql-ws.
 */
describeWithBrowser('the GraphiQL console', () => {
  const env = embeddedBrowser();

  it(
    'runs a stockChanged subscription typed into it and shows the event another client causes, with nothing loaded from elsewhere',
    async () => {
      const sku = 'SG-0011';
      const admin = stockAdmin(`${env.stack.origin}/graphql`, await signedIn(env.stack.origin, DEMO.ops));
      const checked = await openCheckedPage(env.browser);
      const { page } = checked;
      await page.goto(`${env.stack.origin}/graphiql`);
      // Signing in with the development issuer, as operations staff would.
      await page.getByLabel('Demo user').selectOption(DEMO.ops);
      await page.getByLabel('Password').fill(TEST_DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByTestId('console-identity').getByText(DEMO.ops, { exact: true }).waitFor({ timeout: UI_WAIT_MS });

      await page.getByRole('button', { name: 'New tab' }).click();
      const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
      await editor.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(
        `subscription WatchOne { stockChanged(skus: ["${sku}"]) { sku onHand available location { id } } }`,
      );
      await editor.getByText('WatchOne').waitFor({ timeout: UI_WAIT_MS });
      await page.locator('.graphiql-execute-button').click();
      // Once inventory serves the subscription, another client changes the stock.
      await stockSubscribersReach(env.stack.url('inventory', '/metrics'), 1);
      const [level] = await admin.levels(sku);
      const marker = level.onHand + 4321;
      await admin.setOnHand(sku, level.location.id, marker);

      const response = page.locator('.graphiql-response');
      await response.getByText(`"onHand": ${marker}`).waitFor({ timeout: UI_WAIT_MS });
      // Monaco draws spaces as no-break spaces.
      expect((await response.textContent())?.replace(/\s+/g, ' ')).toContain(`"sku": "${sku}"`);
      // The explorer plugin is bundled too: it shows the tab's operation as a tree of the schema's fields to tick.
      await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
      await page
        .locator('.graphiql-plugin')
        .getByText('orderUpdated', { exact: true })
        .waitFor({ timeout: UI_WAIT_MS });
      await screenshot(page, 'console');
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});
