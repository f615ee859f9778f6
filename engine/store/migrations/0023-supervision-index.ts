import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * The supervision view (督办看板, issue 11; store/supervision-query.ts): a county's active items
 * with a running deadline, by deadline, carrying the two columns the view groups by. Its counts
 * read the range "due before the end of the due-soon window" from this index alone (an
 * index-only scan): items_active_due_idx (0008) holds the same range, but every entry found there
 * visits its item row — a whole snapshot — for the assignee and the station. The items without
 * a deadline, or with a paused clock (due_at null), are not in it.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await sql`create index items_supervision_idx on items (county_id, due_at) include (assignee, station_id) where status = 'active' and due_at is not null`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await sql`drop index if exists items_supervision_idx`.execute(db);
}
