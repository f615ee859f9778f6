import { describe, expect, it } from 'vitest';
import { isCalendarDay, MAX_WORKING_DAYS, WorkingCalendar, type CalendarEntry } from '../../engine/domain/working-calendar.js';
import { arrangementEntries, DEMO_HOLIDAY_ARRANGEMENTS } from '../../engine/seed/holiday-arrangement.js';

const recorded = new Date('2025-11-04T00:00:00+08:00');
const holiday = (day: string, name = '国庆节', recordedAt = recorded): CalendarEntry => ({ day, kind: 'holiday', name, recordedAt });
const workday = (day: string, name = '国庆节', recordedAt = recorded): CalendarEntry => ({ day, kind: 'workday', name, recordedAt });

/** 2026 National Day: 10-01..10-07 off; Sunday 09-20 and Saturday 10-10 worked. */
const nationalDay = new WorkingCalendar([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => holiday(`2026-10-${d}`)),
  workday('2026-09-20'),
  workday('2026-10-10'),
]);
const now = new Date('2026-09-01T00:00:00Z');

describe('WorkingCalendar.isWorkingDay', () => {
  it('follows the weekday rule where nothing is declared', () => {
    const plain = new WorkingCalendar();
    expect(plain.isWorkingDay('2026-03-02', now)).toBe(true); // Monday
    expect(plain.isWorkingDay('2026-03-06', now)).toBe(true); // Friday
    expect(plain.isWorkingDay('2026-03-07', now)).toBe(false); // Saturday
    expect(plain.isWorkingDay('2026-03-08', now)).toBe(false); // Sunday
  });

  it('a declared holiday on a weekday is off, a make-up weekend day is worked', () => {
    expect(nationalDay.isWorkingDay('2026-10-01', now)).toBe(false); // Thursday, 国庆节
    expect(nationalDay.isWorkingDay('2026-10-07', now)).toBe(false); // Wednesday
    expect(nationalDay.isWorkingDay('2026-10-08', now)).toBe(true); // Thursday after
    expect(nationalDay.isWorkingDay('2026-10-10', now)).toBe(true); // Saturday, 调休上班
    expect(nationalDay.isWorkingDay('2026-09-20', now)).toBe(true); // Sunday, 调休上班
    expect(nationalDay.isWorkingDay('2026-10-11', now)).toBe(false); // an ordinary Sunday
  });

  it('refuses text that is not a date that exists', () => {
    expect(() => nationalDay.isWorkingDay('2026-02-30', now)).toThrow(RangeError);
    expect(() => nationalDay.isWorkingDay('2026-2-3', now)).toThrow(RangeError);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('5 working days from Tuesday 2026-09-29 10:00 across National Day end with Monday 10-12', () => {
    // Ends of 09-30 (1), 10-08 (2), 10-09 (3), 10-10 Saturday worked (4), 10-12 (5); 23:59:59.999 in Beijing.
    const from = new Date('2026-09-29T02:00:00Z');
    expect(nationalDay.addWorkingDays(from, 5, now).toISOString()).toBe('2026-10-12T15:59:59.999Z');
    expect(nationalDay.addWorkingDays(from, 1, now).toISOString()).toBe('2026-09-30T15:59:59.999Z');
    expect(nationalDay.addWorkingDays(from, 4, now).toISOString()).toBe('2026-10-10T15:59:59.999Z');
  });

  it('counts from the county-local day: 23:30 on Friday in Beijing is still Friday', () => {
    const plain = new WorkingCalendar();
    // Friday 2026-03-06 23:30 in Beijing is 15:30 UTC the same day; 00:30 Saturday is 16:30 UTC.
    expect(plain.addWorkingDays(new Date('2026-03-06T15:30:00Z'), 1, now).toISOString()).toBe('2026-03-09T15:59:59.999Z'); // Monday
    expect(plain.addWorkingDays(new Date('2026-03-06T16:30:00Z'), 1, now).toISOString()).toBe('2026-03-09T15:59:59.999Z'); // from Saturday: Monday too
    expect(plain.addWorkingDays(new Date('2026-03-05T15:59:59Z'), 1, now).toISOString()).toBe('2026-03-06T15:59:59.999Z'); // Thursday 23:59:59 → Friday
  });

  it('the calendar in force at asOf counts: an entry recorded later changes nothing computed before it', () => {
    const computedAt = new Date('2026-09-10T00:00:00Z');
    // On 15 September the county declares Monday 10-12 a local holiday, after the deadline above was computed.
    const edited = nationalDay.withEntries([holiday('2026-10-12', '县庆', new Date('2026-09-15T00:00:00Z'))]);
    const from = new Date('2026-09-29T02:00:00Z');
    expect(edited.addWorkingDays(from, 5, computedAt).toISOString()).toBe('2026-10-12T15:59:59.999Z');
    // Computed after the edit, the fifth working day is Tuesday 10-13.
    expect(edited.addWorkingDays(from, 5, new Date('2026-09-16T00:00:00Z')).toISOString()).toBe('2026-10-13T15:59:59.999Z');
    // An entry counts from the instant it was recorded, not a millisecond before.
    expect(edited.isWorkingDay('2026-10-12', new Date('2026-09-14T23:59:59.999Z'))).toBe(true);
    expect(edited.isWorkingDay('2026-10-12', new Date('2026-09-15T00:00:00Z'))).toBe(false);
  });

  it("'normal' takes a declaration back to the weekday rule, from when it is recorded", () => {
    const reverted = nationalDay.withEntries([{ day: '2026-10-10', kind: 'normal', recordedAt: new Date('2026-09-20T00:00:00Z') }]);
    expect(reverted.isWorkingDay('2026-10-10', new Date('2026-09-19T00:00:00Z'))).toBe(true);
    expect(reverted.isWorkingDay('2026-10-10', new Date('2026-09-21T00:00:00Z'))).toBe(false);
    expect(reverted.entryOn('2026-10-10', new Date('2026-09-21T00:00:00Z'))?.kind).toBe('normal');
    expect(reverted.declaredIn(2026, new Date('2026-09-21T00:00:00Z')).map((e) => e.day)).not.toContain('2026-10-10');
  });

  it('refuses a count that is not a whole number from 1 to the bound, and stops on a calendar of endless holidays', () => {
    const from = new Date('2026-03-02T01:00:00Z');
    for (const n of [0, -1, 1.5, Number.NaN, MAX_WORKING_DAYS + 1]) expect(() => nationalDay.addWorkingDays(from, n, now), String(n)).toThrow(RangeError);
    expect(nationalDay.addWorkingDays(from, MAX_WORKING_DAYS, now).getTime()).toBeGreaterThan(from.getTime());
    // Thirty years of holidays: the count gives up instead of scanning on.
    const days: CalendarEntry[] = [];
    for (let t = Date.UTC(2026, 2, 3); t < Date.UTC(2056, 0, 1); t += 86_400_000) days.push(holiday(new Date(t).toISOString().slice(0, 10), '停工'));
    expect(() => new WorkingCalendar(days).addWorkingDays(from, 1, now)).toThrow(/too many holidays/);
  });
});

describe('a year of the calendar', () => {
  it('China’s 2026 arrangement (the demo seed) leaves 248 working days: 261 weekdays − 19 weekday holidays + 6 make-up days', () => {
    const calendar = new WorkingCalendar(arrangementEntries(DEMO_HOLIDAY_ARRANGEMENTS[0]));
    expect(new WorkingCalendar().workingDaysIn(2026, now)).toBe(261);
    expect(calendar.workingDaysIn(2026, now)).toBe(248);
    // Before the arrangement was recorded, 2026 had only the weekday rule.
    expect(calendar.workingDaysIn(2026, new Date('2025-10-01T00:00:00Z'))).toBe(261);
    const declared = calendar.declaredIn(2026, now);
    expect(declared.filter((e) => e.kind === 'workday').map((e) => e.day)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(declared.find((e) => e.day === '2026-02-17')).toMatchObject({ kind: 'holiday', name: '春节' });
  });
});
