import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * link_counts: how many items are linked to each station, unit and person (item_links), per the
 * item's station ('' for none) and status — what GET /api/items/link-counts answers. Grouping
 * item_links took 0.4–1.1 s at a million items; the statement of each event that changes an
 * item's links or status adds its changes here (link-counts.ts), as item_counts is kept, and the
 * counts sum a few rows per target. Filled here from the links there are.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('link_counts')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('link_counts_pk', ['county_id', 'kind', 'target_id', 'station_id', 'status'])
    .execute();
  await sql`
    insert into link_counts (county_id, kind, target_id, station_id, status, n)
    select l.county_id, l.kind, l.target_id, coalesce(i.station_id, ''), i.status, count(*)
    from item_links l join items i on i.county_id = l.county_id and i.id = l.item_id
    group by 1, 2, 3, 4, 5
  `.execute(db);
  await sql`analyze link_counts`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('link_counts').execute();
}
