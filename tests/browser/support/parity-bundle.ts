import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '../../..');
const ENTRY = join(import.meta.dirname, 'parity-entry.ts');

/**
 * Bundles parity-entry.ts (and with it forms/) for the browser with Vite's JS API, into a
 * temporary directory, and returns the script's text. configFile: false keeps the web app's
 * vite.config.ts (root designer/, React plugin, outDir dist/designer) out of it; the settings
 * below are the ones that make the bundle match what the app build ships to browsers.
 */
export async function bundleFormsForBrowser(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'form-parity-'));
  try {
    await build({
      configFile: false,
      root: ROOT,
      publicDir: false,
      logLevel: 'warn',
      // Production mode, as `npm run build` builds the app.
      mode: 'production',
      // Library mode leaves process.env.NODE_ENV for a consumer to set; the app build
      // replaces it, so a browser never sees `process`. Do the same.
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir,
        emptyOutDir: true,
        // A classic script that page.addScriptTag can run without a server or module loader.
        lib: { entry: ENTRY, name: 'formParity', formats: ['iife'], fileName: () => 'parity.js' },
        // Minified like the app (library mode would otherwise keep whitespace): minification
        // must not change a verdict either.
        minify: true,
        reportCompressedSize: false,
      },
    });
    return await readFile(join(outDir, 'parity.js'), 'utf8');
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
