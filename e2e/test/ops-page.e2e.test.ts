import fs from 'node:fs';
import { describeWithBrowser, graphqlData } from '@stockgraph/testing';
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
import { stockAdmin } from './support/stock-admin';
import { stockSubscribersReach } from './support/stock-subscribers';

/**
 * The operations pages in a real browser on the embedded stack: an adjustment made with a
 * stale `changeFrom` is refused and shown, the ledger grows live, an open hold is released,
 * and the pipeline summary is on screen.
 */
describeWithBrowser('the operations pages', () => {
  const env = embeddedBrowser();
  let admin: ReturnType<typeof stockAdmin>;
  let ops: Record<string, string>;

  beforeAll(async () => {
    ops = await signedIn(env.stack.origin, DEMO.ops);
    admin = stockAdmin(`${env.stack.origin}/graphql`, ops);
  }, TIMEOUT.startStack);

  it(
    'refuses a shopper, and shows ops a stale changeFrom as a conflict that changed nothing, the ledger growing live, holds to release and dead letters with their reasons, replayed and discarded',
    async () => {
      const shopperPage = await openCheckedPage(env.browser, {
        token: await tokenFrom(env.stack.origin, { user: DEMO.customerA }),
      });
      await shopperPage.page.goto(`${env.stack.origin}/ops`);
      await shopperPage.page.getByText('These pages are for operations staff.').waitFor({ timeout: UI_WAIT_MS });
      await shopperPage.close();

      const sku = 'SG-0010';
      await admin.setAvailable(sku, 30);
      const [level] = await admin.levels(sku);
      const locationId = level.location.id;
      const checked = await openCheckedPage(env.browser, {
        token: await tokenFrom(env.stack.origin, { user: DEMO.ops }),
      });
      const { page } = checked;
      await page.goto(`${env.stack.origin}/ops`);
      await page.getByLabel('Sku', { exact: true }).fill(sku);
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByRole('heading', { name: new RegExp(`^Stock of .*${sku}$`) }).waitFor({ timeout: UI_WAIT_MS });
      await testIdReads(page, `on-hand-${locationId}`, String(level.onHand));
      const form = page.locator(`[data-testid="adjust-${locationId}"]`);
      expect(await form.getByLabel('Only if on hand is still').inputValue()).toBe(String(level.onHand));
      const ledgerRows = () => page.locator('[data-testid="ledger"] li').count();
      const rowsBefore = await ledgerRows();
      await stockSubscribersReach(env.stack.url('inventory', '/metrics'), 1);

      // Another client changes the stock: the figure and the ledger follow live, the open form keeps what it saw.
      await admin.setOnHand(sku, locationId, level.onHand + 7);
      await testIdReads(page, `on-hand-${locationId}`, String(level.onHand + 7));
      await page.waitForFunction(
        (before) => document.querySelectorAll('[data-testid="ledger"] li').length > before,
        rowsBefore,
        { timeout: UI_WAIT_MS },
      );
      expect(await form.getByLabel('Only if on hand is still').inputValue()).toBe(String(level.onHand));

      await form.getByLabel('Units').fill('100');
      await form.getByRole('button', { name: 'Adjust' }).click();
      await testIdReads(page, `adjust-${locationId}-outcome`, /Someone else changed this stock.*Nothing was changed/);
      expect((await admin.levels(sku)).find((l) => l.location.id === locationId)?.onHand).toBe(level.onHand + 7);

      // Starting again from the figure now shown succeeds.
      await form.getByRole('button', { name: /Start from the current figure/ }).click();
      await form.getByRole('button', { name: 'Adjust' }).click();
      await testIdReads(page, `adjust-${locationId}-outcome`, /^Done: 100 on hand now/);
      await testIdReads(page, `on-hand-${locationId}`, '100');
      expect((await admin.levels(sku)).find((l) => l.location.id === locationId)?.onHand).toBe(100);

      // A hold another client made shows up, and is released from the page.
      // Its own hold's button: holds other suites left on this sku may be listed too (the stack is shared).
      const hold = await admin.reserve(sku, 2);
      const release = page.getByRole('button', { name: `Release hold ${hold.slice(0, 8)}` });
      await release.waitFor({ timeout: UI_WAIT_MS });
      const reservedBefore = await admin.reserved(sku);
      // Releasing takes a second press: the first only asks.
      await release.click();
      expect(await admin.reserved(sku)).toBe(reservedBefore);
      await page.getByRole('button', { name: `Confirm: release hold ${hold.slice(0, 8)}` }).click();
      await page.getByText(/its units are back on sale/).waitFor({ timeout: UI_WAIT_MS });
      expect(await admin.reserved(sku)).toBe(reservedBefore - 2);

      // Warehouse counts for skus nobody stocks are dead-lettered; the page lists them with their reason,
      // replays one and discards the other (with a reason and a second press).
      await graphqlData(
        `${env.stack.origin}/graphql`,
        'mutation { submitWarehouseCounts(counts: [{ sku: "SG-9999", locationId: "madrid-dc", onHand: 5 }, { sku: "SG-9998", locationId: "madrid-dc", onHand: 6 }], source: "ops-page") }',
        {},
        ops,
      );
      const letterOf = (sku: string) => page.getByRole('checkbox', { name: new RegExp(`UNKNOWN_SKU of ${sku} `) });
      await letterOf('SG-9999').waitFor({ timeout: UI_WAIT_MS });
      await letterOf('SG-9998').check();
      await page.getByRole('button', { name: 'Replay 1 chosen' }).click();
      await page.getByRole('status').getByText('1 replayed.').waitFor({ timeout: UI_WAIT_MS });
      await letterOf('SG-9999').check();
      const discard = page.getByRole('button', { name: 'Discard 1 chosen…' });
      expect(await discard.isDisabled()).toBe(true);
      await page.getByLabel('Why discard (recorded)').fill('SG-9999 is a test sku, never stocked');
      await discard.click();
      await page.getByRole('button', { name: 'Confirm: discard 1 for good' }).click();
      await page.getByRole('status').getByText('1 discarded.').waitFor({ timeout: UI_WAIT_MS });
      const fates = await graphqlData<{
        deadLetters: { letters: Array<{ key: string; status: string; actions: Array<{ reason: string }> }> };
      }>(
        `${env.stack.origin}/graphql`,
        'query { deadLetters(reason: "UNKNOWN_SKU", first: 200) { letters { key status actions { reason } } } }',
        {},
        ops,
      );
      const fateOf = (key: string) =>
        fates.deadLetters.letters.find((letter) => letter.key === key && letter.actions.length > 0);
      expect(fateOf('SG-9999')).toMatchObject({
        status: 'DISCARDED',
        actions: [{ reason: 'SG-9999 is a test sku, never stocked' }],
      });
      expect(fateOf('SG-9998')).toMatchObject({ status: 'REPLAYED', actions: [{ reason: 'UNKNOWN_SKU' }] });
      await testIdReads(page, 'circuit', 'closed');
      await screenshot(page, 'ops');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );

  it(
    'at phone width: sections to jump to, a product found by name, units marked damaged, a unit transferred, a purchase order received, a CSV checked then applied, the ledger downloaded, nothing cut off',
    async () => {
      const sku = 'SG-0012';
      const [{ name }] = (
        await graphqlData<{ products: { edges: Array<{ node: { name: string } }> } }>(
          `${env.stack.origin}/graphql`,
          'query ($sku: ID!) { products(first: 1, filter: { skus: [$sku] }) { edges { node { name } } } }',
          { sku },
          ops,
        )
      ).products.edges.map((edge) => edge.node);
      const before = (await admin.levels(sku)).find((level) => level.location.id === 'madrid-dc')?.onHand ?? 0;
      const checked = await openCheckedPage(env.browser, {
        token: await tokenFrom(env.stack.origin, { user: DEMO.ops }),
        viewport: VIEWPORTS.phone,
      });
      const { page } = checked;
      await page.goto(`${env.stack.origin}/ops`);
      const nav = page.getByRole('navigation', { name: 'Operations sections' });
      await nav.getByRole('link', { name: 'Import' }).click();
      await page.waitForURL(/#stock-import$/, { timeout: UI_WAIT_MS });

      await page.getByLabel('Find a product (name or sku)').fill(name.split(' ')[0] ?? name);
      await page.getByRole('button', { name: new RegExp(`${name} \\(${sku}\\)`) }).click();
      await page.getByRole('heading', { name: new RegExp(`Stock of ${name}`) }).waitFor({ timeout: UI_WAIT_MS });

      // Two units found damaged where there are some: on hand stays, available drops by two.
      const stocked = (await admin.levels(sku)).find((level) => level.available >= 2);
      if (!stocked) throw new Error(`no location has 2 of ${sku} available`);
      const at = stocked.location.id;
      await testIdReads(page, `available-${at}`, String(stocked.available));
      const stateForm = page.getByRole('form', { name: 'Move units between states' });
      await stateForm.getByLabel('At').selectOption(at);
      await stateForm.getByLabel('Units to move').fill('2');
      await stateForm.getByLabel('Why').selectOption({ label: 'damaged in transport' });
      await stateForm.getByRole('button', { name: 'Move' }).click();
      await testIdReads(page, 'state-move-outcome', /^Moved 2 from sellable to damaged/);
      await testIdReads(page, `damaged-${at}`, String(stocked.damaged + 2));
      await testIdReads(page, `available-${at}`, String(stocked.available - 2));
      expect((await admin.levels(sku)).find((level) => level.location.id === at)?.onHand).toBe(stocked.onHand);
      const stockedOnHand = new Map((await admin.levels(sku)).map((level) => [level.location.id, level.onHand]));

      // One unit sent to another location: drafted, shipped, received.
      const to = (await admin.levels(sku)).find((level) => level.location.id !== at)?.location.id ?? '';
      const [sourceBefore, destinationBefore] = [at, to].map((id) => stockedOnHand.get(id) ?? 0);
      const transferForm = page.getByRole('form', { name: 'New transfer' });
      await transferForm.getByLabel('From').selectOption(at);
      // 'To' alone would also name "Sku to send".
      await transferForm.getByRole('combobox', { name: /^To/ }).selectOption(to);
      await transferForm.getByLabel('Sku to send').fill(sku);
      await transferForm.getByLabel(/^Units/).fill('1');
      await transferForm.getByRole('button', { name: 'Draft transfer' }).click();
      await testIdReads(page, 'transfer-outcome', /^Transfer drafted/);
      await page
        .getByRole('button', { name: `Ship ${sku}` })
        .first()
        .click();
      await testIdReads(page, 'transfer-outcome', /^Shipped/);
      await page.getByRole('button', { name: 'Receive all on the way' }).first().click();
      await testIdReads(page, 'transfer-outcome', /^Received/);
      const after = await admin.levels(sku);
      expect([at, to].map((id) => after.find((level) => level.location.id === id)?.onHand)).toEqual([
        sourceBefore - 1,
        destinationBefore + 1,
      ]);

      // Two units ordered from a supplier arrive at the source: incoming, then on hand.
      const supplier = `PO-${Date.now()}`;
      const poForm = page.getByRole('form', { name: 'New purchase order' });
      await poForm.getByLabel('Deliver to').selectOption(at);
      await poForm.getByLabel('Supplier reference').fill(supplier);
      await poForm.getByLabel('Sku expected').fill(sku);
      await poForm.getByLabel('Units expected').fill('2');
      await poForm.getByRole('button', { name: 'Order' }).click();
      await testIdReads(page, 'purchase-order-outcome', /^Ordered/);
      expect((await admin.levels(sku)).find((level) => level.location.id === at)?.onHand).toBe(sourceBefore - 1);
      await page.getByRole('button', { name: `Receive ${supplier} in full` }).click();
      await testIdReads(page, 'purchase-order-outcome', /^Received/);
      expect((await admin.levels(sku)).find((level) => level.location.id === at)?.onHand).toBe(sourceBefore + 1);

      const csv = `sku,locationId,delta,reason\n${sku},madrid-dc,3,received\n`;
      await page.getByLabel('Or the rows themselves').fill(csv);
      const apply = page.getByRole('button', { name: 'Apply all' });
      expect(await apply.isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByText('All 1 rows would apply: nothing has changed yet.').waitFor({ timeout: UI_WAIT_MS });
      expect((await admin.levels(sku)).find((level) => level.location.id === 'madrid-dc')?.onHand).toBe(before);
      await apply.click();
      await page.getByText('Applied all 1 rows.').waitFor({ timeout: UI_WAIT_MS });
      expect((await admin.levels(sku)).find((level) => level.location.id === 'madrid-dc')?.onHand).toBe(before + 3);

      await page.getByLabel('Location to export').selectOption({ label: 'Madrid distribution centre' });
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: UI_WAIT_MS }),
        page.getByRole('button', { name: 'Download' }).click(),
      ]);
      const file = await download.path();
      const text = fs.readFileSync(file, 'utf8');
      expect(text.split('\n')[0]).toMatch(/^id,at,sku,locationId,kind,/);
      expect(text).toContain(`,${sku},madrid-dc,ADJUST,3,`);
      await page.getByText(/^Downloaded ledger-madrid-dc\.csv/).waitFor({ timeout: UI_WAIT_MS });

      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        VIEWPORTS.phone.width,
      );
      await screenshot(page, 'ops-phone');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(checked.problems()).toEqual({ offHost: [], errors: [] });
      await checked.close();
    },
    TIMEOUT.longTest,
  );
});
