import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * The county's working calendar (工作日历, issue 11): the days the county declared public
 * holidays (法定节假日) or make-up working days (调休上班), or took back to the weekday rule.
 * Insert-only history: a deadline is recomputed with the calendar as it stood when it was first
 * computed (domain/working-calendar.ts), so an edit adds a row and never changes one.
 *  - The key (county, day, recorded_at) is the read order: a county's whole history as the
 *    engine loads it, and a year's as a range of days. Two entries for one day at one instant
 *    would leave "the calendar in force then" undecided; the key refuses the second.
 *  - recorded_by is the administrator's id; null for the engine's own (the demo seed).
 * (0020 and 0021 are other branches' migrations; this one checks nothing of theirs.)
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('calendar_days')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'workday', 'normal')`))
    .addColumn('name', 'text', (c) => c.check(sql`char_length(name) between 1 and 30`))
    .addColumn('recorded_by', 'text')
    .addPrimaryKeyConstraint('calendar_days_pk', ['county_id', 'day', 'recorded_at'])
    .execute();
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('calendar_days').execute();
}
