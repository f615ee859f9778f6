import type { Duty } from './generated/pack.js';
import { COUNTY_TIME_ZONE, fromWallClock, toWallClock } from '../domain/county-time.js';

/**
 * The periods of a recurring duty (pack.json duties) on the county's calendar: weeks from
 * Monday, months, two-month spans from January, quarters, half-years, years, and terms of the
 * congress from the pack's termStart. A period is named by a key people read (2026-12,
 * 2026-W49, 2026-Q4) and runs from its start to the start of the next; the duty is due at the
 * end of it, or for a weekly duty with a weekday, at the end of that day.
 */
export interface DutyPeriod {
  key: string;
  start: Date;
  end: Date;
  due: Date;
}

type Every = Pick<Duty, 'every' | 'weekday' | 'termStart' | 'termYears'>;

const DAY_MS = 86_400_000;

/** The period of the duty that holds `at`. */
export function dutyPeriodAt(duty: Every, at: Date, timeZone = COUNTY_TIME_ZONE): DutyPeriod {
  const wall = toWallClock(at, timeZone);
  const [year, month, day] = [wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()];
  const local = (y: number, m: number, d = 1) => fromWallClock(new Date(Date.UTC(y, m, d)), timeZone);
  switch (duty.every) {
    case 'week': {
      const monday = day - ((wall.getUTCDay() + 6) % 7);
      const start = local(year, month, monday);
      const end = local(year, month, monday + 7);
      const due = duty.weekday ? local(year, month, monday + duty.weekday) : end;
      return { key: isoWeekKey(new Date(Date.UTC(year, month, monday))), start, end, due };
    }
    case 'term': {
      const [first, years] = [termStartOf(duty), duty.termYears ?? 5];
      const offset = Math.floor((year - first.getUTCFullYear() - (beforeInYear(wall, first) ? 1 : 0)) / years) * years;
      const startYear = first.getUTCFullYear() + offset;
      const start = local(startYear, first.getUTCMonth(), first.getUTCDate());
      const end = local(startYear + years, first.getUTCMonth(), first.getUTCDate());
      return { key: `${startYear}-${startYear + years}`, start, end, due: end };
    }
    default: {
      const months = { month: 1, twoMonths: 2, quarter: 3, halfYear: 6, year: 12 }[duty.every];
      const first = month - (month % months);
      const start = local(year, first);
      const end = local(year, first + months);
      return { key: periodKey(duty.every, year, first), start, end, due: end };
    }
  }
}

/** The period after this one. */
export function nextDutyPeriod(duty: Every, period: DutyPeriod): DutyPeriod {
  return dutyPeriodAt(duty, new Date(period.end.getTime() + 1));
}

/** The period before this one. */
export function previousDutyPeriod(duty: Every, period: DutyPeriod): DutyPeriod {
  return dutyPeriodAt(duty, new Date(period.start.getTime() - 1));
}

function periodKey(every: Duty['every'], year: number, firstMonth: number): string {
  const mm = String(firstMonth + 1).padStart(2, '0');
  if (every === 'year') return String(year);
  if (every === 'halfYear') return `${year}-H${firstMonth / 6 + 1}`;
  if (every === 'quarter') return `${year}-Q${firstMonth / 3 + 1}`;
  return `${year}-${mm}`;
}

/** ISO 8601 week key of a Monday (as a UTC date): 2026-W49. The week belongs to the year of its Thursday. */
function isoWeekKey(monday: Date): string {
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function termStartOf(duty: Every): Date {
  // The pack check refused a term duty without a date (pack-validator.ts).
  return new Date(`${duty.termStart ?? '2000-01-01'}T00:00:00Z`);
}

function beforeInYear(wall: Date, first: Date): boolean {
  return wall.getUTCMonth() < first.getUTCMonth() || (wall.getUTCMonth() === first.getUTCMonth() && wall.getUTCDate() < first.getUTCDate());
}
