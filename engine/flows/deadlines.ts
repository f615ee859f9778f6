import type { AnchoredDeadline, Duration } from './generated/flow.js';
import type { FlowDefinition } from './flow-definition.js';
import { stateMeta } from './flow-inspection.js';
import { endOfDate, periodEnd, startOfDate } from '../domain/calendar-period.js';
import { addDuration, parseDuration } from '../domain/duration.js';

/** A state's deadline as a pack writes it: a duration from entering the state, or anchored to a date (workflows/README.md). */
export type Deadline = Duration | AnchoredDeadline;

/**
 * The deadlines of the active states after a transition, from the item's data after it:
 * - a newly entered state with meta.deadline gets one: a duration counts from the event's time
 *   (domain/duration.ts: calendar months and days in the county's time zone), an anchored one
 *   from its date;
 * - a state that stays active keeps its deadline, unless it is read from the item's data, which
 *   may have changed (a meeting moved to another day);
 * - a state left loses it, and so does one whose date field is empty.
 * dueAt is the earliest.
 */
export function nextDeadlines(
  flow: FlowDefinition,
  previous: Record<string, string>,
  activePaths: string[],
  enteredPaths: Set<string>,
  at: Date,
  data: Record<string, unknown>,
): { deadlines: Record<string, string>; dueAt: Date | null } {
  const deadlines: Record<string, string> = {};
  for (const path of activePaths) {
    const deadline = stateMeta(flow, path)?.deadline;
    if (!deadline) continue;
    const kept = !enteredPaths.has(path) && !readsData(deadline) ? previous[path] : undefined;
    const due = kept ?? deadlineOf(deadline, at, data)?.toISOString();
    if (due) deadlines[path] = due;
  }
  const times = Object.values(deadlines).map((d) => Date.parse(d));
  return { deadlines, dueAt: times.length ? new Date(Math.min(...times)) : null };
}

function readsData(deadline: Deadline): boolean {
  return typeof deadline !== 'string' && (deadline.field !== undefined || deadline.of !== undefined);
}

/** When a state entered at `entered` is due, given the item's data; undefined when its date field holds no date. */
function deadlineOf(deadline: Deadline, entered: Date, data: Record<string, unknown>): Date | undefined {
  if (typeof deadline === 'string') return addDuration(entered, dueIn(deadline));
  const anchor = deadline.field !== undefined ? endOfDate(data[deadline.field]) : periodAnchor(deadline, entered, data);
  return anchor && deadline.after ? addDuration(anchor, dueIn(deadline.after)) : anchor;
}

function periodAnchor({ periodEnd: period, of }: AnchoredDeadline, entered: Date, data: Record<string, unknown>): Date | undefined {
  const from = of === undefined ? entered : startOfDate(data[of]);
  return from && period && periodEnd(from, period);
}

/** A published duration: the pack check refused any other (pack-validator.ts). */
function dueIn(duration: Duration) {
  const parsed = parseDuration(duration);
  if (!parsed) throw new Error(`unsupported duration ${duration}`);
  return parsed;
}
