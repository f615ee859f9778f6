import { defineConfig } from 'vite';

/**
 * The web app (designer/) is built by Vite into dist/designer, which the engine serves on
 * its own port. During development `npx vite` serves it with the API proxied to the engine.
 */
export default defineConfig({
  root: 'designer',
  build: { outDir: '../dist/designer', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
