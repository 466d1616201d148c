import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createHttpServer, createMetrics, listen, type RunningHttpServer } from '@stockgraph/shared';
import { PAGE_CSP, webRoutes } from '../src/web/web-routes';

async function serve(distDir: string): Promise<RunningHttpServer> {
  const server = createHttpServer({ routes: webRoutes(distDir), readiness: [], metrics: createMetrics('gateway'), log: pino({ level: 'silent' }) });
  return listen(server, '127.0.0.1', 0);
}

describe('the built pages', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'stockgraph-web-'));
  let running: RunningHttpServer;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/index-Ab12Cd.js"></script>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd.js'), 'console.log(1)');
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

  it('serves hashed assets as immutable, and nothing outside assets/', async () => {
    const asset = await fetch(`${running.url}/assets/index-Ab12Cd.js`);
    expect([asset.status, asset.headers.get('content-type'), asset.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
    for (const probe of ['/assets/other.js', '/secret.txt', '/assets/../secret.txt', '/assets/%2e%2e/secret.txt']) {
      expect([probe, (await fetch(`${running.url}${probe}`)).status]).toEqual([probe, 404]);
    }
  });

  it('says how to build the pages when they are not built', async () => {
    const empty = await serve(path.join(dist, 'missing'));
    try {
      const response = await fetch(`${empty.url}/`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'PAGES_NOT_BUILT', error: expect.stringContaining('npm run build') });
    } finally {
      await empty.close();
    }
  });
});
