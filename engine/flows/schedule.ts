import type { FlowDefinition } from './flow-definition.js';
import { stateMeta, transitionsOf } from './flow-inspection.js';
import { deadlineOf, readsData } from './deadlines.js';
import { timerEventsOf, type TimerEvent } from './timer-events.js';
import type { ItemSchedule } from '../domain/item-record.js';
import { addSpan, spanBefore, type WorkingDayCalendar } from './span.js';
import { startIndexOf, startsOf, startTimerType } from '../domain/item-start.js';

/** What the schedule of an item was before an event (none for the event that creates it). */
export interface ScheduleBefore {
  statePaths: string[];
  deadlines: Record<string, string>;
  schedule: ItemSchedule;
}

/** The event the schedule moves on: its type (none at creation), time, the item's state and data after it. */
export interface ScheduleStep {
  eventType?: string;
  at: Date;
  paths: string[];
  data: Record<string, unknown>;
  calendar: WorkingDayCalendar;
}

export interface NextSchedule {
  deadlines: Record<string, string>;
  /** The earliest deadline whose clock runs: what lists sort and filter by. */
  dueAt: Date | null;
  schedule: ItemSchedule;
}

/**
 * The deadlines and timers of an item after an event: the one rule the engine writes with and a
 * replay of the log verifies with, so it reads nothing but its arguments.
 * - A state entered now gets its deadline (flows/deadlines.ts) and its timers: delayed
 *   transitions from now, reminders before the deadline, the escalation ladder after it.
 * - A state that stays keeps them, except that a deadline read from the item's data follows the
 *   data, an extension granted by this event moves it later (the ladder re-armed from the new
 *   date), and the timer this event is fires no more.
 * - The clock stands while the item is in a state with pauseClock: the other states' deadlines
 *   and their ladders are kept but not armed, and when it leaves, they are later by the time it
 *   stood (a deadline read from a date stays on that date).
 * - A state left loses its deadline, its timers and its extensions.
 * - An item this event starts (catalogue startItem) is a timer due now, kept whatever the state
 *   until the engine has started it; the schedule counts the starts armed so far.
 */
export function nextSchedule(flow: FlowDefinition, before: ScheduleBefore | undefined, step: ScheduleStep): NextSchedule {
  const { at, paths, data, calendar } = step;
  const timers = timerEventsOf(flow);
  const active = new Set(paths);
  const previous = new Set(before?.statePaths ?? []);
  const entered = (path: string) => !previous.has(path);
  const stays = (path: string) => active.has(path) && !entered(path);
  const stands = standing(flow, paths);

  const pending: Record<string, string> = Object.fromEntries(
    Object.entries(before?.schedule.timers ?? {}).filter(
      ([type]) => type !== step.eventType && (startIndexOf(type) !== undefined || stays(timers.get(type)?.path ?? '')),
    ),
  );
  const starts = startsOf(data).length;
  for (let index = before?.schedule.starts ?? 0; index < starts; index += 1) pending[startTimerType(index)] = at.toISOString();
  const extensions = Object.fromEntries(Object.entries(before?.schedule.extensions ?? {}).filter(([path]) => stays(path)));
  const extension = step.eventType ? extensionBy(flow, before?.statePaths ?? [], step.eventType) : undefined;
  // How long the clock stood, when it starts again with this event.
  const pausedAt = before?.schedule.pausedAt;
  const resumed = pausedAt && !stands.size ? at.getTime() - Date.parse(pausedAt) : 0;
  const stoodBefore = resumed ? standing(flow, before?.statePaths ?? []) : new Set<string>();
  const later = (iso: string) => new Date(Date.parse(iso) + resumed).toISOString();

  const deadlines: Record<string, string> = {};
  for (const path of paths) {
    const deadline = stateMeta(flow, path)?.deadline;
    if (!deadline) continue;
    const kept = stays(path) ? before?.deadlines[path] : undefined;
    let due: string | undefined;
    let rearm = true;
    if (kept === undefined || readsData(deadline)) due = deadlineOf(deadline, at, data, calendar)?.toISOString();
    else if (extension?.state === path) {
      due = addSpan(new Date(kept), extension.by, calendar, at).toISOString();
      extensions[path] = (extensions[path] ?? 0) + 1;
    } else if (stoodBefore.has(path)) {
      due = later(kept);
      for (const timer of ladderOf(timers, path)) if (pending[timer.type]) pending[timer.type] = later(pending[timer.type]);
      rearm = false;
    } else {
      due = kept;
      rearm = false;
    }
    if (due === kept && kept !== undefined) rearm = false;
    if (due) deadlines[path] = due;
    if (!rearm) continue;
    for (const timer of ladderOf(timers, path)) {
      delete pending[timer.type];
      if (due) pending[timer.type] = ladderTime(timer, new Date(due), calendar, at).toISOString();
    }
  }

  for (const timer of timers.values()) {
    if (timer.kind !== 'after' || !active.has(timer.path) || !timer.delay) continue;
    // Entering arms it; one read from the data follows the data while it is still to fire.
    if (!entered(timer.path) && !(readsData(timer.delay) && pending[timer.type])) continue;
    const due = deadlineOf(timer.delay, at, data, calendar);
    if (due) pending[timer.type] = due.toISOString();
    else delete pending[timer.type];
  }

  const running = Object.entries(deadlines).filter(([path]) => !stands.has(path)).map(([, due]) => Date.parse(due));
  return {
    deadlines,
    dueAt: running.length ? new Date(Math.min(...running)) : null,
    schedule: compact({ timers: pending, pausedAt: stands.size ? (pausedAt ?? at.toISOString()) : undefined, extensions, starts }),
  };
}

/**
 * The timers to arm (the timers table): the pending ones, less those of deadlines whose clock
 * stands. They fire in order of their due time.
 */
export function armedTimers(flow: FlowDefinition, schedule: ItemSchedule, paths: string[]): Record<string, string> {
  const stands = standing(flow, paths);
  const timers = timerEventsOf(flow);
  return Object.fromEntries(Object.entries(schedule.timers ?? {}).filter(([type]) => !stands.has(timers.get(type)?.path ?? '')));
}

/**
 * The extension an event grants (transition meta extendDeadline): the state whose deadline moves
 * and by how much, and how many times it may. The deepest active state with a transition for
 * the event decides, as XState's choice does.
 */
export function extensionBy(flow: FlowDefinition, paths: string[], eventType: string) {
  const candidates = transitionsOf(flow)
    .filter((t) => t.event === eventType && (t.source === '' || paths.includes(t.source)) && t.transition.meta?.extendDeadline)
    .sort((a, b) => b.source.split('.').length - a.source.split('.').length);
  const found = candidates[0];
  if (!found?.transition.meta?.extendDeadline) return undefined;
  const { state, by, limit } = found.transition.meta.extendDeadline;
  return { state: state ?? found.source, by, limit };
}

/** The paths whose deadlines stand: every active one outside the states that pause the clock (and their children). */
function standing(flow: FlowDefinition, paths: string[]): Set<string> {
  const pausing = paths.filter((path) => stateMeta(flow, path)?.pauseClock === true);
  if (!pausing.length) return new Set();
  return new Set(paths.filter((path) => !pausing.some((p) => path === p || path.startsWith(`${p}.`))));
}

/** A state's reminders and escalation steps: the timers that hang on its deadline. */
function ladderOf(timers: Map<string, TimerEvent>, path: string): TimerEvent[] {
  return [...timers.values()].filter((t) => t.path === path && t.kind !== 'after');
}

function ladderTime(timer: TimerEvent, due: Date, calendar: WorkingDayCalendar, at: Date): Date {
  if (!timer.offset) return due;
  return timer.kind === 'remind' ? spanBefore(due, timer.offset, calendar, at) : addSpan(due, timer.offset, calendar, at);
}

/** The schedule as stored: empty parts left out, so an item without timers stores {} (and a replay agrees). */
function compact(schedule: Required<Pick<ItemSchedule, 'timers' | 'extensions' | 'starts'>> & Pick<ItemSchedule, 'pausedAt'>): ItemSchedule {
  const out: ItemSchedule = {};
  if (Object.keys(schedule.timers).length) out.timers = sortKeys(schedule.timers);
  if (schedule.pausedAt) out.pausedAt = schedule.pausedAt;
  if (Object.keys(schedule.extensions).length) out.extensions = sortKeys(schedule.extensions);
  if (schedule.starts) out.starts = schedule.starts;
  return out;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
