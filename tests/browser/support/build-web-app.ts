import { existsSync } from 'node:fs';
import { build } from 'vite';
import { CHROMIUM } from './chromium.js';

/**
 * vitest global setup: the browser suites test the web app as npm start serves it, so it is
 * built once from the current sources before they run (and not at all without Chromium).
 */
export default async function setup(): Promise<void> {
  if (!existsSync(CHROMIUM)) return;
  await build({ configFile: new URL('../../../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
