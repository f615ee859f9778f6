import type { CalendarEntry } from '../domain/working-calendar.js';
import holidays2026 from './holidays-2026.json' with { type: 'json' };

/**
 * A year's public holidays as the State Council announces them each autumn: each holiday's
 * first and last day off, and the weekend days worked to make up for it (调休上班). Kept as data
 * (holidays-2026.json), one file a year.
 */
export interface HolidayArrangement {
  year: number;
  /** From when the demo calendars hold it: before any demo item, so every deadline sees it. */
  recordedAt: string;
  holidays: Array<{ name: string; from: string; to: string; workdays: string[] }>;
}

/** The arrangements the demo counties' calendars declare. */
export const DEMO_HOLIDAY_ARRANGEMENTS: readonly HolidayArrangement[] = [holidays2026];

/** An arrangement as calendar entries: every day off a holiday of its name, every make-up day a workday named after the holiday. */
export function arrangementEntries(arrangement: HolidayArrangement): CalendarEntry[] {
  const recordedAt = new Date(arrangement.recordedAt);
  const entries: CalendarEntry[] = [];
  for (const { name, from, to, workdays } of arrangement.holidays) {
    for (let day = from; day <= to; day = nextDay(day)) entries.push({ day, kind: 'holiday', name, recordedAt });
    for (const day of workdays) entries.push({ day, kind: 'workday', name, recordedAt });
  }
  return entries;
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
