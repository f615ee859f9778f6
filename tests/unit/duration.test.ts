import { describe, expect, it } from 'vitest';
import { addDuration, isZeroDuration, parseDuration } from '../../engine/domain/duration.js';

const d = (years: number, months: number, weeks: number, days: number, hours: number) => ({ years, months, weeks, days, hours });

describe('parseDuration: ISO 8601 years, months, weeks, days and hours', () => {
  it.each([
    ['P3D', d(0, 0, 0, 3, 0)],
    ['PT48H', d(0, 0, 0, 0, 48)],
    ['P1DT12H', d(0, 0, 0, 1, 12)],
    ['P1W', d(0, 0, 1, 0, 0)],
    ['P1M', d(0, 1, 0, 0, 0)],
    ['P2M', d(0, 2, 0, 0, 0)],
    ['P3M', d(0, 3, 0, 0, 0)],
    ['P1Y', d(1, 0, 0, 0, 0)],
    ['P1Y2M3W4DT5H', d(1, 2, 3, 4, 5)],
  ])('%s', (iso, expected) => expect(parseDuration(iso)).toEqual(expected));

  // Nothing at all, or zero: a deadline due at once is a mistake the pack check names.
  it.each(['P', 'P0D', 'PT0H', 'P0Y0M0W0DT0H'])('reads %j as no duration, and says it is zero', (iso) => {
    expect(parseDuration(iso)).toBeUndefined();
    expect(isZeroDuration(iso)).toBe(true);
  });

  it.each(['', 'PT', 'P1DT', '3D', 'P3', 'p3d', 'P-1D', 'P1.5D', 'PT1.5H', 'PT30M', 'P1D1M', 'PT2H1D', ' P1D', 'P1D ', 'P12345D'])('refuses %j', (iso) => {
    expect(parseDuration(iso)).toBeUndefined();
    expect(isZeroDuration(iso)).toBe(false);
  });
});

describe('addDuration: calendar arithmetic in the county’s time zone (Asia/Shanghai)', () => {
  const at = (text: string) => new Date(text);
  it.each([
    // [from, duration, due] — instants in UTC; the comment gives Beijing time.
    ['2026-03-02T01:00:00Z', 'P3D', '2026-03-05T01:00:00Z'], // Mon 09:00 → Thu 09:00
    ['2026-03-02T01:00:00Z', 'PT48H', '2026-03-04T01:00:00Z'],
    ['2026-03-02T01:00:00Z', 'P1W', '2026-03-09T01:00:00Z'],
    ['2026-01-31T02:00:00Z', 'P1M', '2026-02-28T02:00:00Z'], // 31 Jan → 28 Feb, the month's last day
    ['2028-01-31T02:00:00Z', 'P1M', '2028-02-29T02:00:00Z'], // a leap year
    ['2026-01-31T17:00:00Z', 'P1M', '2026-02-28T17:00:00Z'], // 1 Feb 01:00 in Beijing → 1 Mar 01:00
    ['2026-08-31T02:00:00Z', 'P3M', '2026-11-30T02:00:00Z'], // a quarter
    ['2026-09-15T02:00:00Z', 'P1Y', '2027-09-15T02:00:00Z'],
    ['2026-12-31T02:00:00Z', 'P2M', '2027-02-28T02:00:00Z'], // across the year
    ['2026-03-02T01:00:00Z', 'P1DT12H', '2026-03-03T13:00:00Z'],
  ])('%s + %s = %s', (from, iso, due) => {
    expect(addDuration(at(from), parseDuration(iso)!).toISOString()).toBe(new Date(due).toISOString());
  });
});
