import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * The actor filter ("items this person acted on") and its total read the person's events for
 * their items. With the item in the index those reads need not visit the events themselves (each
 * row holds the whole snapshot): the index replaces events_actor_idx, whose columns it starts with.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await sql`create index events_actor_item_idx on events (county_id, actor_id, created_at) include (item_id)`.execute(db);
  await sql`drop index events_actor_idx`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await sql`create index events_actor_idx on events (county_id, actor_id, created_at)`.execute(db);
  await sql`drop index events_actor_item_idx`.execute(db);
}
