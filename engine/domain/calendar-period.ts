import { COUNTY_TIME_ZONE, fromWallClock, toWallClock } from './county-time.js';

/** The calendar periods a county reports by (weeks begin on Monday). */
export type CalendarPeriod = 'week' | 'month' | 'quarter' | 'halfYear' | 'year';

/** The end of the period that holds `at` on the county's wall clock: the first instant of the next one. */
export function periodEnd(at: Date, period: CalendarPeriod, timeZone = COUNTY_TIME_ZONE): Date {
  const wall = toWallClock(at, timeZone);
  const [year, month, day] = [wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()];
  const next = {
    week: () => Date.UTC(year, month, day - ((wall.getUTCDay() + 6) % 7) + 7),
    month: () => Date.UTC(year, month + 1, 1),
    quarter: () => Date.UTC(year, month - (month % 3) + 3, 1),
    halfYear: () => Date.UTC(year, month < 6 ? 6 : 12, 1),
    year: () => Date.UTC(year + 1, 0, 1),
  }[period]();
  return fromWallClock(new Date(next), timeZone);
}

/** The first instant of a date written as a form writes it (YYYY-MM-DD) in the county; undefined for anything else. */
export function startOfDate(date: unknown, timeZone = COUNTY_TIME_ZONE): Date | undefined {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const wall = new Date(`${date}T00:00:00Z`);
  // 2026-02-30 is not a date: Date would roll it into March.
  if (Number.isNaN(wall.getTime()) || wall.toISOString().slice(0, 10) !== date) return undefined;
  return fromWallClock(wall, timeZone);
}

/** The end of that date in the county (the first instant of the next day): a form's "due on" date is due by then. */
export function endOfDate(date: unknown, timeZone = COUNTY_TIME_ZONE): Date | undefined {
  const start = startOfDate(date, timeZone);
  if (!start) return undefined;
  const wall = toWallClock(start, timeZone);
  return fromWallClock(new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1)), timeZone);
}
