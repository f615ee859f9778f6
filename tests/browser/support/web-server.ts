import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import { startEngine, DEFAULT_PACKS_DIR, DEFAULT_WEB_ROOT, type Engine } from '../../../engine/engine.js';
import type { StoreOptions } from '../../../engine/store/store.js';
import { launchChromium } from './chromium.js';

/** The engine with the built web app, on a free port, on an in-memory database. */
export async function startWebServer(options: StoreOptions = {}): Promise<{ engine: Engine; url: string }> {
  const engine = await startEngine({ ...options, signingSecret: randomBytes(32), seed: true, packsDir: DEFAULT_PACKS_DIR, webRoot: DEFAULT_WEB_ROOT });
  await engine.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = engine.app.server.address() as AddressInfo;
  return { engine, url: `http://127.0.0.1:${port}` };
}

/** What a browser suite works with: the engine serving the web app, its address, and Chromium. */
export interface WebApp {
  engine: Engine;
  url: string;
  browser: Browser;
}

/**
 * Starts the web app and Chromium before a suite's tests and closes both after them. The
 * returned object is filled in by the suite's beforeAll, so tests read it, never destructure it
 * at definition time. `prepare` runs once both are up (publish a fixture pack, seed items…).
 */
export function useWebApp(prepare?: (web: WebApp) => Promise<void>): WebApp {
  const web = {} as WebApp;
  beforeAll(async () => {
    Object.assign(web, await startWebServer());
    web.browser = await launchChromium();
    await prepare?.(web);
  });
  afterAll(async () => {
    await web.browser?.close();
    await web.engine?.close();
  });
  return web;
}
