import fs from 'node:fs';
import path from 'node:path';
import { describeWithBrowser, graphqlData, waitFor } from '@stockgraph/testing';
import {
  accessibilityViolations,
  DEMO,
  openCheckedPage,
  screenshot,
  signedIn,
  testIdReads,
  TIMEOUT,
  tokenFrom,
  UI_WAIT_MS,
  VIEWPORTS,
} from '../src';
import { embeddedBrowser } from './support/embedded-browser';

/**
 * The till page the store service serves (issue 13), in Chromium at phone width on
 * `npm start`'s demo store: signed in with the shop's store token, it shows the link with
 * the centre, sells a unit that reaches central stock, and explains a refusal.
 */
describeWithBrowser('the till page', () => {
  const env = embeddedBrowser({ DEMO_STORE: 'true' });

  it(
    'sells at the till, shows the sale reach the centre, and refuses beyond the allowance with a sentence',
    async () => {
      const { stack, browser } = env;
      const ops = await signedIn(stack.origin, DEMO.ops);
      const apiKey = fs.readFileSync(path.join(stack.dataDir, 'store', 'lisbon-store.key'), 'utf8').trim();
      const token = await tokenFrom(stack.origin, { apiKey });
      const central = async () =>
        (
          await graphqlData<{ stockLevels: Array<{ onHand: number }> }>(
            `${stack.origin}/graphql`,
            '{ stockLevels(skus: ["SG-0001"], locationIds: ["lisbon-store"]) { onHand } }',
            {},
            ops,
          )
        ).stockLevels[0]?.onHand ?? 0;

      const checked = await openCheckedPage(browser, { viewport: VIEWPORTS.phone });
      await checked.context.addInitScript((value) => sessionStorage.setItem('stockgraph.till.token', value), token);
      const { page } = checked;
      await page.goto(stack.url('store', '/till'));
      await testIdReads(page, 'till-online', 'Online');
      await waitFor(async () => Number(await page.getByTestId('till-allowance').textContent()) > 0, {
        timeoutMs: UI_WAIT_MS,
        what: 'an allowance',
      });
      const before = await central();

      await page.getByLabel('Sku (type or scan)').fill('SG-0001');
      await page.getByLabel('Quantity').fill('1');
      await page.getByLabel('Quantity').press('Enter');
      await testIdReads(page, 'till-outcome', /Sold 1 × SG-0001/);
      await waitFor(async () => (await central()) === before - 1, {
        timeoutMs: UI_WAIT_MS,
        what: 'the sale in central stock',
      });
      await testIdReads(page, 'till-backlog', '0');
      await testIdReads(page, 'till-on-hand', String(before - 1));

      await page.getByLabel('Quantity').fill('100000');
      await page.getByRole('button', { name: 'Sell' }).click();
      await testIdReads(page, 'till-outcome', /Not enough SG-0001 set aside for this shop/);
      expect(await central()).toBe(before - 1);

      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        VIEWPORTS.phone.width,
      );
      await screenshot(page, 'till-phone');
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});
