import { assign, setup, type AnyStateMachine } from 'xstate';
import { ACTIONS, GUARDS } from './catalogue.js';
import type { FlowDefinition } from './flow-definition.js';
import type { FlowEvent, FlowInput, ItemContext } from './flow-event.js';

const guards = Object.fromEntries(
  Object.entries(GUARDS).map(([name, entry]) => [name, (args: any, params: any) => entry.test(args, params ?? {})]),
);
const actions = Object.fromEntries(
  Object.entries(ACTIONS).map(([name, entry]) => [name, assign((args: any, params: any) => entry.assign(args, params ?? {}))]),
);

/** The catalogue bound once; every flow machine is created from it. */
const flowSetup = setup({
  types: {} as { context: ItemContext; events: FlowEvent; input: FlowInput },
  guards: guards as any,
  actions: actions as any,
});

/**
 * Builds the XState machine of a flow. The start form's payload becomes the item's data,
 * over the flow's declared initial context. Throws when XState refuses the config
 * (e.g. a target that does not exist); the pack validator reports that per file.
 */
export function createFlowMachine(flow: FlowDefinition): AnyStateMachine {
  const { meta, context, ...config } = flow;
  return flowSetup.createMachine({
    ...(config as any),
    meta,
    context: ({ input }: { input: FlowInput }) => ({ ...(context ?? {}), ...input.payload }),
  });
}
