import type { Browser } from 'playwright-core';
import { type EmbeddedStack, launchBrowser, startEmbeddedStack, TIMEOUT } from '../../src';
import { sharedEmbeddedStack } from './shared-stacks';

/** What a browser test file runs against: `npm start`'s process and one Chromium. */
export interface EmbeddedBrowser {
  readonly stack: EmbeddedStack;
  readonly browser: Browser;
}

/**
 * A browser of the file's own and an embedded stack before the file's tests: the worker's
 * shared one, or, with `env`, one of the file's own with those settings, stopped after them.
 * Read the fields inside tests and hooks, once they have started.
 */
export function embeddedBrowser(env?: Record<string, string>): EmbeddedBrowser {
  const started: { stack?: EmbeddedStack; browser?: Browser } = {};
  beforeAll(async () => {
    started.stack = env ? await startEmbeddedStack(env) : await sharedEmbeddedStack();
    started.browser = await launchBrowser();
  }, TIMEOUT.startStack);
  afterAll(async () => {
    await started.browser?.close();
    if (env) await started.stack?.stop();
  }, TIMEOUT.stopStack);
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started: read it inside a test or hook`);
    return value;
  };
  return {
    get stack() {
      return need(started.stack, 'embedded stack');
    },
    get browser() {
      return need(started.browser, 'browser');
    },
  };
}
