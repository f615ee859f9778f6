import type { User } from '../domain/user.js';
import { LATEST, WorkingCalendar, type CalendarDayKind, type CalendarEntry } from '../domain/working-calendar.js';
import { EngineError } from '../errors/engine-error.js';
import type { RecordedCalendarEntry } from '../store/calendar-repository.js';
import { isUniqueViolation } from '../store/db-errors.js';
import type { Store } from '../store/store.js';
import { checkDeclaration, onlyCalendarAdmin, yearProblem, type CalendarDeclaration } from './calendar-rules.js';
import { systemClock, type Clock } from './clock.js';
import { CALENDAR_NOTICE_MS, type CountyCalendars } from './county-calendars.js';

/** A year of a county's calendar as people read it: its declared days and how many working days it has. */
export interface CalendarYear {
  year: number;
  workingDays: number;
  /** The days declared holidays or make-up working days, in date order. */
  days: Array<{ day: string; kind: Exclude<CalendarDayKind, 'normal'>; name: string | null; inForceFrom: Date }>;
}

/** Whether a declaration would change what is in force for its day. */
const changes = (calendar: WorkingCalendar, d: CalendarDeclaration) => {
  const current = calendar.entryOn(d.day, LATEST);
  return (current?.kind ?? 'normal') !== d.kind || (d.kind !== 'normal' && (current?.name ?? undefined) !== d.name);
};

/**
 * The county's working calendar (工作日历, issue 11) as its people read it and its administrator
 * edits it. Reads show the calendar with every recorded edit; an edit counts for deadlines from
 * CALENDAR_NOTICE_MS on (county-calendars.ts), and never changes what was in force before.
 */
export class CalendarAdmin {
  constructor(
    private readonly store: Store,
    private readonly calendars: CountyCalendars,
    private readonly clock: Clock = systemClock,
  ) {}

  /** A year of the calendar: for anyone of the county (a deadline's working days are everyone's business). */
  async year(user: User, year: number): Promise<CalendarYear> {
    const refused = yearProblem('year', year);
    if (refused) throw refused;
    return yearView(await this.history(user.countyId), year);
  }

  /** The administrator declares a day a holiday or a make-up working day, or takes it back to the weekday rule. */
  async declare(admin: User, input: { day: string; kind: string; name?: string | null }): Promise<CalendarYear> {
    const { countyId, id } = onlyCalendarAdmin(admin);
    const { declaration, problems } = checkDeclaration(input);
    if (!declaration) throw problems[0];
    const calendar = await this.history(countyId);
    if (changes(calendar, declaration)) await this.record(countyId, id, calendar, [declaration]);
    return yearView(await this.history(countyId), Number(declaration.day.slice(0, 4)));
  }

  /** The county's whole history, from the database (not the in-memory copy: an edit reads what is committed). */
  async history(countyId: string): Promise<WorkingCalendar> {
    return new WorkingCalendar(toEntries(await this.store.calendar.all(countyId)));
  }

  /**
   * Records declarations as one edit, those that change something, and tells this process's
   * calendars. They count from CALENDAR_NOTICE_MS on, and after every entry already recorded
   * for their days: an edit never lands at or before an earlier one (a stopped test clock, two
   * quick edits), so "the latest entry" always names one.
   */
  async record(countyId: string, recordedBy: string, calendar: WorkingCalendar, declarations: readonly CalendarDeclaration[]): Promise<number> {
    const changing = declarations.filter((d) => changes(calendar, d));
    if (!changing.length) return 0;
    const latest = Math.max(0, ...changing.map((d) => calendar.entryOn(d.day, LATEST)?.recordedAt.getTime() ?? 0));
    const recordedAt = new Date(Math.max(this.clock.now().getTime() + CALENDAR_NOTICE_MS, latest + 1));
    const entries: CalendarEntry[] = changing.map((d) => ({ ...d, recordedAt }));
    try {
      await this.store.calendar.record(countyId, entries, recordedBy);
    } catch (error) {
      if (isUniqueViolation(error)) throw new EngineError('CALENDAR_DAY_CONFLICT', { day: changing.map((d) => d.day).join('、') });
      throw error;
    }
    this.calendars.recorded(countyId, entries);
    return changing.length;
  }
}

/** A year as read: the entries with every recorded edit. */
export function yearView(calendar: WorkingCalendar, year: number): CalendarYear {
  return {
    year,
    workingDays: calendar.workingDaysIn(year, LATEST),
    days: calendar.declaredIn(year, LATEST).map((e) => ({ day: e.day, kind: e.kind as Exclude<CalendarDayKind, 'normal'>, name: e.name ?? null, inForceFrom: e.recordedAt })),
  };
}

const toEntries = (rows: RecordedCalendarEntry[]): CalendarEntry[] => rows.map(({ recordedBy: _, ...entry }) => entry);
