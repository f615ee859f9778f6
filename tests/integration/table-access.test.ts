import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordKeys } from '../../engine/record/record-keys.js';
import { applyTableAccess } from '../../engine/store/database-roles.js';
import { createPGliteDialect } from '../../engine/store/dialects/serial-pglite-dialect.js';
import { createPostgresDialect } from '../../engine/store/dialects/postgres-dialect.js';
import { migrateToLatest } from '../../engine/store/migrator.js';
import type { OwnerDatabase } from '../../engine/store/owner-database.js';

// Starts skip the migrator and the grants when nothing changed (a restart costs less); anything
// out of place must still be put back.

const schema = `test_access_${randomBytes(5).toString('hex')}`;
const databases: Array<[string, () => OwnerDatabase, string | undefined]> = [['pglite', () => new Kysely({ dialect: createPGliteDialect(undefined) }), undefined]];
if (process.env.DATABASE_URL) databases.push(['postgres', () => new Kysely({ dialect: createPostgresDialect(process.env.DATABASE_URL!, schema) }), schema]);

describe.each(databases)('starting on a migrated database, on %s', (_, open, schemaName) => {
  let db: OwnerDatabase;
  const keys = new RecordKeys(randomBytes(32));
  const role = `renda_access_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    db = open();
    if (schemaName) await db.schema.createSchema(schemaName).ifNotExists().execute();
  });
  afterAll(async () => {
    if (schemaName) await sql`drop schema if exists ${sql.id(schemaName)} cascade`.execute(db);
    await sql`drop owned by ${sql.id(role)}`.execute(db).catch(() => undefined);
    await sql`drop role if exists ${sql.id(role)}`.execute(db).catch(() => undefined);
    await db.destroy();
  });

  it('migrates once, then finds the schema up to date', async () => {
    expect(await migrateToLatest(db, keys, schemaName)).toBe(true);
    expect(await migrateToLatest(db, keys, schemaName)).toBe(false);
  });

  it('puts back a grant that drifted, and row-level security that was turned off', async () => {
    await applyTableAccess(db, { schema: schemaName, role, login: false });
    const events = schemaName ? `${schemaName}.events` : 'events';
    await sql`grant update on ${sql.table(events)} to ${sql.id(role)}`.execute(db);
    await sql`alter table ${sql.table(schemaName ? `${schemaName}.items` : 'items')} no force row level security`.execute(db);
    await applyTableAccess(db, { schema: schemaName, role, login: false });
    const { rows } = await sql<{ update: boolean; forced: boolean }>`select has_table_privilege(${role}, ${events}, 'update') as update,
      (select relforcerowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relname = 'items' and n.nspname = coalesce(${schemaName ?? null}, current_schema())) as forced`.execute(db);
    expect(rows[0]).toEqual({ update: false, forced: true });
  });
});
