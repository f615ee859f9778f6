import { sql } from 'kysely';
import { COUNTY_SETTING } from '../database-roles.js';
import type { OwnerDatabase } from '../owner-database.js';
import { backfill } from './0005-list-indexes.js';

/**
 * Search rows written before search-text.ts left ids and instants out hold them, so a search
 * for two letters found items by the hexadecimal ids in their data. The rows are made again
 * from the items, county by county, as migration 0005 made them first.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  // Row-level security binds the owner too, so each county's rows go under its own setting.
  for (const { id } of await db.selectFrom('counties').select('id').execute()) {
    await db.transaction().execute(async (trx) => {
      await sql`select set_config(${COUNTY_SETTING}, ${id as string}, true)`.execute(trx);
      await trx.deleteFrom('item_search').where('county_id', '=', id as string).execute();
    });
  }
  await backfill(db);
}

// Nothing to undo: the rows are derived from the items, and the older rows were only wider.
export async function down(): Promise<void> {}
