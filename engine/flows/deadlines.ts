import type { AnchoredDeadline, Deadline } from './flow-definition.js';
import { endOfDate, periodEnd, startOfDate } from '../domain/calendar-period.js';
import { addSpan, type WorkingDayCalendar } from './span.js';

export type { Deadline };

/** Whether a deadline is read from the item's data (and so follows it when the data changes). */
export function readsData(deadline: Deadline): boolean {
  return isAnchored(deadline) && (deadline.field !== undefined || deadline.of !== undefined);
}

/**
 * When a state entered at `entered` is due, given the item's data: a span from entering it
 * (calendar time in the county's time zone, or working days on its calendar as it was at
 * `entered`), or a date; undefined when the date field it reads holds no date.
 */
export function deadlineOf(deadline: Deadline, entered: Date, data: Record<string, unknown>, calendar: WorkingDayCalendar): Date | undefined {
  if (!isAnchored(deadline)) return addSpan(entered, deadline, calendar, entered);
  const anchor = deadline.field !== undefined ? endOfDate(data[deadline.field]) : periodAnchor(deadline, entered, data);
  return anchor && deadline.after ? addSpan(anchor, deadline.after, calendar, entered) : anchor;
}

export function isAnchored(deadline: Deadline): deadline is AnchoredDeadline {
  return typeof deadline === 'object' && !('workingDays' in deadline);
}

function periodAnchor({ periodEnd: period, of }: AnchoredDeadline, entered: Date, data: Record<string, unknown>): Date | undefined {
  const from = of === undefined ? entered : startOfDate(data[of]);
  return from && period && periodEnd(from, period);
}
