import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * Items linked to the directory (issue 10): which stations, units and people an item is linked
 * to (domain/item-directory.ts), so that items are counted and listed per station, unit and
 * person. The rows follow from the item's snapshot like its assignee; the event that changes the
 * links writes them in its own statement. Before this, no item had links: the table starts empty.
 *
 * The key leads with the item (its links are rewritten by item); the target index answers
 * "items linked to this unit" and "how many per unit" from the index alone. No foreign keys:
 * a target is a station, a unit or a person by kind, each checked when a form picked it
 * (payload-references.ts), and an item keeps its link when the directory later closes a station
 * or disables a unit, as its record does.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('item_links')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('station', 'unit', 'person')`))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_links_pk', ['county_id', 'item_id', 'kind', 'target_id'])
    .addForeignKeyConstraint('item_links_item_fk', ['county_id', 'item_id'], 'items', ['county_id', 'id'])
    .execute();
  await sql`create index item_links_target_idx on item_links (county_id, kind, target_id, item_id)`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('item_links').execute();
}
