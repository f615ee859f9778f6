import { COUNTY_TIME_ZONE, fromWallClock, toWallClock } from './county-time.js';

/**
 * Durations a pack gives in ISO 8601 (a state's deadline: P3D, PT48H, P1W, P1M, P1Y2M): years,
 * months, weeks, days and hours, whole numbers only. Months and years are calendar months in the
 * county's time zone — a month from 31 January is the last day of February — and days are
 * calendar days there; hours are hours. A duration of nothing ("P", "PT", "P0D") is refused: a
 * deadline that is already due is a mistake in the pack, not a rule.
 */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
}

/** The shape a duration is written in (the pack format's schema uses the same expression): each unit once, in this order. */
export const DURATION_PATTERN = '^P(?:([0-9]{1,4})Y)?(?:([0-9]{1,4})M)?(?:([0-9]{1,4})W)?(?:([0-9]{1,4})D)?(?:T([0-9]{1,4})H)?$';
const DURATION = new RegExp(DURATION_PATTERN);

/** The duration an ISO 8601 text says, or undefined when it is not one we take or says nothing ("P", "P0D"). */
export function parseDuration(iso: string): Duration | undefined {
  const match = DURATION.exec(iso);
  if (!match) return undefined;
  const [years, months, weeks, days, hours] = match.slice(1).map((n) => Number(n ?? 0));
  const duration = { years, months, weeks, days, hours };
  return isZero(duration) ? undefined : duration;
}

/** Whether a text is written as a duration but says nothing ("P", "P0D", "PT0H"): a problem the pack check names. */
export function isZeroDuration(iso: string): boolean {
  return DURATION.test(iso) && parseDuration(iso) === undefined;
}

function isZero(d: Duration): boolean {
  return d.years + d.months + d.weeks + d.days + d.hours === 0;
}

/**
 * The instant a duration after `at`: the calendar part on the county's wall clock (the day of
 * the month kept, or the month's last day when the month is shorter), then the hours.
 */
export function addDuration(at: Date, duration: Duration, timeZone = COUNTY_TIME_ZONE): Date {
  const local = toWallClock(at, timeZone);
  const months = local.getUTCMonth() + duration.years * 12 + duration.months;
  const lastDay = new Date(Date.UTC(local.getUTCFullYear(), months + 1, 0)).getUTCDate();
  const moved = new Date(local);
  moved.setUTCFullYear(local.getUTCFullYear(), months, Math.min(local.getUTCDate(), lastDay));
  moved.setUTCDate(moved.getUTCDate() + duration.weeks * 7 + duration.days);
  return new Date(fromWallClock(moved, timeZone).getTime() + duration.hours * 3_600_000);
}
