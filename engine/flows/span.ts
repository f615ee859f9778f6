import type { Span } from './generated/flow.js';
import { toWallClock } from '../domain/county-time.js';
import { addDuration, parseDuration, type Duration } from '../domain/duration.js';

/**
 * What a span of working days needs of the county's calendar (runtime/county-calendars.ts): the
 * calendar as it was at `asOf`, so that a deadline counted last March is counted the same way
 * when the item's log is replayed, whatever the administrator declared since.
 */
export interface WorkingDayCalendar {
  isWorkingDay(day: string, asOf: Date): boolean;
  /** The end of the n-th working day after the county day of `from`. */
  addWorkingDays(from: Date, n: number, asOf: Date): Date;
}

/** A span as a pack writes it (flow.schema.json $defs/span): an ISO 8601 duration, or working days. */
export type { Span };

/** The instant a span after `at`, the calendar read as it was at `asOf`. */
export function addSpan(at: Date, span: Span, calendar: WorkingDayCalendar, asOf: Date): Date {
  if (typeof span === 'string') return addDuration(at, durationOf(span));
  return calendar.addWorkingDays(at, span.workingDays, asOf);
}

/**
 * The instant a span before `at` (a reminder before a deadline): the duration taken back on the
 * county's wall clock, or the same time of day n working days earlier.
 */
export function spanBefore(at: Date, span: Span, calendar: WorkingDayCalendar, asOf: Date): Date {
  if (typeof span === 'string') {
    const d = durationOf(span);
    return addDuration(at, { years: -d.years, months: -d.months, weeks: -d.weeks, days: -d.days, hours: -d.hours });
  }
  let day = at;
  for (let left = span.workingDays; left > 0; ) {
    day = addDuration(day, { years: 0, months: 0, weeks: 0, days: -1, hours: 0 });
    if (calendar.isWorkingDay(countyDay(day), asOf)) left -= 1;
  }
  return day;
}

/** The county date (YYYY-MM-DD) of an instant. */
function countyDay(at: Date): string {
  return toWallClock(at).toISOString().slice(0, 10);
}

/** A published duration: the pack check refused any other (pack-validator.ts). */
function durationOf(iso: string): Duration {
  const parsed = parseDuration(iso);
  if (!parsed) throw new Error(`unsupported duration ${iso}`);
  return parsed;
}

/** Where the engine finds a county's working-day calendar. */
export interface CalendarSource {
  of(countyId: string): WorkingDayCalendar;
}
