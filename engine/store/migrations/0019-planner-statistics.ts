import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * No planner statistics for the columns no query filters or joins on: an event's payload and
 * snapshot, its states, origin, hashes and seal, and an item's snapshot, deadlines and head hash.
 * ANALYZE detoasts and samples every column of 30,000 rows; on 170,000 bench events it took
 * 0.9–1.7 s, and 0.29 s without these. Where no autovacuum runs the engine analyzes as events are
 * written (table-maintenance.ts), and on PGlite that holds the one connection: a shorter ANALYZE
 * is a shorter stall for every request waiting behind it. The columns lists, inboxes, counts and
 * the Idempotency-Key lookup filter on keep their statistics.
 */
const WITHOUT_STATISTICS = {
  events: ['payload', 'state_before', 'state_after', 'snapshot_after', 'origin', 'prev_hash', 'hash', 'seal'],
  items: ['snapshot', 'deadlines', 'head_hash'],
};

async function setStatistics(db: OwnerDatabase, target: number): Promise<void> {
  for (const [table, columns] of Object.entries(WITHOUT_STATISTICS)) {
    const each = columns.map((column) => sql`alter column ${sql.id(column)} set statistics ${sql.lit(target)}`);
    await sql`alter table ${sql.table(table)} ${sql.join(each)}`.execute(db);
  }
}

export async function up(db: OwnerDatabase): Promise<void> {
  await setStatistics(db, 0);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await setStatistics(db, -1); // the default target
}
