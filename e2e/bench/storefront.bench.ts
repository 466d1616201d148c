// Parts of this file run inside the page (page.evaluate), where the DOM is.
/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { GraphQLClient } from '@stockgraph/runtime';
import { DEMO, launchBrowser, startEmbeddedStack, tokenFrom } from '../src';
import { formatMs, type LatencySummary, summarize } from './support/stats';

export interface StorefrontBenchResult {
  changes: number;
  /** From sending the stock change (its commit is inside this) to the badge's DOM reading the new value. */
  badgeLatency: LatencySummary;
  /** A cold browser: from navigation start to the first stock badge drawn. */
  coldInteractiveMs: number;
}

type Levels = { stockLevels: Array<{ location: { id: string }; reserved: number; safetyStock: number }> };

/**
 * The storefront in a real Chromium on the embedded stack: how long a stock change takes
 * to reach a shopper's badge, over `changes` changes of one visible sku, and how long a
 * cold browser takes to show the first page with its badges.
 */
export async function runStorefrontBench(options: { changes: number }): Promise<StorefrontBenchResult> {
  const stack = await startEmbeddedStack();
  const browser = await launchBrowser();
  try {
    const token = await tokenFrom(stack.origin, { user: DEMO.ops });
    const ops = new GraphQLClient('gateway', `${stack.origin}/graphql`, 30_000, {
      authorization: () => Promise.resolve(`Bearer ${token}`),
    });
    const cold = await browser.newPage();
    await cold.goto(`${stack.origin}/`);
    await cold.waitForSelector('[data-testid^="badge-"]');
    const coldInteractiveMs = await cold.evaluate(() => performance.now());
    await cold.close();

    const page = await browser.newPage();
    await page.goto(`${stack.origin}/`);
    const badge = await page.waitForSelector('[data-testid^="badge-"]');
    const sku = ((await badge.getAttribute('data-testid')) ?? '').replace('badge-', '');
    const { stockLevels } = await ops.request<Levels>(
      'query ($sku: ID!) { stockLevels(skus: [$sku]) { location { id } reserved safetyStock } }',
      { sku },
    );
    const adjust = (locationId: string, set: number) =>
      ops.request(
        'mutation ($key: String!, $input: AdjustStockInput!) { adjustStock(idempotencyKey: $key, input: $input) { userErrors { code } } }',
        { key: randomUUID(), input: { sku, locationId, set, reason: 'CORRECTION' } },
      );
    const [first, ...others] = stockLevels;
    if (!first) throw new Error(`no stock levels for ${sku}`);
    for (const level of others) await adjust(level.location.id, level.reserved + level.safetyStock);
    // The page stamps, on the page's own clock (epoch ms), the moment the badge text changes.
    await page.evaluate((id) => {
      const stamps: Array<{ text: string; at: number }> = [];
      (window as unknown as { badgeStamps: typeof stamps }).badgeStamps = stamps;
      const target = document.querySelector(`[data-testid="badge-${id}"]`);
      if (!target) throw new Error('badge vanished');
      new MutationObserver(() =>
        stamps.push({ text: target.textContent ?? '', at: performance.timeOrigin + performance.now() }),
      ).observe(target, { childList: true, characterData: true, subtree: true });
    }, sku);
    const samples: number[] = [];
    for (let i = 0; i < options.changes; i += 1) {
      const left = (i % 5) + 1;
      const expected = `Low stock — ${left} left`;
      const sent = performance.timeOrigin + performance.now();
      await adjust(first.location.id, first.reserved + first.safetyStock + left);
      const handle = await page.waitForFunction(
        ([text, after]) =>
          (window as unknown as { badgeStamps: Array<{ text: string; at: number }> }).badgeStamps.find(
            (s) => s.text === text && s.at >= after,
          )?.at,
        [expected, sent] as const,
        { timeout: 30_000 },
      );
      samples.push(((await handle.jsonValue()) as number) - sent);
    }
    return { changes: samples.length, badgeLatency: summarize(samples), coldInteractiveMs };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

export function printStorefrontBench(r: StorefrontBenchResult): void {
  const l = r.badgeLatency;
  process.stdout.write(
    [
      `storefront in Chromium (embedded stack), ${r.changes} stock changes of one visible sku`,
      `  change sent → badge changed   p50 ${formatMs(l.p50)}  p90 ${formatMs(l.p90)}  p99 ${formatMs(l.p99)}  max ${formatMs(l.max)}`,
      `  cold browser → first badges   ${formatMs(r.coldInteractiveMs)}`,
    ].join('\n') + '\n',
  );
}
