import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * A unit's items (issue 10's scope, domain/item-scope.ts): every item assigned to the unit at
 * some time, and every item one of its people acted on. A unit's people read these, and the
 * unit's history stays its own when a member hands work to a colleague or leaves. The event that
 * assigns an item to a unit, or that a unit's member sends, writes the row in its own statement
 * (item-repository.ts); rows are never removed, as the events they come from are not.
 *
 * Read two ways (item-list-query.ts): a unit with few items reads them by id and sorts them; a
 * busy one (tens of thousands at a million items) walks the page's order and probes each item
 * in the key. Filled here from the items assigned to a unit now and the events of the people who
 * work for a unit now.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('unit_items')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_items_pk', ['county_id', 'unit_id', 'item_id'])
    .addForeignKeyConstraint('unit_items_item_fk', ['county_id', 'item_id'], 'items', ['county_id', 'id'])
    .execute();
  await sql`
    insert into unit_items (county_id, unit_id, item_id)
    select distinct e.county_id, u.unit_id, e.item_id from events e join users u on u.county_id = e.county_id and u.id = e.actor_id where u.unit_id is not null
    union
    select county_id, substr(assignee, 6), id from items where assignee like 'unit:%'
  `.execute(db);
  // A unit's list picks its plan by the table's statistics: without them a busy unit's 28,000 items are read and sorted (260 ms instead of 11).
  await sql`analyze unit_items`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('unit_items').execute();
}
