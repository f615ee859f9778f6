import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';
import { forEachCounty } from './each-county.js';
import { searchBody, textTokens } from '../search-text.js';

/** Items whose search rows are written per statement when filling the table for existing data. */
const BACKFILL_BATCH = 500;

/**
 * What the lists need at a million items in a county (figures and plans in BENCHMARKS.md, "Lists"):
 * - item_search: each item's searchable text (every string of its data, lowercased) and its
 *   tokens (search-text.ts) under a GIN index; a table of its own, written only when the text
 *   changes, so the index is not paid on every event as a GIN on items would be;
 * - items by station, newest first: the station filter, the public board and the inbox of a
 *   user with stations all read one station's items through it.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('item_search')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tokens', sql`text[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint('item_search_pk', ['county_id', 'item_id'])
    .addForeignKeyConstraint('item_search_item_fk', ['county_id', 'item_id'], 'items', ['county_id', 'id'])
    .execute();
  await db.schema.createIndex('item_search_tokens_idx').on('item_search').using('gin').column('tokens').execute();
  await db.schema.createIndex('items_county_station_created_idx').on('items').columns(['county_id', 'station_id', 'created_at']).execute();
  await backfill(db);
  await letIndexesServeUnderRowSecurity(db);
}

/**
 * Row-level security binds the application role, and PostgreSQL then uses an index for a
 * condition only if its operator is LEAKPROOF (else the condition waits until the county check
 * has passed, row by row). Array containment and overlap (state_paths, search tokens) and LIKE
 * are not marked so, because for some element types or patterns they could raise an error that
 * tells something about a row. For text[] and text (all this schema compares with them) they
 * raise nothing that depends on a row's value, so they are marked LEAKPROOF in this database
 * (the mark is per function, so for every array type: this schema's arrays are all text[]):
 * without it the GIN indexes on state_paths and on the search tokens are never used by the
 * application (a list by state or by text reads the whole county: 4–18 s at a million items).
 * Only a superuser may mark a function; a database migrated by a lesser owner keeps the
 * functions as they are and its lists stay correct but slow (see BENCHMARKS.md, "Lists").
 * The mark lives in the catalogue of this database: a dump and restore does not carry it,
 * migrating again does not redo it; run these three statements again after a restore.
 */
async function letIndexesServeUnderRowSecurity(db: OwnerDatabase): Promise<void> {
  const { rows } = await sql<{ superuser: boolean }>`select rolsuper as superuser from pg_roles where rolname = current_user`.execute(db);
  if (!rows[0]?.superuser) return;
  for (const fn of ['arraycontains(anyarray, anyarray)', 'arrayoverlap(anyarray, anyarray)', 'textlike(text, text)']) await sql.raw(`alter function ${fn} leakproof`).execute(db);
}

/** Search rows for the items already there, county by county (each-county.ts). */
export async function backfill(db: OwnerDatabase): Promise<void> {
  await forEachCounty(db, async (trx, countyId) => {
    let after = '';
    for (;;) {
      const items = await trx
        .selectFrom('items')
        .select(['id', sql<unknown>`snapshot->'context'`.as('context')])
        .where('county_id', '=', countyId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BACKFILL_BATCH)
        .execute();
      if (!items.length) break;
      const rows = items.map((item) => {
        const body = searchBody(item.context);
        return { county_id: countyId, item_id: item.id as string, body, tokens: textTokens(body) };
      });
      await trx.insertInto('item_search').values(rows).execute();
      after = items[items.length - 1].id as string;
    }
  });
}

// down leaves the functions marked: other databases' objects may rely on it, and it changes no answer.
export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropIndex('items_county_station_created_idx').ifExists().execute();
  await db.schema.dropTable('item_search').ifExists().execute();
}
