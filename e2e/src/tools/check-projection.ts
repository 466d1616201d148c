import { GraphQLClient } from '@stockgraph/runtime';
import { devKeyFile, OPS, stackTokens } from '../stack/stack-tokens';

/**
 * `npm run projection:check`: compares the catalog's projected stock with inventory for
 * every (sku, location) and prints the mismatches; exits 1 when there are any.
 * CATALOG_URL defaults to http://127.0.0.1:4001/graphql. The check is for operations: it
 * asks with a token signed by the development key the services trust (AUTH_DEV_KEY_FILE,
 * or DATA_DIR/auth/dev-issuer-key.json as they find it).
 */
async function main(): Promise<void> {
  const tokens = await stackTokens(devKeyFile());
  const catalog = new GraphQLClient('catalog', process.env.CATALOG_URL ?? 'http://127.0.0.1:4001/graphql', 600_000, {
    authorization: tokens.as(OPS),
  });
  const { reconcileStockProjection: report } = await catalog.request<{
    reconcileStockProjection: { checked: number; mismatched: number };
  }>('mutation { reconcileStockProjection(dryRun: true) { checked mismatched } }');
  process.stdout.write(`skus checked: ${report.checked}\nmismatches: ${report.mismatched}\n`);
  if (report.mismatched > 0) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`projection:check: ${(error as Error).message}\n`);
  process.exit(1);
});
