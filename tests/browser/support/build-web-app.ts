import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { CHROMIUM } from './chromium.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BUILT = join(ROOT, 'dist/designer/index.html');
/** Everything the web app's bundle is made from: its own sources, the engine and forms code it imports, the build setup. */
const SOURCES = ['designer', 'forms', 'engine', 'vite.config.ts', 'package.json', 'package-lock.json'];

/** The newest modification time under a file or folder (0 when it does not exist). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * vitest global setup of the browser tier: the browser suites test the web app as npm start
 * serves it, so it is built from the current sources before they run — once, and only when a
 * source is newer than the last build (Vite writes index.html last, so a failed build rebuilds).
 * Not at all without Chromium. RENDA_REBUILD_WEB_APP=1 forces a build.
 */
export default async function setup(): Promise<void> {
  if (!existsSync(CHROMIUM)) return;
  const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((source) => newest(join(ROOT, source))));
  const forced = process.env.RENDA_REBUILD_WEB_APP === '1';
  if (!forced && builtAt > sourcesAt) {
    console.log('web app: dist/designer is newer than its sources, not rebuilt');
    return;
  }
  console.log(`web app: building dist/designer (${forced ? 'RENDA_REBUILD_WEB_APP=1' : builtAt ? 'a source changed since the last build' : 'no build yet'})`);
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
