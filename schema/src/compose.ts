import fs from 'node:fs';
import path from 'node:path';
import { generateSchemas } from './generate-schemas';

/**
 * `npm run compose`: writes schema/<subgraph>.graphql and schema/supergraph.graphql.
 * With `--check`, writes nothing and fails if the committed files differ from the code.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const files = await generateSchemas();
  const stale: string[] = [];
  for (const [file, content] of files) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (current === content) continue;
    stale.push(path.basename(file));
    if (!check) fs.writeFileSync(file, content);
  }
  if (check && stale.length > 0) {
    process.stderr.write(`schema drift: ${stale.join(', ')} differ from the code; run \`npm run compose\`\n`);
    process.exit(1);
  }
  process.stdout.write(stale.length === 0 ? 'schemas up to date\n' : `wrote ${stale.join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
