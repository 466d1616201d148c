import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where browser tests and benchmarks leave screenshots: e2e/artifacts (gitignored), from sources or the build alike. */
export const ARTIFACTS = path.resolve(
  __dirname,
  __dirname.split(path.sep).includes('dist') ? '../../../artifacts' : '../../artifacts',
);

/** How long a page may take to show something; bounds a wait on a loaded machine, never judges speed. */
export const UI_WAIT_MS = 30_000;

/** Phone and desktop widths every page must work at. */
export const VIEWPORTS = { phone: { width: 375, height: 800 }, desktop: { width: 1280, height: 900 } } as const;

/** Debian's Chromium (the project never downloads a browser of its own). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that would reach for the network on its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page whose every request and error is watched. */
export interface CheckedPage {
  page: Page;
  context: BrowserContext;
  /** Requests to any host but 127.0.0.1 (each refused), console errors and uncaught page errors so far. */
  problems(): { offHost: string[]; errors: string[] };
  close(): Promise<void>;
}

export interface CheckedPageOptions {
  viewport?: { width: number; height: number };
  /** Signed in from the first page on: the token the pages keep for the session. */
  token?: string;
  /** Console messages that are expected (e.g. the browser reporting a refused request the page handles). */
  allowErrors?: RegExp[];
}

/**
 * A fresh browser context (no cookies, no storage) with one page. Any request that would
 * leave this machine is aborted and recorded; console errors and page errors are recorded.
 */
export async function openCheckedPage(browser: Browser, options: CheckedPageOptions = {}): Promise<CheckedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? VIEWPORTS.desktop });
  const offHost: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    offHost.push(url.href);
    return route.abort();
  });
  if (options.token)
    await context.addInitScript((token) => sessionStorage.setItem('stockgraph.session', token), options.token);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !options.allowErrors?.some((allowed) => allowed.test(message.text())))
      errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  return {
    page,
    context,
    problems: () => ({ offHost: [...offHost], errors: [...errors] }),
    close: () => context.close(),
  };
}

/** Saves a full-page screenshot as `e2e/artifacts/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Resolves when the element with `data-testid` reads `text` (exactly, or matching a pattern). */
export async function testIdReads(page: Page, testId: string, text: string | RegExp): Promise<void> {
  const expected = typeof text === 'string' ? { exact: text } : { source: text.source, flags: text.flags };
  try {
    await page.waitForFunction(
      ([id, wanted]) => {
        const actual = document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
        if (actual === null) return false;
        return 'exact' in wanted ? actual === wanted.exact : new RegExp(wanted.source, wanted.flags).test(actual);
      },
      [testId, expected] as const,
      { timeout: UI_WAIT_MS },
    );
  } catch (error) {
    const actual = await page
      .locator(`[data-testid="${testId}"]`)
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
    throw new Error(`[data-testid="${testId}"] never read ${String(text)}; it reads ${JSON.stringify(actual)}`, {
      cause: error,
    });
  }
}

/** One accessibility rule a page breaks, as axe-core reports it. */
export interface AccessibilityViolation {
  rule: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the elements that break it. */
  targets: string[];
}

/**
 * Runs axe-core (from this machine's node_modules) against the page as it is now, for the
 * WCAG 2.1 A and AA rules, and returns what is serious or critical. axe is evaluated through
 * the browser's debugging protocol: the page's CSP rightly refuses an injected script.
 */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{
            violations: Array<{
              id: string;
              impact?: string | null;
              help: string;
              nodes: Array<{ target: unknown[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        rule: violation.id,
        impact: violation.impact ?? null,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  });
}
