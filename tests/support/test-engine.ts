import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { DEFAULT_PACKS_DIR, startEngine, type Engine, type EngineOptions } from '../../engine/engine.js';
import type { Clock } from '../../engine/runtime/clock.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import type { StoreOptions } from '../../engine/store/store.js';

/** An engine with the demo counties and the shipped packs, on the given database (and clock, notification channels and outbox timer, when given). */
export async function startTestEngine(options: StoreOptions & { clock?: Clock } & Pick<EngineOptions, 'notificationChannels' | 'outboxIntervalMs'>): Promise<Engine> {
  const engine = await startEngine({ ...options, signingSecret: randomBytes(32), seed: true, packsDir: DEFAULT_PACKS_DIR });
  const refused = engine.packReports.filter((r) => !r.ok);
  if (refused.length) throw new Error(`shipped packs refused: ${JSON.stringify(refused, null, 2)}`);
  return engine;
}

/** Logs a demo user in and returns the Cookie header value of the session. */
export async function login(app: FastifyInstance, county: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { county, username, password } });
  if (response.statusCode !== 200) throw new Error(`login ${county}/${username} failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'renda_session');
  return `renda_session=${cookie!.value}`;
}

/** A small client bound to one logged-in user. */
export function client(app: FastifyInstance, cookie: string) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    // Tests send any JSON value, hostile ones included; inject serialises whatever it is given.
    app.inject({ method, url, payload: payload as InjectOptions['payload'], headers: { cookie, ...headers } });
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload, headers),
    patch: (url: string, payload?: unknown) => call('PATCH', url, payload),
    put: (url: string, payload?: unknown) => call('PUT', url, payload),
    createItem: (payload: unknown, extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
      call('POST', '/api/items', { packId: 'yunan-suggestions', flowId: 'suggestion', payload, ...extra }, headers),
    send: (itemId: string, type: string, payload?: unknown, headers?: Record<string, string>) =>
      call('POST', `/api/items/${itemId}/events`, payload === undefined ? { type } : { type, payload }, headers),
  };
}
