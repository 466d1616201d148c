import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/create-logger';
import type { ServiceMetrics } from '../metrics/create-metrics';
import { metricsAllowed } from './metrics-access';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

/** A readiness probe: resolves when the dependency answers, throws when it does not. */
export type ReadinessCheck = { name: string; check: () => Promise<void> };

export interface RunningHttpServer {
  server: http.Server;
  /** The port actually bound (useful when asked for port 0). */
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The plain `node:http` server every service uses: the routes given, plus
 * `/health/live`, `/health/ready` (each readiness check must pass) and `/metrics`
 * (loopback only, or with `metricsToken` as a bearer token; see metrics-access.ts).
 * No framework: the only traffic is GraphQL, probes and metrics.
 */
export function createHttpServer(options: {
  routes: Route[];
  readiness: ReadinessCheck[];
  metrics: ServiceMetrics;
  log: Logger;
  /** Opens /metrics to other hosts presenting it as a bearer token; null or absent: loopback only. */
  metricsToken?: string | null;
  /** Answers a browser's GET of a path nothing serves (Accept: text/html), in place of the JSON 404. */
  pageNotFound?: Route['handle'];
}): http.Server {
  const { metrics, log } = options;
  const routes = new Map<string, Route>();
  const add = (route: Route) => routes.set(`${route.method} ${route.path}`, route);
  options.routes.forEach(add);
  add({ method: 'GET', path: '/health/live', handle: (_req, res) => sendJson(res, 200, { status: 'live' }) });
  add({
    method: 'GET',
    path: '/health/ready',
    handle: async (_req, res) => {
      const results = await Promise.all(
        options.readiness.map(async ({ name, check }) => {
          try {
            await check();
            return { name, ok: true };
          } catch (error) {
            return { name, ok: false, error: (error as Error).message };
          }
        }),
      );
      const ready = results.every((r) => r.ok);
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: results });
    },
  });
  add({
    method: 'GET',
    path: '/metrics',
    handle: async (req, res) => {
      if (!metricsAllowed(req.socket.remoteAddress, req.headers.authorization, options.metricsToken ?? null)) {
        sendJson(res, 403, {
          error: 'metrics are served to this host only, or to a caller presenting METRICS_TOKEN as a bearer token',
          code: 'METRICS_FORBIDDEN',
        });
        return;
      }
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(text);
    },
  });

  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes.get(`${req.method === 'HEAD' ? 'GET' : req.method} ${path}`);
    const label = route ? path : 'unmatched';
    const stopTimer = metrics.httpDuration.startTimer({ route: label });
    res.on('finish', () => {
      stopTimer();
      metrics.httpRequests.inc({ route: label, status: String(res.statusCode) });
    });
    if (!route) {
      const known = [...routes.keys()].some((key) => key.endsWith(` ${path}`));
      const browsing =
        (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
      if (!known && browsing && options.pageNotFound) {
        void Promise.resolve(options.pageNotFound(req, res));
        return;
      }
      sendJson(res, known ? 405 : 404, {
        error: known ? `method ${req.method} not allowed on ${path}` : `no route ${path}`,
      });
      return;
    }
    Promise.resolve(route.handle(req, res)).catch((error: unknown) => {
      log.error({ err: error, path }, 'request handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
}

/** Listens and resolves with the bound address; `close` stops accepting and ends idle connections. */
export async function listen(server: http.Server, host: string, port: number): Promise<RunningHttpServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Node's default backlog is 511: a crowd opening thousands of sockets at once (a flash
    // sale's shoppers, or their reconnects after a restart) overflowed it, and each overflow
    // is a SYN retried a second or more later. The kernel caps it at net.core.somaxconn.
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  server.keepAliveTimeout = 65_000;
  return {
    server,
    port: bound,
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Connections still busy get a moment to finish, then go.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      }),
  };
}
