import type { LocalizedText } from '../../forms/index.js';
import type { Actions, Deadline, Recipients, Span, StateConfig } from './flow-definition.js';
import type { Guard } from './generated/catalogue.js';
import { statesOf } from './flow-inspection.js';

/**
 * The events the engine itself sends an item when time runs out, one per timer a state declares
 * (flow.schema.json): a delayed transition (`after`), a reminder before the state's deadline, a
 * step of the escalation ladder after it. Each is named after its state and place, so that a
 * parent's timer and a child's never answer for each other, and it is the timer's key in the
 * item's schedule (flows/schedule.ts). No user can send them (item-service.ts).
 */
export type TimerKind = 'after' | 'remind' | 'escalate';

export interface TimerEvent {
  type: string;
  kind: TimerKind;
  /** The state whose timer it is: leaving it cancels the timer. */
  path: string;
  index: number;
  label: LocalizedText;
  /** after: when, from entering the state. */
  delay?: Deadline;
  /** remind: how long before the deadline; escalate: how long after it (at it when absent). */
  offset?: Span;
  /** remind, escalate: who is told (the assignee when absent). */
  notify?: Recipients;
  /** after, escalate: the transition taken when it fires (a reminder moves nothing). */
  transition?: { target?: string; guard?: Guard; actions?: Actions };
}

const PREFIX = 'engine.';

export const REMINDER_LABEL: LocalizedText = { 'zh-CN': '到期提醒', en: 'Reminder before the deadline' };

export function timerEventType(kind: TimerKind, path: string, index: number): string {
  return `${PREFIX}${kind}.${path}.${index}`;
}

/** The timers a state declares, in the order it declares them. */
export function stateTimers(path: string, state: StateConfig): TimerEvent[] {
  const after = (state.after ?? []).map((entry, index): TimerEvent => {
    const { delay, meta, description: _description, ...transition } = entry;
    return { type: timerEventType('after', path, index), kind: 'after', path, index, label: meta.label, delay, transition };
  });
  const remind = (state.meta.reminders ?? []).map(
    (r, index): TimerEvent => ({ type: timerEventType('remind', path, index), kind: 'remind', path, index, label: REMINDER_LABEL, offset: r.before, notify: r.notify }),
  );
  const escalate = (state.meta.escalation ?? []).map(
    (step, index): TimerEvent => ({
      type: timerEventType('escalate', path, index),
      kind: 'escalate',
      path,
      index,
      label: step.label,
      offset: step.after,
      notify: step.notify,
      transition: step.target === undefined ? undefined : { target: step.target },
    }),
  );
  return [...after, ...remind, ...escalate];
}

/** Every timer event of a flow, by type (published flows never change: computed once per flow). */
export function timerEventsOf(flow: { states: Record<string, StateConfig> }): Map<string, TimerEvent> {
  const known = byFlow.get(flow);
  if (known) return known;
  const events = new Map<string, TimerEvent>();
  for (const { path, state } of statesOf(flow as Parameters<typeof statesOf>[0])) for (const timer of stateTimers(path, state)) events.set(timer.type, timer);
  byFlow.set(flow, events);
  return events;
}

const byFlow = new WeakMap<object, Map<string, TimerEvent>>();
