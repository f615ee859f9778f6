import { COUNTY_TIME_ZONE, toWallClock } from './county-time.js';
import { endOfDate } from './calendar-period.js';

/**
 * A county's working-day calendar (工作日历, issue 11): Monday to Friday are working days and
 * Saturday and Sunday are not, unless the county declared otherwise for a day — a public holiday
 * (法定节假日) or a make-up working day (调休上班) — or took such a declaration back.
 *
 * "The calendar that was in force is the one that counts": a deadline computed last March is
 * replayed with the calendar as it was then, so the declarations are an append-only history and
 * every question is asked as of an instant. For each day the latest entry recorded at or before
 * that instant decides; 'normal' means the weekday rule again.
 */

/** What a county declares a day to be. */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday', 'normal'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/** One declaration of the history. */
export interface CalendarEntry {
  /** The county-local date, YYYY-MM-DD. */
  day: string;
  kind: CalendarDayKind;
  /** The holiday's name (国庆节), or for a make-up day the holiday it makes up for. */
  name?: string;
  /** From this instant on the entry counts (calendar-repository.ts: the edit's time plus the notice every engine process needs). */
  recordedAt: Date;
}

/** The years a calendar may declare days in: a typo (20266, 1026) is refused, not stored. */
export const CALENDAR_YEARS = { from: 2000, to: 2099 } as const;

/** How many working days a deadline may count: ten years' worth (a pack asking for more is wrong, not patient). */
export const MAX_WORKING_DAYS = 3660;

/**
 * How many days addWorkingDays looks at before giving up: 25 years. With MAX_WORKING_DAYS and
 * real calendars (about 250 working days a year) it never gets there; a history that declared
 * decades of holidays would otherwise keep the engine counting.
 */
const MAX_SCAN_DAYS = 25 * 366;

/** An instant after every recorded entry: "as the calendar stands now, with every edit made". */
export const LATEST = new Date(8.64e15);

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Whether text is a date that exists, written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(day: unknown): day is string {
  return typeof day === 'string' && dayNumber(day) !== undefined;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date; undefined when it is not one. */
function dayNumber(day: string): number | undefined {
  const parts = DAY_PATTERN.exec(day);
  if (!parts) return undefined;
  const [year, month, date] = parts.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, date);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== date) return undefined;
  return ms / DAY_MS;
}

const dayText = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
/** Saturday or Sunday (day 0, 1970-01-01, was a Thursday). */
const isWeekend = (n: number) => {
  const weekday = (n + 4) % 7; // 0 Sunday … 6 Saturday
  return weekday === 0 || weekday === 6;
};

/** Whether a date (YYYY-MM-DD) falls on a Saturday or Sunday. */
export function isWeekendDay(day: string): boolean {
  return isWeekend(requireDay(day));
}

function requireDay(day: string): number {
  const n = dayNumber(day);
  if (n === undefined) throw new RangeError(`not a date (YYYY-MM-DD): ${day}`);
  return n;
}

/** A county's calendar at every instant of its history. Immutable: an edit makes a new one (withEntries). */
export class WorkingCalendar {
  /** Each day's entries, oldest first (entries recorded at the same instant keep their order: the later one wins). */
  private readonly history = new Map<string, CalendarEntry[]>();

  constructor(entries: readonly CalendarEntry[] = []) {
    for (const entry of entries) {
      requireDay(entry.day);
      const list = this.history.get(entry.day);
      if (list) list.push(entry);
      else this.history.set(entry.day, [entry]);
    }
    for (const list of this.history.values()) list.sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  }

  /** This calendar with more entries recorded. */
  withEntries(entries: readonly CalendarEntry[]): WorkingCalendar {
    return new WorkingCalendar([...this.entries(), ...entries]);
  }

  /** Every entry of the history. */
  entries(): CalendarEntry[] {
    return [...this.history.values()].flat();
  }

  /** The entry that decides a day as of an instant; undefined when none was recorded by then. */
  entryOn(day: string, asOf: Date): CalendarEntry | undefined {
    const list = this.history.get(day);
    if (!list) return undefined;
    const t = asOf.getTime();
    for (let i = list.length - 1; i >= 0; i--) if (list[i].recordedAt.getTime() <= t) return list[i];
    return undefined;
  }

  /** Whether a date (YYYY-MM-DD) is a working day as the calendar stood at asOf. */
  isWorkingDay(day: string, asOf: Date): boolean {
    return this.working(requireDay(day), day, asOf);
  }

  private working(n: number, day: string, asOf: Date): boolean {
    const kind = this.entryOn(day, asOf)?.kind ?? 'normal';
    return kind === 'normal' ? !isWeekend(n) : kind === 'workday';
  }

  /**
   * The end (23:59:59.999 county time) of the n-th working day after the county-local day of
   * `from`, as the calendar stood at asOf: "within 5 working days" of a Tuesday afternoon ends
   * with the fifth working day after that Tuesday. n is a whole number from 1 to MAX_WORKING_DAYS.
   */
  addWorkingDays(from: Date, n: number, asOf: Date): Date {
    if (!Number.isInteger(n) || n < 1 || n > MAX_WORKING_DAYS) throw new RangeError(`working days must be a whole number from 1 to ${MAX_WORKING_DAYS}: ${n}`);
    if (Number.isNaN(from.getTime())) throw new RangeError('addWorkingDays from an invalid date');
    let day = requireDay(toWallClock(from, COUNTY_TIME_ZONE).toISOString().slice(0, 10));
    let left = n;
    for (let scanned = 0; scanned < MAX_SCAN_DAYS; scanned++) {
      day++;
      const text = dayText(day);
      if (this.working(day, text, asOf) && --left === 0) return new Date(endOfDate(text)!.getTime() - 1);
    }
    throw new RangeError(`no ${n} working days within ${MAX_SCAN_DAYS} days of ${from.toISOString()}: the calendar declares too many holidays`);
  }

  /** The entries that decide the days of a year as of an instant, in date order ('normal' ones left out: they declare nothing). */
  declaredIn(year: number, asOf: Date): CalendarEntry[] {
    const prefix = `${String(year).padStart(4, '0')}-`;
    return [...this.history.keys()]
      .filter((day) => day.startsWith(prefix))
      .sort()
      .map((day) => this.entryOn(day, asOf))
      .filter((entry): entry is CalendarEntry => entry !== undefined && entry.kind !== 'normal');
  }

  /** How many working days a year has as of an instant. */
  workingDaysIn(year: number, asOf: Date): number {
    const first = requireDay(`${String(year).padStart(4, '0')}-01-01`);
    const next = requireDay(`${String(year + 1).padStart(4, '0')}-01-01`);
    let count = 0;
    for (let n = first; n < next; n++) if (this.working(n, dayText(n), asOf)) count++;
    return count;
  }
}
