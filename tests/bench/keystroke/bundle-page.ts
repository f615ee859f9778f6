import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '../../..');
const ENTRY = join(import.meta.dirname, 'bench-page.tsx');

/**
 * Bundles bench-page.tsx (React, antd, rjsf, our forms/react) with Vite's JS API into a new
 * temporary directory, as a classic script plus its CSS. configFile: false keeps the web
 * app's vite.config.ts out; production mode and minification as `npm run build` ships, so
 * React runs as users get it (no development checks). Returns the directory and its files.
 */
export async function bundleBenchPage(): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'form-bench-'));
  await build({
    configFile: false,
    root: ROOT,
    publicDir: false,
    logLevel: 'warn',
    mode: 'production',
    plugins: [react()],
    // Library mode leaves process.env.NODE_ENV to a consumer; the app build replaces it.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: dir,
      emptyOutDir: true,
      lib: { entry: ENTRY, name: 'formBench', formats: ['iife'], fileName: () => 'bench.js', cssFileName: 'bench' },
      minify: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 5000,
    },
  });
  return { dir, files: await readdir(dir) };
}
