import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The web app (designer/) is built by Vite into dist/designer, which the engine serves on
 * its own port (npm start builds it first). `npx vite` serves it for development with the
 * API proxied to an engine on port 3000.
 */
export default defineConfig({
  root: 'designer',
  plugins: [react()],
  build: {
    outDir: '../dist/designer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
