import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { type Route, sendJson } from '@stockgraph/shared';

/**
 * Everything a page may load comes from this origin: scripts and styles only as files
 * (no inline code), data over /graphql and its WebSocket, nothing embeddable elsewhere.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Client-side routes of the pages: each answers with the same index.html. */
const PAGE_PATHS = ['/', '/index.html'];

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/**
 * The built pages (`npm run build` writes them to gateway/web/dist): index.html never
 * cached (it names the current bundles), the hashed files under assets/ cached forever.
 * Files are read once at start-up and served by exact path, so no request can name a
 * file outside the build. Without a build, the pages answer 503 saying how to make one.
 */
export function webRoutes(distDir: string): Route[] {
  const index = readIfPresent(path.join(distDir, 'index.html'));
  if (!index) {
    return PAGE_PATHS.map((pagePath) => ({
      method: 'GET' as const,
      path: pagePath,
      handle: (_req: unknown, res: ServerResponse) =>
        sendJson(res, 503, { error: `the web pages are not built (no ${path.join(distDir, 'index.html')}): run npm run build`, code: 'PAGES_NOT_BUILT' }),
    }));
  }
  const page: Route['handle'] = (_req, res) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-length': index.length,
      'cache-control': 'no-cache',
      'content-security-policy': PAGE_CSP,
    });
    res.end(index);
  };
  const assetsDir = path.join(distDir, 'assets');
  const assets = fs.existsSync(assetsDir) ? fs.readdirSync(assetsDir, { withFileTypes: true }).filter((entry) => entry.isFile()) : [];
  return [
    ...PAGE_PATHS.map((pagePath) => ({ method: 'GET' as const, path: pagePath, handle: page })),
    ...assets.map((entry): Route => {
      const body = fs.readFileSync(path.join(assetsDir, entry.name));
      const type = TYPES[path.extname(entry.name)] ?? 'application/octet-stream';
      return {
        method: 'GET',
        path: `/assets/${entry.name}`,
        handle: (_req, res) => {
          res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': body.length, 'cache-control': 'public, max-age=31536000, immutable' });
          res.end(body);
        },
      };
    }),
  ];
}

function readIfPresent(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
