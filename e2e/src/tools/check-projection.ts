import { GraphQLClient } from '@stockgraph/shared';

/**
 * `npm run projection:check`: compares the catalog's projected stock with inventory for
 * every (sku, location) and prints the mismatches; exits 1 when there are any.
 * CATALOG_URL defaults to http://127.0.0.1:4001/graphql.
 */
async function main(): Promise<void> {
  const catalog = new GraphQLClient('catalog', process.env.CATALOG_URL ?? 'http://127.0.0.1:4001/graphql', 600_000);
  const { reconcileStockProjection: report } = await catalog.request<{ reconcileStockProjection: { checked: number; mismatched: number } }>(
    'mutation { reconcileStockProjection(dryRun: true) { checked mismatched } }',
  );
  process.stdout.write(`skus checked: ${report.checked}\nmismatches: ${report.mismatched}\n`);
  if (report.mismatched > 0) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`projection:check: ${(error as Error).message}\n`);
  process.exit(1);
});
