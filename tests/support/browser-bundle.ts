import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Bundles one entry file for the browser with Vite's JS API, as a classic script (iife, so
 * page.addScriptTag or a plain <script> runs it) plus its CSS, into a new temporary directory.
 * configFile: false keeps the web app's vite.config.ts out; production mode, minification and
 * NODE_ENV as `npm run build` ships, so the code runs as users get it. Returns the directory
 * and its files; the caller removes it.
 */
export async function bundleForBrowser(options: { entry: string; name: string; react?: boolean }): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), `${options.name}-`));
  await build({
    configFile: false,
    root: ROOT,
    publicDir: false,
    logLevel: 'warn',
    mode: 'production',
    plugins: options.react ? [react()] : [],
    // Library mode leaves process.env.NODE_ENV to a consumer; the app build replaces it, so a browser never sees `process`.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: dir,
      emptyOutDir: true,
      lib: { entry: options.entry, name: options.name, formats: ['iife'], fileName: () => `${options.name}.js`, cssFileName: options.name },
      minify: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 5000,
    },
  });
  return { dir, files: await readdir(dir) };
}
