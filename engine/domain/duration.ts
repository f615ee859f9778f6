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

/** The counties' time zone (China has one, without summer time). */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

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
 * The instant a duration after `at`: the calendar part in the time zone's local date (the day of
 * the month kept, or the month's last day when the month is shorter), then the hours.
 */
export function addDuration(at: Date, duration: Duration, timeZone = COUNTY_TIME_ZONE): Date {
  const offset = offsetMs(at, timeZone);
  // The local wall time as if it were UTC: calendar arithmetic on it is local arithmetic.
  const local = new Date(at.getTime() + offset);
  const months = duration.years * 12 + duration.months;
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const moved = Date.UTC(year, month, Math.min(local.getUTCDate(), lastDay), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds());
  const days = moved + (duration.weeks * 7 + duration.days) * 86_400_000;
  // Back to an instant with the offset in force on the new date (the same all year in China).
  const calendar = days - offsetMs(new Date(days - offset), timeZone);
  return new Date(calendar + duration.hours * 3_600_000);
}

/** How far the time zone's wall clock is ahead of UTC at this instant, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
