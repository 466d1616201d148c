import fs from 'node:fs';
import path from 'node:path';
import { generateSchemas } from '../src';

/**
 * The committed SDLs and supergraph are what the gateway serves. If a resolver or type
 * changes without `npm run compose`, this fails and names the file to regenerate.
 */
describe('schema drift', () => {
  it('the committed schema files are exactly what the code produces', async () => {
    const files = await generateSchemas();
    expect([...files.keys()].map((f) => path.basename(f)).sort()).toEqual([
      'accounts.graphql',
      'catalog.graphql',
      'inventory.graphql',
      'order.graphql',
      'store.graphql',
      'supergraph.graphql',
    ]);
    for (const [file, expected] of files) {
      const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)';
      if (committed !== expected) {
        throw new Error(`${path.basename(file)} differs from the code: run \`npm run compose\` and commit the result`);
      }
    }
  });

  it('the supergraph joins the three subgraphs on the shared entities', async () => {
    const supergraph = (await generateSchemas()).get(path.join(__dirname, '..', 'supergraph.graphql')) ?? '';
    expect(supergraph).toMatch(
      /type Product\n\s+@join__type\(graph: CATALOG, key: "sku"\)\n\s+@join__type\(graph: INVENTORY, key: "sku"\)/,
    );
    expect(supergraph).toMatch(/type Reservation\n(\s+@join__type\(graph: \w+, key: "id".*\)\n){2}/);
    expect(supergraph).toContain('inventory: InventorySummary! @join__field(graph: INVENTORY)');
  });
});
