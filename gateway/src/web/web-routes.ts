import { CONSOLE_CSP, PAGE_CSP, pageHandler, type Route, staticPageRoutes } from '@stockgraph/runtime';

export { CONSOLE_CSP, PAGE_CSP };

/**
 * The pages' paths (web/src/App.tsx routes them in the browser): each answers with
 * the same index.html. What varies (a sku, an order id) is in the query string.
 */
export const PAGE_PATHS = [
  '/',
  '/index.html',
  '/product',
  '/cart',
  '/checkout',
  '/order',
  '/orders',
  '/signin',
  '/sign-up',
  '/ops',
];

export interface WebRouteOptions {
  /** Serve the GraphiQL console (console.html) at /graphiql. */
  console: boolean;
}

/** The gateway's pages: the storefront and operations pages, and the console when it is on. */
export function webRoutes(distDir: string, options: WebRouteOptions = { console: false }): Route[] {
  return staticPageRoutes(distDir, [
    { paths: PAGE_PATHS, file: 'index.html', csp: PAGE_CSP },
    ...(options.console ? [{ paths: ['/graphiql'], file: 'console.html', csp: CONSOLE_CSP }] : []),
  ]);
}

/** What a browser gets for a path no page has: the storefront's page, whose router shows "not found", with status 404. */
export function webPageNotFound(distDir: string): Route['handle'] {
  return pageHandler(distDir, { file: 'index.html', csp: PAGE_CSP }, 404);
}
