import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * Recurring duties (pack.json duties, runtime/duty-scheduler.ts): one row per duty, subject and
 * period — opened when the period starts, done when its task finishes or another item counts
 * towards it, missed when the period ends without. The row names the task the engine opened and
 * the follow-up it started after a miss, and counts the misses in a row that end with it.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('duty_periods')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('pack_id', 'text', (c) => c.notNull())
    .addColumn('duty_id', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ('station', 'person', 'unit', 'relation')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'done', 'missed')`))
    .addColumn('item_id', 'text')
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_item_id', 'text')
    .addColumn('misses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('followup_item_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('duty_periods_pk', ['county_id', 'pack_id', 'duty_id', 'subject_kind', 'subject_id', 'period'])
    .execute();
  // A duty's board for a period; the rows still open (what each round looks at).
  await db.schema.createIndex('duty_periods_board_idx').on('duty_periods').columns(['county_id', 'pack_id', 'duty_id', 'period', 'status']).execute();
  await sql`create index duty_periods_open_idx on duty_periods (county_id, due_at) where status = 'open'`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('duty_periods').execute();
}
