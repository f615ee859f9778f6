import type { StateValue } from 'xstate';
import type { FormDefinition, LocalizedText } from '../../forms/index.js';
import { leafStatePaths, stateMeta } from '../flows/flow-inspection.js';
import { assignmentOf, type AssigneeKind, type ClaimOption } from '../domain/assignment.js';
import { timerEventsOf, type TimerKind } from '../flows/timer-events.js';
import { armedTimers } from '../flows/schedule.js';
import type { RuntimeFlow } from '../packs/pack-registry.js';
import type { ItemRecord } from '../domain/item-record.js';
import { dutyOf, type DutyContext } from '../domain/duty.js';
import type { User } from '../domain/user.js';
import { personalDataFor } from './personal-access.js';
import type { RelatedItems } from './related-items.js';

/** Where an item is: its leaf states with their labels (several when branches run in parallel). */
export interface StateView {
  value: StateValue;
  paths: string[];
  labels: LocalizedText[];
  /** Outcome label of a final state (办结, 不予受理), when the item is done. */
  outcome?: LocalizedText;
}

export interface ItemSummary {
  id: string;
  packId: string;
  packVersion: string;
  flowId: string;
  flowTitle: LocalizedText;
  stationId: string | null;
  title: string;
  status: 'active' | 'done';
  state: StateView;
  /** The flow's listFields, in order, from the item's data. */
  fields: Record<string, unknown>;
  /** Who started it; null when the engine did. */
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  dueAt: string | null;
  /** Its clock stands (it waits on its submitter): no deadline runs. */
  paused: boolean;
  version: number;
  /** Who the current work is assigned to (none once the item is done). */
  assignment: { kind: AssigneeKind; id: string; claimedBy: string | null } | null;
}

export interface UpcomingTimer {
  type: string;
  kind: TimerKind;
  label: LocalizedText;
  at: string;
}

export interface ActionView {
  type: string;
  label: LocalizedText;
  form: FormDefinition | null;
}

export interface ItemView extends ItemSummary {
  data: Record<string, unknown>;
  deadlines: Record<string, string>;
  /** When the item's clock stopped (it waits on the submitter): its deadlines stand until it runs again; null while it runs. */
  pausedAt: string | null;
  /** Extensions granted per state during the current stay there. */
  extensions: Record<string, number>;
  /** What the engine will do and when, earliest first: reminders, escalation steps, delayed transitions. */
  upcoming: UpcomingTimer[];
  /** The recurring duty the engine opened it for (its task, or the follow-up of a miss); null for any other item. */
  duty: DutyContext | null;
  /** The item that started it and the items it started (or, for a duty's task, the follow-up of its miss). */
  related: RelatedItems;
  /** The events this user may send now, each with the form it carries. */
  actions: ActionView[];
  /** What this user may do with a unit's claim on the work: claim, release, hand over. */
  claimOptions: ClaimOption[];
}

export function stateView(runtime: RuntimeFlow, value: StateValue): StateView {
  const paths = leafStatePaths(value);
  const metas = paths.map((p) => stateMeta(runtime.flow, p));
  const labels = metas.map((m, i) => m?.label ?? { 'zh-CN': paths[i], en: paths[i] });
  const outcome = metas.find((m) => m?.outcome)?.outcome;
  return { value, paths, labels, ...(outcome ? { outcome } : {}) };
}

/** An item as a list shows it to this viewer: its list fields with personal data masked unless they read it (personal-access.ts). */
export function itemSummary(runtime: RuntimeFlow, item: ItemRecord, viewer: Pick<User, 'id' | 'roles'>, snapshot = item.snapshot as { value: StateValue; context: Record<string, unknown> }): ItemSummary {
  const listed = Object.fromEntries(runtime.flow.meta.listFields.map((f) => [f, snapshot.context?.[f] ?? null]));
  const fields = personalDataFor(runtime, viewer, item.createdBy, listed);
  return {
    id: item.id,
    packId: item.packId,
    packVersion: item.packVersion,
    flowId: item.flowId,
    flowTitle: runtime.flow.meta.title,
    stationId: item.stationId,
    title: item.title,
    status: item.status,
    state: stateView(runtime, snapshot.value),
    fields,
    createdBy: item.createdBy,
    createdAt: item.createdAt.toISOString(),
    updatedAt: item.updatedAt.toISOString(),
    dueAt: item.dueAt?.toISOString() ?? null,
    paused: item.schedule.pausedAt !== undefined,
    version: item.version,
    assignment: summaryAssignment(item, snapshot.context),
  };
}

function summaryAssignment(item: ItemRecord, context: Record<string, unknown> | undefined): ItemSummary['assignment'] {
  const assignment = item.status === 'active' && context ? assignmentOf(context) : undefined;
  return assignment ? { kind: assignment.kind, id: assignment.id, claimedBy: assignment.claimedBy ?? null } : null;
}

/** The item's title in lists: its first list field, or the flow's title when that is empty. */
export function itemTitle(runtime: RuntimeFlow, context: Record<string, unknown>): string {
  const value = context[runtime.flow.meta.listFields[0]];
  if (typeof value === 'string' && value) return value.slice(0, 200);
  // An item the engine opened for a duty, before anyone named it: the flow and the period it is for.
  const duty = dutyOf(context);
  return duty ? `${runtime.flow.meta.title['zh-CN']}（${duty.period}）` : runtime.flow.meta.title['zh-CN'];
}

/** The item's armed timers in its users' words (flows/timer-events.ts), earliest first; none while its clock stands for them. */
export function upcomingTimers(runtime: RuntimeFlow, item: Pick<ItemRecord, 'schedule' | 'statePaths'>): UpcomingTimer[] {
  const timers = timerEventsOf(runtime.flow);
  return Object.entries(armedTimers(runtime.flow, item.schedule, item.statePaths))
    .flatMap(([type, at]) => {
      const timer = timers.get(type);
      return timer ? [{ type, kind: timer.kind, label: timer.label, at }] : [];
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
