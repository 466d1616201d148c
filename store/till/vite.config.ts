import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds the till into dist/ for the store service to serve at / and /till: index.html and
 * hashed files under assets/. Nothing inline in the HTML (the store's CSP allows only
 * same-origin scripts), so no module-preload polyfill.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
  },
});
