import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import Fastify from 'fastify';
import type { EventRecord } from '../../../engine/domain/event-record.js';
import { startEngine } from '../../../engine/engine.js';
import { parseSessionCookie } from '../../../engine/auth/session-token.js';
import { loadSigningSecret } from '../../../engine/record/record-keys.js';
import { APPLICATION, PACK } from './engine-requests.js';
import { serveUntilStopped } from './serve.js';
import { BENCH_PACKS_DIR } from './settings.js';

// What the database alone costs an event, run as a child process: a bare Fastify route that sends
// the engine's own statements for one event — the session lookup, reading the item with its
// Idempotency-Key lookup, and record_event — through the engine's store, with none of the
// engine's work in between (no checks, form validation, transition, hashing, sealing or answer
// beyond the bare route's). Its rate bounds what the engine could reach on this database however
// lean its code became: P1's ratio cannot pass this route's.
//
// It starts an engine of its own in this process (the same database as the engine under test on
// PostgreSQL, a folder of its own on PGlite), makes its items through it before serving, and then
// moves them between two states, as P1's events do.

const databaseUrl = process.env.DATABASE_URL || undefined;
const engine = await startEngine({
  databaseUrl,
  dataDir: resolve(process.env.DATA_DIR ?? 'data/replay'),
  signingSecret: loadSigningSecret(undefined, resolve(process.env.SIGNING_KEY_FILE ?? 'data/signing-key')).secret,
  packsDir: BENCH_PACKS_DIR,
  seed: true,
  logger: false,
});
const { store } = engine;

const login = await engine.app.inject({ method: 'POST', url: '/api/auth/login', payload: { county: 'yunan', username: 'staff', password: process.env.DEMO_PASSWORD ?? 'demo1234' } });
const cookie = login.cookies.find((c) => c.name === 'renda_session')!;
const session = parseSessionCookie(cookie.value)!;
const user = (await store.users.findSessionUser(session.countyId, session.tokenHash, new Date()))!;

/** Items made by the engine, free to take an event; a request takes one and puts it back. */
const free: string[] = [];
for (let i = 0; i < 256; i++) {
  const made = await engine.app.inject({ method: 'POST', url: '/api/items', headers: { cookie: `renda_session=${cookie.value}` }, payload: { ...PACK, payload: APPLICATION } });
  free.push((made.json() as { item: { id: string } }).item.id);
}

const app = Fastify({ bodyLimit: 256 * 1024 });
app.get('/ready', async () => ({ ok: true }));
app.post('/replay', async (request, reply) => {
  const found = await store.users.findSessionUser(session.countyId, session.tokenHash, new Date());
  if (!found) return reply.status(401).send();
  const itemId = free.shift();
  if (!itemId) return reply.status(503).send();
  try {
    const key = randomUUID();
    const { item } = (await store.items.getItemForEvent(user.countyId, itemId, user.id, key))!;
    // Between the flow's two states, as P1's REVIEW and RETURN; the body is the event's form.
    const from = item.statePaths[0];
    const to = from === 'reviewed' ? 'submitted' : 'reviewed';
    const snapshot = { ...(item.snapshot as Record<string, unknown>), value: to };
    const at = new Date();
    const event: EventRecord = {
      countyId: user.countyId,
      itemId,
      seq: item.version + 1,
      type: to === 'reviewed' ? 'REVIEW' : 'RETURN',
      actorId: user.id,
      role: 'staff',
      payload: (request.body as { payload?: Record<string, unknown> }).payload ?? {},
      stateBefore: from,
      stateAfter: to,
      snapshotAfter: snapshot,
      packVersion: item.packVersion,
      createdAt: at,
      idempotencyKey: key,
      prevHash: item.headHash,
      origin: null,
      hash: randomBytes(32).toString('hex'),
      seal: randomBytes(32).toString('hex'),
    };
    const change = { snapshot, statePaths: [to], status: item.status, title: item.title, deadlines: item.deadlines, dueAt: item.dueAt, schedule: item.schedule, updatedAt: at, headHash: event.hash, assignee: item.assignee };
    const written = await store.items.appendEvent(item, change, event, { userId: user.id, key: `event:${itemId}:${event.type}` });
    if (!written) return reply.status(409).send();
    return reply.status(201).send({ id: itemId, version: item.version + 1 });
  } finally {
    free.push(itemId);
  }
});

await serveUntilStopped(app, () => engine.close());
