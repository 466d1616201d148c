import http from 'node:http';
import { createHttpServer, listen, type RunningHttpServer } from '../../src/http/http-server';
import { createLogger } from '../../src/log/create-logger';
import { createMetrics } from '../../src/metrics/create-metrics';

const TOKEN = 'scrape-0123456789abcdef';

/**
 * GET /metrics from a chosen source address. 127.0.0.2 is still this host's loopback
 * interface (Linux routes all of 127/8 there), so nothing leaves the machine, but it is
 * not one of the addresses /metrics trusts: it stands in for another host.
 */
function getMetrics(port: number, from: string, authorization?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      {
        host: '127.0.0.1',
        port,
        path: '/metrics',
        localAddress: from,
        headers: authorization ? { authorization } : {},
        agent: false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.setTimeout(10_000, () => request.destroy(new Error('no answer from /metrics within 10 s')));
  });
}

describe('/metrics over real sockets', () => {
  const log = createLogger('catalog', 'silent');
  const servers: RunningHttpServer[] = [];
  const start = async (metricsToken: string | null) => {
    const server = createHttpServer({
      routes: [],
      readiness: [],
      metrics: createMetrics('catalog'),
      log,
      metricsToken,
    });
    const running = await listen(server, '127.0.0.1', 0);
    servers.push(running);
    return running.port;
  };

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('serves this host without a token and refuses another address with METRICS_FORBIDDEN', async () => {
    const port = await start(null);

    const local = await getMetrics(port, '127.0.0.1');
    const remote = await getMetrics(port, '127.0.0.2', `Bearer ${TOKEN}`);

    expect(local.status).toBe(200);
    expect(local.body).toContain('http_requests_total');
    expect(remote.status).toBe(403);
    expect(JSON.parse(remote.body)).toMatchObject({ code: 'METRICS_FORBIDDEN' });
  });

  it('serves another address that presents METRICS_TOKEN, and only that token', async () => {
    const port = await start(TOKEN);

    const withToken = await getMetrics(port, '127.0.0.2', `Bearer ${TOKEN}`);
    const wrongToken = await getMetrics(port, '127.0.0.2', 'Bearer not-the-metrics-token');
    const noToken = await getMetrics(port, '127.0.0.2');

    expect(withToken.status).toBe(200);
    expect(withToken.body).toContain('http_requests_total');
    expect([wrongToken.status, noToken.status]).toEqual([403, 403]);
  });
});
