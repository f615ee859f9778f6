import Fastify from 'fastify';
import { Kysely, sql, type Generated } from 'kysely';
import { createPostgresDialect } from '../../../engine/store/dialects/postgres-dialect.js';
import { createPGliteDialect } from '../../../engine/store/dialects/serial-pglite-dialect.js';
import { serveUntilStopped } from './serve.js';

// The baseline of P1 and P2, run as a child process: a bare Fastify route that writes one row
// with a single-row INSERT (autocommit: INSERT + COMMIT) through the engine's own kysely
// dialects — the same pg pool settings on PostgreSQL (BARE_DATABASE_URL), the same serial
// PGlite driver on a file-backed folder of its own (BARE_PGLITE_DIR). No session, no checks:
// the least an HTTP write can cost on this database.

interface BareDatabase {
  bare_rows: { id: Generated<string>; county_id: string; body: string; created_at: Generated<Date> };
}

const url = process.env.BARE_DATABASE_URL;
const dir = process.env.BARE_PGLITE_DIR;
if (!url && !dir) throw new Error('set BARE_DATABASE_URL or BARE_PGLITE_DIR');

const db = new Kysely<BareDatabase>({ dialect: url ? createPostgresDialect(url, 'bench_bare') : createPGliteDialect(dir) });
if (url) await sql`create schema if not exists bench_bare`.execute(db);
await sql`create table if not exists bare_rows (
  id uuid primary key default gen_random_uuid(),
  county_id text not null,
  body jsonb not null,
  created_at timestamptz not null default now()
)`.execute(db);

const app = Fastify({ bodyLimit: 256 * 1024 });
app.get('/ready', async () => ({ ok: true }));
app.post('/bare', async (request, reply) => {
  const row = await db
    .insertInto('bare_rows')
    .values({ county_id: 'yunan', body: JSON.stringify(request.body) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return reply.status(201).send(row);
});

await serveUntilStopped(app, () => db.destroy());
