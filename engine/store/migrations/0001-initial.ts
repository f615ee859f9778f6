import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * The first schema. County-owned tables key on (county_id, ...) and their foreign keys carry
 * county_id, so no row can point into another county.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('counties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('station_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('users_pk', ['county_id', 'id'])
    .addUniqueConstraint('users_username_uq', ['county_id', 'username'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('sessions_pk', ['county_id', 'id'])
    .addForeignKeyConstraint('sessions_user_fk', ['county_id', 'user_id'], 'users', ['county_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('station_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('stations_pk', ['county_id', 'id'])
    .addForeignKeyConstraint('stations_parent_fk', ['county_id', 'parent_id'], 'stations', ['county_id', 'id'])
    .execute();

  await db.schema
    .createTable('pack_versions')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('pack_versions_pk', ['county_id', 'pack_id', 'version'])
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('pack_version', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text')
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('state_paths', sql`text[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'done')`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deadlines', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('due_at', 'timestamptz')
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('items_pk', ['county_id', 'id'])
    .addForeignKeyConstraint('items_pack_fk', ['county_id', 'pack_id', 'pack_version'], 'pack_versions', ['county_id', 'pack_id', 'version'])
    .addForeignKeyConstraint('items_station_fk', ['county_id', 'station_id'], 'stations', ['county_id', 'id'])
    .addForeignKeyConstraint('items_creator_fk', ['county_id', 'created_by'], 'users', ['county_id', 'id'])
    .execute();
  await db.schema.createIndex('items_county_created_idx').on('items').columns(['county_id', 'created_at']).execute();
  await db.schema.createIndex('items_state_paths_idx').on('items').using('gin').column('state_paths').execute();

  await db.schema
    .createTable('events')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('state_before', 'jsonb')
    .addColumn('state_after', 'jsonb', (c) => c.notNull())
    .addColumn('snapshot_after', 'jsonb', (c) => c.notNull())
    .addColumn('pack_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('idempotency_key', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['county_id', 'item_id', 'seq'])
    .addForeignKeyConstraint('events_item_fk', ['county_id', 'item_id'], 'items', ['county_id', 'id'])
    .addForeignKeyConstraint('events_actor_fk', ['county_id', 'actor_id'], 'users', ['county_id', 'id'])
    .execute();
  // A retried request finds the event its first attempt wrote.
  await db.schema
    .createIndex('events_idempotency_uq')
    .on('events')
    .columns(['county_id', 'actor_id', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
  await db.schema.createIndex('events_actor_idx').on('events').columns(['county_id', 'actor_id', 'created_at']).execute();

  // The event log is append-only: the database itself refuses to change or remove a row.
  await sql`create function events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'events are append-only (%)', tg_op using errcode = 'P0001'; end $$`.execute(db);
  await sql`create trigger events_no_update before update or delete on events
    for each row execute function events_append_only()`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  for (const table of ['events', 'items', 'pack_versions', 'stations', 'sessions', 'users', 'counties']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists events_append_only()`.execute(db);
}
