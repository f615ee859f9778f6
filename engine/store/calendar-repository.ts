import { sql, type Kysely } from 'kysely';
import type { CalendarEntry } from '../domain/working-calendar.js';
import { CALENDAR_CHANNEL } from './calendar-notices.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** A calendar entry as stored: with who recorded it (null: the engine's demo seed). */
export interface RecordedCalendarEntry extends CalendarEntry {
  recordedBy: string | null;
}

/**
 * The county's working calendar (工作日历): an insert-only history of declared days
 * (migrations/0022-county-calendar.ts). Read whole: a county declares a few dozen days a year.
 */
export class CalendarRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every entry a county recorded, day by day, oldest first. */
  async all(countyId: string): Promise<RecordedCalendarEntry[]> {
    const rows = await inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('calendarDays')
        // The date as text: read as a Date, the driver would place it at midnight in the server's time zone.
        .select([sql<string>`day::text`.as('day'), 'kind', 'name', 'recordedAt', 'recordedBy'])
        .where('countyId', '=', countyId)
        .orderBy('day')
        .orderBy('recordedAt')
        .execute(),
    );
    return rows.map(({ name, ...row }) => ({ ...row, ...(name === null ? {} : { name }) }));
  }

  /**
   * Records entries in one transaction: all or none (an imported file is one edit). Every engine
   * process hears of it once committed (calendar-notices.ts). Throws the database's unique
   * violation when a day already has an entry recorded at the same instant.
   */
  async record(countyId: string, entries: readonly CalendarEntry[], recordedBy: string | null): Promise<void> {
    if (!entries.length) return;
    await inCounty(this.db, countyId, async (trx) => {
      await trx
        .insertInto('calendarDays')
        .values(entries.map((e) => ({ countyId, day: e.day, kind: e.kind, name: e.name ?? null, recordedAt: e.recordedAt, recordedBy })))
        .execute();
      const notice = sql`json_build_object('schema', current_schema(), 'countyId', ${countyId}::text)::text`;
      await sql`select pg_notify(${CALENDAR_CHANNEL}, ${notice})`.execute(trx);
    });
  }

  /** Whether a county has declared any day of a year (the demo seed leaves a year it finds declared alone). */
  async hasYear(countyId: string, year: number): Promise<boolean> {
    const found = await inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('calendarDays')
        .select('countyId')
        .where('countyId', '=', countyId)
        .where('day', '>=', `${year}-01-01`)
        .where('day', '<=', `${year}-12-31`)
        .limit(1)
        .execute(),
    );
    return found.length > 0;
  }
}
