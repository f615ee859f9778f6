import { relative } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * The engine built into one file, dist/server/server.js, which `npm start` runs with plain node
 * (scripts/build.mjs builds it at install and whenever a source changed). Starting from source
 * with tsx compiled and loaded hundreds of modules through its loader on every start.
 * Dependencies stay in node_modules (imported as usual), except kysely and typebox: hundreds of
 * small files each, bundled so a start reads one file instead.
 */
const OUT_DIR = 'dist/server';

/**
 * Each module keeps its own import.meta.url in the bundle, the URL of its source file: engine.ts
 * and pack-format.ts find workflows/ and dist/designer relative to where their source lives.
 */
function sourceLocation(): Plugin {
  return {
    name: 'source-location',
    transform(code, id) {
      if (id.includes('/node_modules/')) return null;
      if (/import\.meta\.(dirname|filename)/.test(code)) this.error(`${id}: use import.meta.url (rewritten to the source's location in the bundle)`);
      if (!code.includes('import.meta.url')) return null;
      const fromBundle = relative(`${process.cwd()}/${OUT_DIR}`, id).split('\\').join('/');
      // Same lines as before, so the source map stays right line by line (map: null keeps it).
      return { code: code.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), map: null };
    },
  };
}

export default defineConfig({
  plugins: [sourceLocation()],
  build: {
    ssr: 'engine/server.ts',
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
  },
  ssr: { noExternal: ['kysely', 'typebox'] },
});
