import { assign, setup, type AnyStateMachine } from 'xstate';
import { ACTIONS, GUARDS } from './catalogue.js';
import type { FlowDefinition, StateConfig } from './flow-definition.js';
import { stateTimers } from './timer-events.js';
import type { FlowEvent, FlowInput, ItemContext } from './flow-event.js';
import { ASSIGNMENT_KEY, assignmentOf } from '../domain/assignment.js';

type Args = { context: ItemContext; event: FlowEvent };
type Params = Record<string, unknown> | undefined;

const guards = Object.fromEntries(
  Object.entries(GUARDS).map(([name, entry]) => [name, ({ context, event }: Args, params: Params) => entry.test({ context, event }, params ?? {})]),
);
const actions = Object.fromEntries(
  Object.entries(ACTIONS).map(([name, entry]) => [
    name,
    assign<ItemContext, FlowEvent, Params, FlowEvent, never>(({ context, event }, params) => entry.assign({ context, event }, params ?? {})),
  ]),
);

/**
 * The engine's own events on an assigned item, which every flow accepts in every state without
 * moving it: a unit member claims the work (or hands it to another member), and releases it.
 * They are recorded, sealed and replayed like any event; the item service decides who may send them.
 */
export const CLAIM_EVENT = 'engine.claim';
export const RELEASE_EVENT = 'engine.release';

const claimActions = {
  claimAssignment: assign<ItemContext, FlowEvent, Params, FlowEvent, never>(({ context, event }) => {
    const assignment = assignmentOf(context);
    const to = typeof event.payload?.userId === 'string' ? event.payload.userId : event.actor.id;
    return assignment ? { [ASSIGNMENT_KEY]: { ...assignment, claimedBy: to } } : {};
  }),
  releaseAssignment: assign<ItemContext, FlowEvent, Params, FlowEvent, never>(({ context }) => {
    const assignment = assignmentOf(context);
    if (!assignment) return {};
    const { claimedBy: _released, ...rest } = assignment;
    return { [ASSIGNMENT_KEY]: rest };
  }),
};

/** The catalogue bound once; every flow machine is created from it. */
const flowSetup = setup({
  types: {} as { context: ItemContext; events: FlowEvent; input: FlowInput },
  guards,
  actions: { ...actions, ...claimActions },
});

/** The machine config a flow file holds, as XState takes it. */
type MachineConfig = Parameters<typeof flowSetup.createMachine>[0];

/**
 * Builds the XState machine of a flow. The start form's payload becomes the item's data,
 * over the flow's declared initial context. Throws when XState refuses the config
 * (e.g. a target that does not exist); the pack validator reports that per file.
 */
export function createFlowMachine(flow: FlowDefinition): AnyStateMachine {
  const { meta, context, ...config } = flow;
  const machine = { ...config, states: withTimerEvents(config.states, '') } as unknown as MachineConfig;
  return flowSetup.createMachine({
    // A flow file names guards and actions as strings; the pack validator checked each name
    // and its params against the catalogue, which XState's types cannot know of a JSON file.
    ...machine,
    on: { ...machine.on, [CLAIM_EVENT]: { actions: 'claimAssignment' }, [RELEASE_EVENT]: { actions: 'releaseAssignment' } },
    meta,
    context: ({ input }: { input: FlowInput }) => ({ ...(context ?? {}), ...input.payload }),
  });
}

/**
 * The states with their timers as events (flows/timer-events.ts): a delayed transition or an
 * escalation step that moves the item becomes the state's transition for its timer event, a
 * reminder or a step that only notifies a transition that does nothing. XState's own `after`
 * is not used: its timers live in the running actor and are not restored with a snapshot
 * (xstate#5331), and its delays are milliseconds, not calendar months or working days. The
 * engine keeps the timers with the item and sends these events when they are due.
 */
function withTimerEvents(states: Record<string, StateConfig> | undefined, prefix: string): Record<string, unknown> | undefined {
  if (!states) return undefined;
  return Object.fromEntries(
    Object.entries(states).map(([key, state]) => {
      const path = prefix + key;
      const { after: _after, ...rest } = state;
      // meta carries the timer's label only (for diagrams): no roles, so no user is offered it (flow-inspection.ts).
      const timers = stateTimers(path, state).map((timer) => [timer.type, { ...(timer.transition ?? { actions: [] }), meta: { label: timer.label } }]);
      const on = timers.length ? { ...state.on, ...Object.fromEntries(timers) } : state.on;
      return [key, { ...rest, ...(on ? { on } : {}), ...(state.states ? { states: withTimerEvents(state.states, `${path}.`) } : {}) }];
    }),
  );
}
