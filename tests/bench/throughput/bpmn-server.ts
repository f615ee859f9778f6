import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Engine } from 'bpmn-engine';
import Fastify from 'fastify';
import { Kysely, sql, type Generated } from 'kysely';
import { createPostgresDialect } from '../../../engine/store/dialects/postgres-dialect.js';
import { serveUntilStopped } from './serve.js';

// P3's comparison, run as a child process: the same three-step approval (approval.bpmn: start
// → review → approve, two user tasks) on bpmn-engine behind Fastify, its state persisted to
// PostgreSQL after each step the way bpmn-engine is made durable: getState() saved as JSON in
// a table, and each step loads it, recover()s and resume()s the process, signals the waiting
// task and saves the new state. The engine's pg pool settings (engine/store/dialects).
// It checks less than the engine does (no session, roles, form validation, history, hash
// chain or version guard): what it does is the minimum for a durable BPMN step.

interface BpmnDatabase {
  bpmn_processes: { id: string; state: string; updated_at: Generated<Date> };
}

const url = process.env.BPMN_DATABASE_URL;
if (!url) throw new Error('set BPMN_DATABASE_URL');
const source = readFileSync(new URL('./approval.bpmn', import.meta.url), 'utf8');

const db = new Kysely<BpmnDatabase>({ dialect: createPostgresDialect(url, 'bench_bpmn') });
await sql`create schema if not exists bench_bpmn`.execute(db);
await sql`create table if not exists bpmn_processes (id uuid primary key, state jsonb not null, updated_at timestamptz not null default now())`.execute(db);

/** The ids of the tasks a running process waits on. */
const waitingOn = (execution: { getPostponed(): Array<{ id: string }> }) => execution.getPostponed().map((a) => a.id);

const app = Fastify({ bodyLimit: 256 * 1024 });
app.get('/ready', async () => ({ ok: true }));

app.post<{ Body: { payload?: Record<string, unknown> } }>('/processes', async (request, reply) => {
  const engine = new Engine({ name: 'approval', source });
  const execution = await engine.execute({ variables: { application: request.body?.payload ?? {} } });
  const waiting = waitingOn(execution);
  if (!waiting.includes('review')) return reply.status(500).send({ error: `not waiting on review: ${waiting.join(',')}` });
  const id = randomUUID();
  await db.insertInto('bpmn_processes').values({ id, state: JSON.stringify(await engine.getState()) }).execute();
  return reply.status(201).send({ id, waiting });
});

app.post<{ Params: { id: string; task: string }; Body: { payload?: Record<string, unknown> } }>('/processes/:id/tasks/:task', async (request, reply) => {
  const { id, task } = request.params;
  const row = await db.selectFrom('bpmn_processes').select('state').where('id', '=', id).executeTakeFirst();
  if (!row) return reply.status(404).send({ error: 'no such process' });
  const engine = new Engine({ name: 'approval' }).recover(typeof row.state === 'string' ? JSON.parse(row.state) : row.state);
  const execution = await engine.resume();
  if (!waitingOn(execution).includes(task)) return reply.status(409).send({ error: `not waiting on ${task}` });
  execution.signal({ id: task, form: request.body?.payload ?? {} });
  const waiting = waitingOn(execution);
  await db.updateTable('bpmn_processes').set({ state: JSON.stringify(await engine.getState()), updated_at: new Date() }).where('id', '=', id).execute();
  return { id, waiting };
});

await serveUntilStopped(app, () => db.destroy());
