/**
 * What "overdue" and "due soon" mean for supervision (督办, issue 11), in one place for the
 * supervision view and the item list's `due` filter, so a count in the view opens exactly the
 * items it counted. Both read an active item's running deadline (items.due_at: null when it has
 * none or while its clock is paused, so a paused item is neither).
 */
export type DueWindow = 'overdue' | 'soon';

export const DUE_WINDOWS = ['overdue', 'soon'] as const satisfies readonly DueWindow[];

/** How far ahead "due soon" looks by default: the item page's amber tag (DeadlineTag) uses the same day. */
export const DEFAULT_SOON_HOURS = 24;

/** The bounds a caller may set "soon" to: an hour to thirty days. */
export const SOON_HOURS = { min: 1, max: 720 } as const;

/** A range of deadlines: at or after `from` (unbounded when absent), before `before`. */
export interface DueRange {
  from?: Date;
  before: Date;
}

/** Overdue: the deadline has passed (due_at < now). Due soon: now ≤ due_at < now + soonHours. */
export function dueRange(window: DueWindow, now: Date, soonHours = DEFAULT_SOON_HOURS): DueRange {
  return window === 'overdue' ? { before: now } : { from: now, before: soonUntil(now, soonHours) };
}

/** The end of the "due soon" window. */
export function soonUntil(now: Date, soonHours = DEFAULT_SOON_HOURS): Date {
  return new Date(now.getTime() + soonHours * 3_600_000);
}
