import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { RecordSealer } from '../record-sealer.js';
import type { OwnerDatabase } from '../owner-database.js';

/** Refuses an operation on a history table, for every role, the owner included. */
const refuseChange = (table: string) => sql.raw(`create function ${table}_append_only() returns trigger language plpgsql as $$
  begin raise exception '${table} are append-only (%)', tg_op using errcode = 'P0001'; end $$`);

/**
 * The record proves what it claims (docs/adr/0005-record-integrity.md):
 * - each event gets a seal, a keyed MAC over its hash, made with a key the database does not
 *   hold; events written before this migration are sealed here, with the key of this start;
 * - creation events record where the item came from (pack, flow, station), so the item row can
 *   be checked against its log;
 * - per county, signed checkpoints of every item's head, so cutting the newest events is seen;
 * - TRUNCATE is refused on history like UPDATE and DELETE already are;
 * - the public key the record is sealed with is kept, so a start with another key is refused
 *   instead of showing every item as forged.
 */
export function recordIntegrity(keys: RecordSealer): Migration {
  return {
    async up(db: OwnerDatabase): Promise<void> {
      await db.schema.alterTable('events').addColumn('seal', 'text').addColumn('origin', 'jsonb').execute();
      await sql`alter table events disable trigger events_no_update`.execute(db);
      const events = await db.selectFrom('events').select(['county_id', 'item_id', 'seq', 'hash']).execute();
      for (const e of events) {
        await db.updateTable('events').set({ seal: keys.seal(e.hash) }).where('county_id', '=', e.county_id).where('item_id', '=', e.item_id).where('seq', '=', e.seq).execute();
      }
      await sql`alter table events enable trigger events_no_update`.execute(db);
      await db.schema.alterTable('events').alterColumn('seal', (c) => c.setNotNull()).execute();
      await sql`create trigger events_no_truncate before truncate on events for each statement execute function events_append_only()`.execute(db);

      await db.schema
        .createTable('checkpoints')
        .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('covered_until', 'timestamptz', (c) => c.notNull())
        .addColumn('head_count', 'integer', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('prev_signature', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkpoints_pk', ['county_id', 'seq'])
        .execute();
      await db.schema
        .createTable('checkpoint_heads')
        .addColumn('county_id', 'text', (c) => c.notNull())
        .addColumn('checkpoint_seq', 'integer', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('head_hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkpoint_heads_pk', ['county_id', 'checkpoint_seq', 'item_id'])
        .addForeignKeyConstraint('checkpoint_heads_checkpoint_fk', ['county_id', 'checkpoint_seq'], 'checkpoints', ['county_id', 'seq'])
        .execute();
      // An item's trace looks up the newest checkpoint that covers it.
      await db.schema.createIndex('checkpoint_heads_item_idx').on('checkpoint_heads').columns(['county_id', 'item_id', 'checkpoint_seq']).execute();
      for (const table of ['checkpoints', 'checkpoint_heads']) {
        await refuseChange(table).execute(db);
        await sql`create trigger ${sql.raw(`${table}_no_update`)} before update or delete on ${sql.table(table)} for each row execute function ${sql.raw(`${table}_append_only`)}()`.execute(db);
        await sql`create trigger ${sql.raw(`${table}_no_truncate`)} before truncate on ${sql.table(table)} for each statement execute function ${sql.raw(`${table}_append_only`)}()`.execute(db);
      }

      await db.schema
        .createTable('record_keys')
        .addColumn('public_key', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();

      // Checkpoints find the items changed since the last one by this (boards sort by it too).
      await db.schema.createIndex('items_county_updated_idx').on('items').columns(['county_id', 'updated_at']).execute();
    },

    async down(db: OwnerDatabase): Promise<void> {
      await db.schema.dropIndex('items_county_updated_idx').ifExists().execute();
      await db.schema.dropTable('record_keys').ifExists().execute();
      await db.schema.dropTable('checkpoint_heads').ifExists().execute();
      await db.schema.dropTable('checkpoints').ifExists().execute();
      for (const table of ['checkpoints', 'checkpoint_heads']) await sql.raw(`drop function if exists ${table}_append_only()`).execute(db);
      await sql`drop trigger if exists events_no_truncate on events`.execute(db);
      await db.schema.alterTable('events').dropColumn('seal').dropColumn('origin').execute();
    },
  };
}
