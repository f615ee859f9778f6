import { getNextTransitions, type AnyMachineSnapshot, type AnyStateMachine, type StateValue } from 'xstate';
import type { FlowDefinition, StateConfig, StateMeta, TransitionConfig, TransitionMeta } from './flow-definition.js';

/** Every active state path, parents included: { handling: { a: 'x' } } → handling, handling.a, handling.a.x. */
export function statePaths(value: StateValue, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix + value];
  const out: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    out.push(prefix + key);
    if (inner) out.push(...statePaths(inner as StateValue, `${prefix}${key}.`));
  }
  return out;
}

/** The active leaf states, the ones a user thinks of as "where the item is". */
export function leafStatePaths(value: StateValue): string[] {
  const all = statePaths(value);
  return all.filter((path) => !all.some((other) => other.startsWith(path + '.')));
}

/** The state config at a dotted path, or undefined. */
export function stateAt(flow: FlowDefinition, path: string): StateConfig | undefined {
  let states: Record<string, StateConfig> | undefined = flow.states;
  let node: StateConfig | undefined;
  for (const key of path.split('.')) {
    node = states?.[key];
    if (!node) return undefined;
    states = node.states;
  }
  return node;
}

export function stateMeta(flow: FlowDefinition, path: string): StateMeta | undefined {
  return stateAt(flow, path)?.meta;
}

/** An event the item accepts now, with who may send it and which form it carries. */
export interface EnabledEvent {
  type: string;
  meta: TransitionMeta;
}

/**
 * The user events the current snapshot has transitions for (guards not evaluated: they
 * depend on the payload); never the engine's timer events, which no role sends. Alternatives of one event agree on meta (the validator checks),
 * so the first one speaks for the event.
 */
export function enabledEvents(snapshot: AnyMachineSnapshot): EnabledEvent[] {
  if (snapshot.status !== 'active') return [];
  const byType = new Map<string, EnabledEvent>();
  for (const t of getNextTransitions(snapshot)) {
    const type = t.eventType;
    // A transition no role may send (the engine's timer events: meta with a label only) is never offered.
    if (!type || type.startsWith('xstate.') || !(t.meta as TransitionMeta | undefined)?.roles || byType.has(type)) continue;
    byType.set(type, { type, meta: t.meta as TransitionMeta });
  }
  return [...byType.values()];
}

/** Every transition an event has anywhere in the flow. */
export function transitionsOf(flow: FlowDefinition): Array<{ source: string; event: string; transition: TransitionConfig }> {
  const out: Array<{ source: string; event: string; transition: TransitionConfig }> = [];
  const visit = (on: StateConfig['on'], source: string) => {
    for (const [event, value] of Object.entries(on ?? {})) {
      for (const transition of Array.isArray(value) ? value : [value]) out.push({ source, event, transition });
    }
  };
  visit(flow.on, '');
  const walk = (states: Record<string, StateConfig> | undefined, prefix: string) => {
    for (const [key, state] of Object.entries(states ?? {})) {
      visit(state.on, prefix + key);
      walk(state.states, `${prefix}${key}.`);
    }
  };
  walk(flow.states, '');
  return out;
}

/** The ids of the forms a flow's data can come from: its start form, then each event's, once each. */
export function flowFormIds(flow: FlowDefinition): string[] {
  const ids = [flow.meta.start.form, ...transitionsOf(flow).map((t) => t.transition.meta?.form)];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

/** The roles that supervise the flow's assignments (assignTo's supervisors): assigned work waits for them too. */
export function supervisingRoles(flow: FlowDefinition): Set<string> {
  const roles = new Set<string>();
  for (const { transition } of transitionsOf(flow))
    for (const action of [transition.actions ?? []].flat())
      if (typeof action === 'object' && action.type === 'assignTo') for (const role of (action.params as { supervisors?: string[] }).supervisors ?? []) roles.add(role);
  return roles;
}

/** Roles that may send each event type somewhere in the flow. */
export function eventRoles(flow: FlowDefinition): Map<string, Set<string>> {
  const known = rolesByFlow.get(flow);
  if (known) return known;
  const roles = new Map<string, Set<string>>();
  for (const { event, transition } of transitionsOf(flow)) {
    const set = roles.get(event) ?? new Set<string>();
    for (const role of transition.meta?.roles ?? []) set.add(role);
    roles.set(event, set);
  }
  rolesByFlow.set(flow, roles);
  return roles;
}

/** eventRoles per flow: a published flow never changes, and every event asks. */
const rolesByFlow = new WeakMap<FlowDefinition, Map<string, Set<string>>>();

/** Restores a stored snapshot into the machine it came from. */
export function restoreSnapshot(machine: AnyStateMachine, stored: unknown): AnyMachineSnapshot {
  // Stored snapshots are JSON the engine itself persisted from this machine (item-derivation.ts).
  return machine.resolveState(stored as Parameters<AnyStateMachine['resolveState']>[0]);
}

/** Every state of a flow with its dotted path, parents before children. */
export function statesOf(flow: FlowDefinition): Array<{ path: string; state: StateConfig }> {
  const out: Array<{ path: string; state: StateConfig }> = [];
  const walk = (states: Record<string, StateConfig> | undefined, prefix: string) => {
    for (const [key, state] of Object.entries(states ?? {})) {
      out.push({ path: prefix + key, state });
      walk(state.states, `${prefix}${key}.`);
    }
  };
  walk(flow.states, '');
  return out;
}
