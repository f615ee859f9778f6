import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';
import { forEachCounty } from './each-county.js';

/**
 * Lists' totals and inbox counts at a million items (BENCHMARKS.md, "Lists"):
 * - item_counts (item-counts.ts): items per pack version, flow, status and state path, kept by
 *   the statements that write items, filled here from the items already there;
 * - the active items by deadline: an inbox is sorted by deadline, and only active items have
 *   one, so the index holds a sixth of a county and a page reads twenty rows instead of sorting
 *   every waiting item.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('item_counts')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('pack_version', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_counts_pk', ['county_id', 'pack_id', 'pack_version', 'flow_id', 'status', 'path'])
    .execute();
  await sql`create index items_active_due_idx on items (county_id, due_at, id) where status = 'active'`.execute(db);
  // The counting as this migration's schema has it (item-counts.ts counts by columns added later).
  await forEachCounty(db, async (trx, countyId) => {
    await sql`insert into item_counts (county_id, pack_id, pack_version, flow_id, status, path, n)
      select county_id, pack_id, pack_version, flow_id, status, path, count(*)
      from items cross join lateral unnest(array[''] || state_paths) as path
      where county_id = ${countyId}
      group by 1, 2, 3, 4, 5, 6`.execute(trx);
  });
}

export async function down(db: OwnerDatabase): Promise<void> {
  await sql`drop index if exists items_active_due_idx`.execute(db);
  await db.schema.dropTable('item_counts').ifExists().execute();
}
