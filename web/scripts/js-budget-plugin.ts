import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What one page's first load may weigh. */
export interface JsBudget {
  /** The page's HTML entry, as given to rollupOptions.input (e.g. index.html). */
  html: string;
  /** Most gzipped kilobytes (1,000 bytes) of JavaScript that page loads before it is interactive. */
  maxGzipKb: number;
}

/** Where the figure is left for `npm run build` to print (turbo keeps task output quiet). */
export const BUDGET_REPORT = 'js-budget.txt';

/**
 * Prints, and holds to a budget, the JavaScript a page loads up front: its entry chunk
 * and everything that imports statically, gzipped. Chunks loaded on demand (`import()`,
 * such as the operations pages) do not count. A build over budget fails.
 */
export function jsBudget(budget: JsBudget): Plugin {
  return {
    name: 'stockgraph-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((output) =>
          output.type === 'chunk' ? [[output.fileName, output] as const] : [],
        ),
      );
      const entry = [...chunks.values()].find(
        (chunk) => chunk.isEntry && chunk.facadeModuleId?.endsWith(`/${budget.html}`),
      );
      if (!entry) this.error(`no entry chunk for ${budget.html}`);
      const loaded = new Set<string>();
      const visit = (fileName: string) => {
        if (loaded.has(fileName)) return;
        loaded.add(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
      };
      visit(entry.fileName);
      const bytes = [...loaded].reduce((sum, fileName) => sum + gzipSync(chunks.get(fileName)?.code ?? '').length, 0);
      const kb = bytes / 1000;
      const line = `${budget.html}: ${kb.toFixed(1)} kB of JavaScript gzipped on first load (${loaded.size} files; budget ${budget.maxGzipKb} kB)`;
      if (kb > budget.maxGzipKb) this.error(`${line}: over budget`);
      process.stdout.write(`${line}\n`);
      this.emitFile({ type: 'asset', fileName: BUDGET_REPORT, source: `${line}\n` });
    },
  };
}
