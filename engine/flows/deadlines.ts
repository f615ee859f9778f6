import type { FlowDefinition } from './flow-definition.js';
import { stateMeta } from './flow-inspection.js';
import { addDuration, parseDuration } from '../domain/duration.js';

/**
 * The deadlines of the active states after a transition: a state that stays active keeps
 * its deadline, a newly entered state with meta.deadline gets one counted from the event's
 * time (domain/duration.ts: calendar months and days in the county's time zone), a state left
 * loses it. dueAt is the earliest.
 */
export function nextDeadlines(
  flow: FlowDefinition,
  previous: Record<string, string>,
  activePaths: string[],
  enteredPaths: Set<string>,
  at: Date,
): { deadlines: Record<string, string>; dueAt: Date | null } {
  const deadlines: Record<string, string> = {};
  for (const path of activePaths) {
    const deadline = stateMeta(flow, path)?.deadline;
    if (!deadline) continue;
    deadlines[path] = !enteredPaths.has(path) && previous[path] ? previous[path] : addDuration(at, dueIn(deadline)).toISOString();
  }
  const times = Object.values(deadlines).map((d) => Date.parse(d));
  return { deadlines, dueAt: times.length ? new Date(Math.min(...times)) : null };
}

/** A published deadline's duration: the pack check refused any other (pack-validator.ts). */
function dueIn(deadline: string) {
  const duration = parseDuration(deadline);
  if (!duration) throw new Error(`unsupported duration ${deadline}`);
  return duration;
}
