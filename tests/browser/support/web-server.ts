import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startEngine, DEFAULT_PACKS_DIR, DEFAULT_WEB_ROOT, type Engine } from '../../../engine/engine.js';
import type { StoreOptions } from '../../../engine/store/store.js';

/** The engine with the built web app, on a free port, on an in-memory database. */
export async function startWebServer(options: StoreOptions = {}): Promise<{ engine: Engine; url: string }> {
  const engine = await startEngine({ ...options, signingSecret: randomBytes(32), seed: true, packsDir: DEFAULT_PACKS_DIR, webRoot: DEFAULT_WEB_ROOT });
  await engine.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = engine.app.server.address() as AddressInfo;
  return { engine, url: `http://127.0.0.1:${port}` };
}
