import type { OwnerDatabase } from '../owner-database.js';
import { backfill } from './0005-list-indexes.js';
import { forEachCounty } from './each-county.js';

/**
 * Search rows written before search-text.ts left ids and instants out hold them, so a search
 * for two letters found items by the hexadecimal ids in their data. The rows are made again
 * from the items, county by county, as migration 0005 made them first.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await forEachCounty(db, async (trx, countyId) => {
    await trx.deleteFrom('item_search').where('county_id', '=', countyId).execute();
  });
  await backfill(db);
}

// Nothing to undo: the rows are derived from the items, and the older rows were only wider.
export async function down(): Promise<void> {}
