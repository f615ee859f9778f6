import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * Assignment (issue 10): an item's current work may be assigned to one unit, person or station
 * (domain/assignment.ts). The item row carries the assignee ("unit:<id>"), derived from its
 * snapshot like its state; item_counts counts per assignee too, so an inbox's tabs stay exact
 * for someone who sees only their own unit's assigned items. Before this, nothing was assigned:
 * the new columns start empty, and no count changes.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema.alterTable('items').addColumn('assignee', 'text').execute();
  // A unit's or a person's assigned work, without reading every active item.
  await sql`create index items_assignee_idx on items (county_id, assignee, due_at) where status = 'active' and assignee is not null`.execute(db);
  await db.schema.alterTable('item_counts').addColumn('assignee', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('item_counts').dropConstraint('item_counts_pk').execute();
  await db.schema.alterTable('item_counts').addPrimaryKeyConstraint('item_counts_pk', ['county_id', 'pack_id', 'pack_version', 'flow_id', 'status', 'path', 'assignee']).execute();
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.alterTable('item_counts').dropConstraint('item_counts_pk').execute();
  // Rows that differed only by assignee become one again.
  await sql`create temporary table merged as
    select county_id, pack_id, pack_version, flow_id, status, path, sum(n)::bigint as n from item_counts group by 1, 2, 3, 4, 5, 6`.execute(db);
  await sql`delete from item_counts`.execute(db);
  await db.schema.alterTable('item_counts').dropColumn('assignee').execute();
  await sql`insert into item_counts select * from merged`.execute(db);
  await sql`drop table merged`.execute(db);
  await db.schema.alterTable('item_counts').addPrimaryKeyConstraint('item_counts_pk', ['county_id', 'pack_id', 'pack_version', 'flow_id', 'status', 'path']).execute();
  await sql`drop index if exists items_assignee_idx`.execute(db);
  await db.schema.alterTable('items').dropColumn('assignee').execute();
}
