import type { FlowDefinition } from './flow-definition.js';
import { statesOf } from './flow-inspection.js';

/**
 * Which states of a flow show its items on public boards. A state's meta.public applies to it
 * and to its child states, and a child's own value wins: a county can open a whole stage
 * ("handling": true) and still keep one step of it internal. Unset all the way up means not
 * shown, so a new state is private until someone decides otherwise.
 */
export function isPublicState(flow: FlowDefinition, path: string): boolean {
  if (!flow.meta.public) return false;
  const keys = path.split('.');
  let states = flow.states;
  let shown = false;
  for (const key of keys) {
    const state = states?.[key];
    if (!state) return false;
    if (state.meta.public !== undefined) shown = state.meta.public;
    states = state.states ?? {};
  }
  return shown;
}

/**
 * The public leaf states of a flow (those without child states). An item's stored state paths
 * always include its leaves, so matching on leaves alone selects exactly the items to show,
 * and the store can do it in SQL before the board's LIMIT.
 */
export function publicLeafPaths(flow: FlowDefinition): string[] {
  if (!flow.meta.public) return [];
  return statesOf(flow)
    .filter(({ path, state }) => !state.states && isPublicState(flow, path))
    .map(({ path }) => path);
}
