import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { jsBudget } from './scripts/js-budget-plugin';

/**
 * Builds the pages into dist/ for the gateway to serve: index.html (the storefront and,
 * loaded on demand, the operations pages) and console.html (GraphiQL at /graphiql), with
 * hashed files under assets/. Nothing inline in the HTML (the gateway's CSP allows only
 * same-origin scripts), so no module-preload polyfill.
 */
export default defineConfig({
  plugins: [react(), jsBudget({ html: 'index.html', maxGzipKb: 200 })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    // The console's editor (Monaco) is large by nature; only the storefront has a budget.
    chunkSizeWarningLimit: 5000,
    rollupOptions: {
      input: { index: 'index.html', console: 'console.html' },
      onwarn(warning, warn) {
        // GraphiQL's modules start with React Compiler's "use no memo", which bundling drops harmlessly.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
