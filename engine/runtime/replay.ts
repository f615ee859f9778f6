import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import type { FlowEvent, FlowInput } from '../flows/flow-event.js';
import type { EventRecord } from '../domain/event-record.js';

/** The creation event's type: XState's own name for the initial transition. */
export const CREATE_EVENT = 'xstate.init';

/** The machine event a stored event row stands for. */
export function toFlowEvent(event: EventRecord): FlowEvent {
  return {
    type: event.type,
    payload: (event.payload ?? {}) as Record<string, unknown>,
    actor: { id: event.actorId, role: event.role },
    at: event.createdAt.toISOString(),
  };
}

/** The machine input a creation event stands for: its payload, and what the engine put into the item's data (its origin's context). */
export function toFlowInput(event: EventRecord): FlowInput {
  const { payload, actor, at } = toFlowEvent(event);
  return { payload: { ...payload, ...event.origin?.context }, actor, at };
}

/**
 * Rebuilds an item's snapshot from its event log alone, from the start. The stored snapshot
 * must always equal this: it is what makes the log, not the snapshot, the record.
 */
export function replay(machine: AnyStateMachine, events: EventRecord[]): unknown {
  const [first, ...rest] = events;
  if (!first || first.type !== CREATE_EVENT) throw new Error('an event log starts with the creation event');
  let [snapshot] = initialTransition(machine, toFlowInput(first));
  for (const event of rest) [snapshot] = transition(machine, snapshot, toFlowEvent(event));
  return JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot)));
}
