import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createHttpServer, createMetrics, listen, type RunningHttpServer } from '@stockgraph/runtime';
import { CONSOLE_CSP, PAGE_CSP, PAGE_PATHS, webRoutes } from '../src/web/web-routes';

async function serve(distDir: string, console = false): Promise<RunningHttpServer> {
  const server = createHttpServer({
    routes: webRoutes(distDir, { console }),
    readiness: [],
    metrics: createMetrics('gateway'),
    log: pino({ level: 'silent' }),
  });
  return listen(server, '127.0.0.1', 0);
}

describe('the built pages', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-web-'));
  let running: RunningHttpServer;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><script type="module" src="/assets/index-Ab12Cd.js"></script>',
    );
    fs.writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd.js'), 'console.log(1)');
    fs.writeFileSync(
      path.join(dist, 'console.html'),
      '<!doctype html><title>console</title><script type="module" src="/assets/console-Ef34Gh.js"></script>',
    );
    fs.writeFileSync(path.join(dist, 'secret.txt'), 'not an asset');
    running = await serve(dist);
  });

  afterAll(async () => {
    await running.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page uncached, under a CSP that allows only this origin', async () => {
    const response = await fetch(`${running.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(PAGE_CSP).toContain("script-src 'self'");
    expect(PAGE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(await response.text()).toContain('/assets/index-Ab12Cd.js');
  });

  it('answers every page path with the same page, so a deep link or a reload lands on it', async () => {
    for (const pagePath of PAGE_PATHS) {
      const response = await fetch(`${running.url}${pagePath}?sku=SG-0001`);
      expect([pagePath, response.status, await response.text()]).toEqual([
        pagePath,
        200,
        expect.stringContaining('/assets/index-Ab12Cd.js'),
      ]);
    }
  });

  it('serves the console only when asked, under its own CSP that still allows no foreign or inline script', async () => {
    expect((await fetch(`${running.url}/graphiql`)).status).toBe(404);
    const withConsole = await serve(dist, true);
    try {
      const response = await fetch(`${withConsole.url}/graphiql`);
      expect([
        response.status,
        response.headers.get('cache-control'),
        response.headers.get('content-security-policy'),
      ]).toEqual([200, 'no-cache', CONSOLE_CSP]);
      expect(await response.text()).toContain('/assets/console-Ef34Gh.js');
      expect(CONSOLE_CSP).toContain("script-src 'self';");
      expect(CONSOLE_CSP).not.toMatch(/unsafe-eval|https?:|script-src[^;]*unsafe-inline/);
    } finally {
      await withConsole.close();
    }
  });

  it('serves hashed assets as immutable, and nothing outside assets/', async () => {
    const asset = await fetch(`${running.url}/assets/index-Ab12Cd.js`);
    expect([asset.status, asset.headers.get('content-type'), asset.headers.get('cache-control')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    for (const probe of ['/assets/other.js', '/secret.txt', '/assets/../secret.txt', '/assets/%2e%2e/secret.txt']) {
      expect([probe, (await fetch(`${running.url}${probe}`)).status]).toEqual([probe, 404]);
    }
  });

  it('says how to build the pages when they are not built', async () => {
    const empty = await serve(path.join(dist, 'missing'));
    try {
      const response = await fetch(`${empty.url}/`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        code: 'PAGES_NOT_BUILT',
        error: expect.stringContaining('npm run build'),
      });
    } finally {
      await empty.close();
    }
  });
});
