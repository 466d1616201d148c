import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { type Route, sendJson } from './http-server';

const COMMON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/**
 * Everything a page may load comes from this origin: scripts and styles only as files
 * (no inline code), data over /graphql and its WebSocket, nothing embeddable elsewhere.
 */
export const PAGE_CSP = [...COMMON_CSP, "style-src 'self'", "img-src 'self' data:", "font-src 'self'"].join('; ');

/**
 * The console's editor (Monaco) sets styles inline and runs its language services in
 * workers, both from this origin; scripts stay file-only as on the pages.
 */
export const CONSOLE_CSP = [
  ...COMMON_CSP,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

/** An HTML entry of the build, the paths that answer it, and its Content-Security-Policy. */
export interface StaticPage {
  paths: readonly string[];
  file: string;
  csp: string;
}

/**
 * Built pages (`npm run build` writes them to each page package's dist/): the HTML never cached
 * (it names the current bundles), the hashed files under assets/ cached forever. Files are
 * read once at start-up and served by exact path, so no request can name a file outside
 * the build. Without a build, the pages answer 503 saying how to make one.
 */
export function staticPageRoutes(distDir: string, pages: readonly StaticPage[]): Route[] {
  const html = (page: StaticPage): Route[] => {
    const handle = pageHandler(distDir, page, 200);
    return page.paths.map((pagePath) => ({ method: 'GET', path: pagePath, handle }));
  };
  const assetsDir = path.join(distDir, 'assets');
  const assets = fs.existsSync(assetsDir)
    ? fs.readdirSync(assetsDir, { withFileTypes: true }).filter((entry) => entry.isFile())
    : [];
  return [
    ...pages.flatMap(html),
    ...assets.map((entry): Route => {
      const body = fs.readFileSync(path.join(assetsDir, entry.name));
      const type = TYPES[path.extname(entry.name)] ?? 'application/octet-stream';
      return {
        method: 'GET',
        path: `/assets/${entry.name}`,
        handle: (_req, res) => {
          res.writeHead(200, {
            ...SECURITY_HEADERS,
            'content-type': type,
            'content-length': body.length,
            'cache-control': 'public, max-age=31536000, immutable',
          });
          res.end(body);
        },
      };
    }),
  ];
}

/**
 * A built page answered with `status`: 200 at its paths; 404 for a browser's request of a
 * path nothing serves, so the page's own router shows its not-found page (and the status
 * still says so).
 */
export function pageHandler(
  distDir: string,
  { file, csp }: Pick<StaticPage, 'file' | 'csp'>,
  status: number,
): Route['handle'] {
  const body = readIfPresent(path.join(distDir, file));
  if (!body) return (_req, res) => notBuilt(res, path.join(distDir, file));
  return (_req, res) => {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-cache',
      'content-security-policy': csp,
    });
    res.end(body);
  };
}

function notBuilt(res: ServerResponse, file: string): void {
  sendJson(res, 503, { error: `the web pages are not built (no ${file}): run npm run build`, code: 'PAGES_NOT_BUILT' });
}

function readIfPresent(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
