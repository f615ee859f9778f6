import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toWallClock } from '../../engine/domain/county-time.js';
import { WorkingCalendar, type CalendarEntry } from '../../engine/domain/working-calendar.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const dayOf = (offset: number) => new Date(START + offset * DAY).toISOString().slice(0, 10);
const localDay = (at: Date) => toWallClock(at).toISOString().slice(0, 10);

/** Declarations scattered over 2026–2027, recorded at instants spread over 2025–2027. */
const entry: fc.Arbitrary<CalendarEntry> = fc.record({
  day: fc.integer({ min: 0, max: 729 }).map(dayOf),
  kind: fc.constantFrom('holiday' as const, 'workday' as const, 'normal' as const),
  recordedAt: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }).map((t) => new Date(t)),
});
const instant = fc.integer({ min: Date.UTC(2025, 6, 1), max: Date.UTC(2027, 6, 1) }).map((t) => new Date(t));

/**
 * Whatever a county declares and whenever it is asked: the n-th working day lands on a working
 * day (as of that instant), after the starting day, at the end of its day in Beijing, and a
 * larger n never ends earlier.
 */
describe('addWorkingDays over random calendars', () => {
  it('lands at the end of a working day after the start, and is monotone in n', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 120 }), instant, instant, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 30 }), (entries, from, asOf, n, more) => {
        const calendar = new WorkingCalendar(entries);
        const due = calendar.addWorkingDays(from, n, asOf);
        const later = calendar.addWorkingDays(from, n + more, asOf);
        expect(calendar.isWorkingDay(localDay(due), asOf)).toBe(true);
        expect(localDay(due) > localDay(from)).toBe(true);
        // 23:59:59.999 in Beijing: a millisecond on is the next county day.
        expect(localDay(new Date(due.getTime() + 1))).not.toBe(localDay(due));
        expect(later.getTime()).toBeGreaterThanOrEqual(due.getTime());
        if (more > 0) expect(later.getTime()).toBeGreaterThan(due.getTime());
        // n + 1 working days end at the first working day after the n-th.
        const next = calendar.addWorkingDays(from, n + 1, asOf);
        expect(calendar.addWorkingDays(due, 1, asOf).getTime()).toBe(next.getTime());
      }),
      { numRuns: 300 },
    );
  });
});
