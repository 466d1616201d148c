import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rootModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * Builds the storefront into dist/ for the gateway to serve: index.html at `/`, hashed
 * files under assets/. Nothing inline in the HTML (the gateway's CSP allows only
 * same-origin scripts and styles), so no module-preload polyfill.
 */
export default defineConfig({
  plugins: [react()],
  resolve: {
    // This workspace sits inside the gateway's folder, whose node_modules holds React 18 for
    // the GraphiQL console; resolving upward from here would find that copy first. The
    // storefront's React 19 is the one at the repository root (root package.json pins it).
    alias: [
      { find: /^react(\/.*)?$/, replacement: path.join(rootModules, 'react$1') },
      { find: /^react-dom(\/.*)?$/, replacement: path.join(rootModules, 'react-dom$1') },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    // Report sizes; the issue caps the storefront's JS at 200 KB gzipped.
    reportCompressedSize: true,
  },
});
