import { initialTransition, transition, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { nextSchedule } from '../flows/schedule.js';
import type { WorkingDayCalendar } from '../flows/span.js';
import { assigneeKey, assignmentOf } from '../domain/assignment.js';
import { statePaths } from '../flows/flow-inspection.js';
import type { RuntimeFlow } from '../packs/pack-registry.js';
import type { EventRecord } from '../domain/event-record.js';
import type { ItemRecord } from '../domain/item-record.js';
import { itemTitle } from './item-view.js';
import { CREATE_EVENT, toFlowEvent, toFlowInput } from './replay.js';

/** A persisted XState snapshot as the engine stores it. */
export type Snapshot = { value: StateValue; context: Record<string, unknown>; status: string };

/** What an item row holds that follows from its snapshot after an event. */
export type DerivedFields = Pick<ItemRecord, 'statePaths' | 'status' | 'title' | 'deadlines' | 'dueAt' | 'schedule' | 'assignee'>;

/** The snapshot as stored: a JSON round trip, so what is written is exactly what is read back. */
export function persist(runtime: RuntimeFlow, snapshot: AnyMachineSnapshot): Snapshot {
  return JSON.parse(JSON.stringify(runtime.machine.getPersistedSnapshot(snapshot)));
}

/** The event a row's fields are derived after: its type (none for the creation event) and time. */
export interface DerivationStep {
  eventType?: string;
  at: Date;
  /** The county's working-day calendar, read as it was at the event's time. */
  calendar: WorkingDayCalendar;
}

/**
 * The item row's fields after an event, from the new snapshot and the row before it (none for
 * the creation event). The one rule the service writes with and verification replays with:
 * deadlines and timers as flows/schedule.ts moves them on.
 */
export function deriveFields(runtime: RuntimeFlow, snapshot: Snapshot, before: DerivedFields | undefined, step: DerivationStep): DerivedFields {
  const paths = statePaths(snapshot.value);
  const { deadlines, dueAt, schedule } = nextSchedule(runtime.flow, before, { ...step, paths, data: snapshot.context });
  const assignment = assignmentOf(snapshot.context);
  // A finished item waits for no one: its assignment stays in its data, not in the lists.
  const assignee = assignment && snapshot.status !== 'done' ? assigneeKey(assignment) : null;
  return { statePaths: paths, status: snapshot.status === 'done' ? 'done' : 'active', title: itemTitle(runtime, snapshot.context), deadlines, dueAt, schedule, assignee };
}

/**
 * The item row its event log implies: every event replayed through the flow from the start,
 * the fields derived after each. Throws when the log cannot be replayed (an event the flow
 * does not accept): the verifier reports that as a mismatch.
 */
export function itemFromLog(runtime: RuntimeFlow, events: EventRecord[], calendar: WorkingDayCalendar): ItemRecord {
  const [first, ...rest] = events;
  if (!first || first.type !== CREATE_EVENT) throw new Error('an event log starts with the creation event');
  let [machineSnapshot] = initialTransition(runtime.machine, toFlowInput(first));
  let snapshot = persist(runtime, machineSnapshot);
  let fields = deriveFields(runtime, snapshot, undefined, { at: first.createdAt, calendar });
  for (const event of rest) {
    [machineSnapshot] = transition(runtime.machine, machineSnapshot, toFlowEvent(event));
    snapshot = persist(runtime, machineSnapshot);
    fields = deriveFields(runtime, snapshot, fields, { eventType: event.type, at: event.createdAt, calendar });
  }
  const last = events[events.length - 1];
  return {
    countyId: first.countyId,
    id: first.itemId,
    packId: first.origin?.packId ?? runtime.pack.packId,
    packVersion: first.packVersion,
    flowId: first.origin?.flowId ?? runtime.flow.id,
    stationId: first.origin ? first.origin.stationId : null,
    snapshot,
    ...fields,
    version: events.length,
    createdBy: first.actorId,
    createdAt: first.createdAt,
    updatedAt: last.createdAt,
    headHash: last.hash,
  };
}
