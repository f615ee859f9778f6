import type { FlowDefinition } from './flow-definition.js';
import { stateMeta } from './flow-inspection.js';

/** Milliseconds of an ISO 8601 duration of days and hours (P3D, PT48H, P1DT12H). */
export function durationMs(iso: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?)?$/.exec(iso);
  if (!match) throw new Error(`unsupported duration ${iso}`);
  return (Number(match[1] ?? 0) * 24 + Number(match[2] ?? 0)) * 3_600_000;
}

/**
 * The deadlines of the active states after a transition: a state that stays active keeps
 * its deadline, a newly entered state with meta.deadline gets one counted from the event's
 * time, a state left loses it. dueAt is the earliest.
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
    deadlines[path] = !enteredPaths.has(path) && previous[path] ? previous[path] : new Date(at.getTime() + durationMs(deadline)).toISOString();
  }
  const times = Object.values(deadlines).map((d) => Date.parse(d));
  return { deadlines, dueAt: times.length ? new Date(Math.min(...times)) : null };
}
