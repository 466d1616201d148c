import fs from 'node:fs';
import path from 'node:path';
import type { Route } from '@stockgraph/shared';

const ASSETS: Record<string, { file: string; type: string }> = {
  'graphiql.min.css': { file: 'graphiql/graphiql.min.css', type: 'text/css; charset=utf-8' },
  'graphiql.min.js': { file: 'graphiql/graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  'react.production.min.js': { file: 'react/umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { file: 'react-dom/umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>stockgraph console</title>
    <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css" />
    <style>html, body, #console { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="console">Loading the console…</div>
    <script src="/graphiql/assets/react.production.min.js"></script>
    <script src="/graphiql/assets/react-dom.production.min.js"></script>
    <script src="/graphiql/assets/graphiql.min.js"></script>
    <script src="/graphiql/assets/console.js"></script>
  </body>
</html>
`;

// Subscriptions go over graphql-ws on the same origin and path as queries.
const CONSOLE_SCRIPT = `(function () {
  var wsUrl = location.origin.replace(/^http/, 'ws') + '/graphql';
  var fetcher = GraphiQL.createFetcher({ url: '/graphql', subscriptionUrl: wsUrl });
  var defaultQuery = [
    '# stockgraph operations console',
    '{',
    '  products(first: 5) {',
    '    edges { node { sku name price { amount currency } inventory { available } } }',
    '  }',
    '}',
  ].join('\\n');
  ReactDOM.createRoot(document.getElementById('console')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, isHeadersEditorEnabled: true })
  );
})();
`;

/**
 * GraphiQL served entirely from this process: the page, its script and the UMD bundles
 * of graphiql and React from node_modules. Nothing comes from a CDN, so the console works
 * on machines with no internet.
 */
export function consoleRoutes(): Route[] {
  const load = (file: string) => {
    const resolved = require.resolve(file.split('/')[0] + '/package.json');
    return fs.readFileSync(path.join(path.dirname(resolved), file.split('/').slice(1).join('/')));
  };
  const assets = new Map(Object.entries(ASSETS).map(([name, asset]) => [name, { body: load(asset.file), type: asset.type }]));
  assets.set('console.js', { body: Buffer.from(CONSOLE_SCRIPT), type: 'text/javascript; charset=utf-8' });
  const page = Buffer.from(PAGE);
  const routes: Route[] = [
    {
      method: 'GET',
      path: '/graphiql',
      handle: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
        res.end(page);
      },
    },
  ];
  for (const [name, asset] of assets) {
    routes.push({
      method: 'GET',
      path: `/graphiql/assets/${name}`,
      handle: (_req, res) => {
        res.writeHead(200, {
          'content-type': asset.type,
          'content-length': asset.body.length,
          'cache-control': 'public, max-age=3600',
        });
        res.end(asset.body);
      },
    });
  }
  return routes;
}
