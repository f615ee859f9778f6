import { describe, expect, it } from 'vitest';
import { dutyPeriodAt, nextDutyPeriod, previousDutyPeriod } from '../../engine/packs/duty-period.js';

/** An instant given as the county's wall clock (Asia/Shanghai, UTC+8). */
const local = (wall: string) => new Date(`${wall}+08:00`);
const view = (p: ReturnType<typeof dutyPeriodAt>) => ({ key: p.key, start: p.start.toISOString(), end: p.end.toISOString(), due: p.due.toISOString() });

describe('duty periods on the county calendar', () => {
  it('a week runs Monday to Monday and is due at the end of its weekday; its key is the ISO week', () => {
    expect(view(dutyPeriodAt({ every: 'week', weekday: 3 }, local('2026-12-03T10:00:00')))).toEqual({
      key: '2026-W49',
      start: '2026-11-29T16:00:00.000Z',
      end: '2026-12-06T16:00:00.000Z',
      due: '2026-12-02T16:00:00.000Z',
    });
    // A Sunday night is still that week; the week of 1 January 2027 (a Friday) is 2026's last (W53).
    expect(dutyPeriodAt({ every: 'week' }, local('2026-12-06T23:59:00')).key).toBe('2026-W49');
    expect(dutyPeriodAt({ every: 'week' }, local('2027-01-01T09:00:00')).key).toBe('2026-W53');
    expect(dutyPeriodAt({ every: 'week' }, local('2027-01-04T09:00:00')).key).toBe('2027-W01');
  });

  it('months, two months, quarters, half-years and years start on their first day in the county', () => {
    const at = local('2026-08-31T23:30:00');
    expect(view(dutyPeriodAt({ every: 'month' }, at))).toMatchObject({ key: '2026-08', start: '2026-07-31T16:00:00.000Z', due: '2026-08-31T16:00:00.000Z' });
    expect(view(dutyPeriodAt({ every: 'twoMonths' }, at))).toMatchObject({ key: '2026-07', start: '2026-06-30T16:00:00.000Z', due: '2026-08-31T16:00:00.000Z' });
    expect(view(dutyPeriodAt({ every: 'quarter' }, at))).toMatchObject({ key: '2026-Q3', due: '2026-09-30T16:00:00.000Z' });
    expect(view(dutyPeriodAt({ every: 'halfYear' }, at))).toMatchObject({ key: '2026-H2', due: '2026-12-31T16:00:00.000Z' });
    expect(view(dutyPeriodAt({ every: 'year' }, at))).toMatchObject({ key: '2026', start: '2025-12-31T16:00:00.000Z', due: '2026-12-31T16:00:00.000Z' });
    // 1 September 00:10 in the county is still 31 August in UTC: the county's calendar decides.
    expect(dutyPeriodAt({ every: 'month' }, local('2026-09-01T00:10:00')).key).toBe('2026-09');
  });

  it('a term runs termYears from termStart', () => {
    const term = { every: 'term' as const, termStart: '2021-10-01', termYears: 5 };
    expect(view(dutyPeriodAt(term, local('2026-09-30T12:00:00')))).toEqual({
      key: '2021-2026',
      start: '2021-09-30T16:00:00.000Z',
      end: '2026-09-30T16:00:00.000Z',
      due: '2026-09-30T16:00:00.000Z',
    });
    expect(dutyPeriodAt(term, local('2026-10-01T00:00:00')).key).toBe('2026-2031');
  });

  it('walks from one period to the next and back', () => {
    const quarter = dutyPeriodAt({ every: 'quarter' }, local('2026-12-15T08:00:00'));
    expect(nextDutyPeriod({ every: 'quarter' }, quarter).key).toBe('2027-Q1');
    expect(previousDutyPeriod({ every: 'quarter' }, quarter).key).toBe('2026-Q3');
    const week = dutyPeriodAt({ every: 'week' }, local('2026-01-05T08:00:00'));
    expect(previousDutyPeriod({ every: 'week' }, week).key).toBe('2026-W01');
  });
});
