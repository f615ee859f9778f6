/**
 * The county's wall clock. Deadlines are calendar arithmetic in the county's time zone (a month
 * from 31 January, the end of a quarter, the end of the day a form names), done on the local
 * wall time written as if it were UTC and turned back into an instant with the offset in force.
 */

/** The counties' time zone (China has one, without summer time). */
export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

/** The local wall time of an instant, as the UTC fields of a Date. */
export function toWallClock(at: Date, timeZone = COUNTY_TIME_ZONE): Date {
  return new Date(at.getTime() + offsetMs(at, timeZone));
}

/** The instant at which the wall clock shows this time (given as the UTC fields of a Date). */
export function fromWallClock(wall: Date, timeZone = COUNTY_TIME_ZONE): Date {
  const guess = new Date(wall.getTime() - offsetMs(wall, timeZone));
  return new Date(wall.getTime() - offsetMs(guess, timeZone));
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
