import type { FormDefinition, JsonSchema } from '../../forms/index.js';
import type { Named, StateConfig } from '../flows/flow-definition.js';
import type { FlowDefinition } from '../flows/flow-definition.js';
import { flowFormIds } from '../flows/flow-inspection.js';
import type { StartItemAction } from '../flows/generated/catalogue.js';
import type { PackContent } from './pack-content.js';
import type { ReportProblem } from './pack-problems.js';

/** What the checks read of the pack: its sound forms and flows, and every flow with a file. */
export interface StartItemPack {
  forms: PackContent['forms'];
  flows: PackContent['flows'];
  declaredFlows: ReadonlySet<string>;
}

type Params = StartItemAction['params'];

/**
 * A startItem action's params beyond their schema, for one action of a flow file: the flow it
 * starts is one of the pack's; each field it copies is a field of this flow's forms or initial
 * context; when the new item's flow has a start form, every field given is a field of that
 * form and every field the form requires is given (the engine fills no form in: the data is
 * what this item holds). A check that needs a form or flow with problems of its own stays silent.
 */
export function checkStartItem(flow: FlowDefinition, pack: StartItemPack, params: Params, at: string, problem: ReportProblem): void {
  const file = `flows/${flow.id}.json`;
  if (!pack.declaredFlows.has(params.flow)) {
    problem(file, `${at}/params/flow`, 'START_FLOW_UNKNOWN', { flowId: params.flow });
    return;
  }
  const mapping = Array.isArray(params.fields) ? Object.fromEntries(params.fields.map((f, i) => [f, { from: f, pointer: `${at}/params/fields/${i}` }])) : Object.fromEntries(Object.entries(params.fields ?? {}).map(([to, from]) => [to, { from, pointer: `${at}/params/fields/${escape(to)}` }]));
  const own = formsOf(pack, flowFormIds(flow));
  if (own) {
    const known = new Set([...own.flatMap((f) => Object.keys(properties(f))), ...Object.keys(flow.context ?? {})]);
    for (const { from, pointer } of Object.values(mapping)) if (!known.has(from)) problem(file, pointer, 'ACTION_FIELD_UNKNOWN', { field: from });
  }
  const target = Object.hasOwn(pack.flows, params.flow) ? pack.flows[params.flow] : undefined;
  const startForm = target?.meta.start.form ? formsOf(pack, [target.meta.start.form])?.[0] : undefined;
  if (!startForm) return;
  const fields = properties(startForm);
  const given = [...Object.entries(mapping).map(([to, { pointer }]) => ({ to, pointer })), ...Object.keys(params.values ?? {}).map((to) => ({ to, pointer: `${at}/params/values/${escape(to)}` }))];
  for (const { to, pointer } of given) if (!Object.hasOwn(fields, to)) problem(file, pointer, 'START_FIELD_UNKNOWN', { field: to, flowId: params.flow });
  const required = Array.isArray(startForm.schema.required) ? (startForm.schema.required as string[]) : [];
  // A computed field is the form's to fill; a required one missing is refused by the new item's form anyway.
  const missing = required.filter((name) => !given.some((g) => g.to === name) && !(fields[name] as { 'x-computed'?: unknown } | undefined)?.['x-computed']);
  if (missing.length) problem(file, `${at}/params`, 'START_FIELDS_MISSING', { flowId: params.flow, fields: missing });
}

/**
 * Flows that start each other as soon as they start (startItem among the entry actions of the
 * states an item starts in) would create items without end: each such ring is reported once,
 * on the file of its first flow.
 */
export function checkStartLoops(flows: PackContent['flows'], problem: ReportProblem): void {
  const edges = new Map(Object.values(flows).map((flow) => [flow.id, startedOnEntry(flow)]));
  const reported = new Set<string>();
  for (const origin of edges.keys()) {
    const path = ringFrom(origin, edges);
    if (!path) continue;
    const ring = [...path].sort().join();
    if (reported.has(ring)) continue;
    reported.add(ring);
    problem(`flows/${origin}.json`, '', 'START_ITEM_LOOP', { flows: [...path, origin] });
  }
}

/** The flows an item of this flow starts as it is created: the startItem actions on entering its first states. */
function startedOnEntry(flow: FlowDefinition): string[] {
  const found: string[] = [];
  const enter = (state: StateConfig | undefined) => {
    if (!state) return;
    for (const action of asList(state.entry)) if (typeof action === 'object' && action.type === 'startItem') found.push((action.params as Params).flow);
    if (!state.states) return;
    if (state.type === 'parallel') Object.values(state.states).forEach(enter);
    else if (state.initial) enter(state.states[state.initial]);
  };
  enter(flow.states[flow.initial]);
  return found;
}

/** A path of flows from origin that leads back to it, when there is one. */
function ringFrom(origin: string, edges: Map<string, string[]>): string[] | undefined {
  const seen = new Set<string>();
  const walk = (at: string, path: string[]): string[] | undefined => {
    for (const next of edges.get(at) ?? []) {
      if (next === origin) return path;
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, next]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(origin, [origin]);
}

function asList(named: Named | Named[] | undefined): Named[] {
  return named === undefined ? [] : Array.isArray(named) ? named : [named];
}

/** The forms, when every one is sound. */
function formsOf(pack: StartItemPack, ids: string[]): FormDefinition[] | undefined {
  return ids.every((id) => Object.hasOwn(pack.forms, id)) ? ids.map((id) => pack.forms[id]) : undefined;
}

function properties(form: FormDefinition): Record<string, JsonSchema> {
  return (form.schema.properties ?? {}) as Record<string, JsonSchema>;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
