import { checkSync } from 'recheck';
import type { JsonSchema } from './form-definition.js';
import { escapeSegment } from './json-pointer.js';
import { schemaProblem, type SchemaProblem, type SchemaProblemParams } from './schema-problem.js';
import { resolveLocalRef, schemaPointer, subschemas } from './schema-walk.js';

/**
 * Publish-time safety checks on an admin-written form schema. Admins are trusted to model
 * their county's work, not to write code that runs on the server; a schema is code for ajv.
 * These rules keep one bad form from freezing or crashing the engine for every county.
 *
 * Node only (recheck runs its analysis in a native binary or worker), so forms/index.ts does
 * not export it: the browser never publishes.
 */

/** Deeper schemas are refused: validation and our walkers recurse once per level. */
export const MAX_SCHEMA_DEPTH = 32;
/**
 * Schemas are refused when, references followed, they have more parts (fields, choices,
 * branches) than this. It bounds what references can multiply into ("billion laughs"), and a
 * form's size: ajv's verdict code nests one block per part, V8 compiles nested blocks
 * recursively on a validator's first call, and about 1,550 levels overflow Node's stack (a
 * flat form of 1,600 text fields published, then failed every submission). 1,000 leaves room
 * for the stack a request already uses, and is fifty times the largest shipped form.
 */
export const MAX_EXPANDED_PARTS = 1_000;

/**
 * Schemas are refused when the largest payload they accept makes ajv check more than this
 * many parts: a part inside a list is checked once per entry the list may have (maxItems),
 * inside an open group once per key it may have (maxProperties), and a choice of n values
 * counts n. A list of 40,000 entries checked against a 900-option oneOf took 17 s, and when
 * every entry was wrong the explanation (one error per option per entry) ran out of memory.
 * Below this bound the worst payload validates in milliseconds (BENCHMARKS.md).
 */
export const MAX_CHECKS = 10_000;

/**
 * The most entries a uniqueItems list of objects or lists may allow. ajv checks such a list by
 * comparing every pair of entries in depth (scalars it checks in one pass): 100 entries are
 * 4,950 comparisons, each entry compared with 99 others, so at most 99 times the payload's size
 * (bounded by the request limit) is read, a few milliseconds; 19,000 entries took 20 s.
 */
export const MAX_UNIQUE_ITEMS_COMPARED = 100;

/** Scalar JSON Schema types: values ajv can tell apart without comparing them in depth. */
const SCALAR_TYPES = ['string', 'number', 'integer', 'boolean', 'null'];

/**
 * Formats that need no maxLength: their syntax is fixed-width (date, uuid, attachment) or
 * nearly so (time and date-time only add a linear fraction of a second), and ajv-formats
 * checks them with anchored regexes that fail within a few dozen characters whatever the
 * input length. Other formats (email, uri, hostname, ...) run larger regexes whose cost
 * grows with the input, so their length must be bounded first.
 */
export const BOUNDED_FORMATS: readonly string[] = ['date', 'time', 'date-time', 'uuid', 'attachment'];

/** Checks a form schema; returns every problem, each with the schema pointer to fix. */
export function checkSchemaSafety(schema: JsonSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const graph = new Map<string, Part>();
  const refs: Array<{ from: string; at: string; ref: string }> = [];

  const visit = (node: JsonSchema, path: string[], depth: number) => {
    const pointer = schemaPointer(path);
    if (depth > MAX_SCHEMA_DEPTH) {
      problems.push(schemaProblem(pointer, 'SCHEMA_TOO_DEEP', { maxDepth: MAX_SCHEMA_DEPTH }));
      return;
    }
    problems.push(...checkOneSchema(node, pointer, depth));
    const part: Part = { checks: Array.isArray(node.enum) ? Math.max(1, node.enum.length) : 1, next: [] };
    graph.set(pointer, part);
    for (const key of ['$ref', '$dynamicRef']) if (typeof node[key] === 'string') refs.push({ from: pointer, at: `${pointer}/${key}`, ref: node[key] as string });
    for (const child of subschemas(node)) {
      part.next.push({ to: schemaPointer([...path, ...child.path]), times: repeats(node, child.path[0]) });
      visit(child.schema, [...path, ...child.path], depth + 1);
    }
  };
  visit(schema, [], 0);

  for (const { from, at, ref } of refs) {
    if (!ref.startsWith('#')) {
      problems.push(schemaProblem(at, 'REF_NOT_LOCAL', { ref }));
      continue;
    }
    const target = resolveLocalRef(schema, ref);
    const to = target && schemaPointer(target.path);
    if (to === undefined || !graph.has(to)) {
      // A target beyond the depth limit was reported already; anything else points at no schema.
      if (!target || target.path.length <= MAX_SCHEMA_DEPTH)
        problems.push(schemaProblem(at, 'REF_TARGET_MISSING', { ref }));
      continue;
    }
    graph.get(from)!.next.push({ to, refAt: at, ref });
  }

  const { cycles, parts, checks } = explore(graph);
  for (const { at, ref } of cycles)
    problems.push(schemaProblem(at, 'REF_CYCLE', { ref }));
  if (!cycles.length && parts > MAX_EXPANDED_PARTS)
    problems.push(schemaProblem('', 'SCHEMA_TOO_LARGE', { maxParts: MAX_EXPANDED_PARTS }));
  else if (!cycles.length && checks > MAX_CHECKS)
    problems.push(schemaProblem('', 'VALIDATION_TOO_COSTLY', { maxChecks: MAX_CHECKS }));
  return problems;
}

/**
 * How many times a subschema under this keyword may be applied to one payload value: once per
 * list entry or once per key of an open group, up to the declared bound (1 when there is none:
 * that is refused on its own by boundProblems).
 */
function repeats(node: JsonSchema, keyword: string): number {
  const bound = (key: string) => (typeof node[key] === 'number' ? Math.max(1, node[key] as number) : 1);
  if (['items', 'contains', 'unevaluatedItems'].includes(keyword)) return bound('maxItems');
  if (['additionalProperties', 'patternProperties', 'unevaluatedProperties', 'propertyNames'].includes(keyword)) return bound('maxProperties');
  return 1;
}

/** The rules that concern one schema object on its own. */
function checkOneSchema(node: JsonSchema, pointer: string, depth: number): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const bounded = typeof node.maxLength === 'number';
  if (typeof node.pattern === 'string') {
    const problem = regexProblem(node.pattern, `${pointer}/pattern`);
    if (problem) problems.push(problem);
    if (!bounded)
      problems.push(schemaProblem(`${pointer}/pattern`, 'PATTERN_WITHOUT_MAX_LENGTH'));
  }
  if (typeof node.format === 'string' && !bounded && !BOUNDED_FORMATS.includes(node.format)) {
    problems.push(schemaProblem(`${pointer}/format`, 'FORMAT_WITHOUT_MAX_LENGTH', { format: node.format, bounded: BOUNDED_FORMATS }));
  }
  const patternProperties = node.patternProperties;
  if (patternProperties && typeof patternProperties === 'object') {
    for (const key of Object.keys(patternProperties)) {
      const problem = regexProblem(key, `${pointer}/patternProperties/${escapeSegment(key)}`);
      if (problem) problems.push(problem);
    }
  }
  problems.push(...boundProblems(node, pointer));
  // ajv keeps every $id in the one instance all forms share: a nested $id would clash between
  // forms and change what "#..." means below it. The root $id is dropped by FormRuntime.
  if (depth > 0 && node.$id !== undefined)
    problems.push(schemaProblem(`${pointer}/$id`, 'NESTED_ID'));
  return problems;
}

/**
 * A list must say how many entries it takes (maxItems), as a text with a pattern must say how
 * long it may be: the verdict stops at maxItems instead of checking every entry, and a list
 * of 120,000 wrong entries posted to a list without one ran the engine out of memory. An open
 * group, whose extra keys are each checked against a schema, must likewise say how many keys
 * it takes (maxProperties). uniqueItems over entries not declared scalar needs a small maxItems.
 */
function boundProblems(node: JsonSchema, pointer: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const isList = types.includes('array') || ['items', 'prefixItems', 'unevaluatedItems', 'uniqueItems'].some((k) => node[k] !== undefined);
  if (isList && typeof node.maxItems !== 'number')
    problems.push(schemaProblem(pointer, 'LIST_WITHOUT_MAX_ITEMS'));
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const isOpenGroup = ['additionalProperties', 'patternProperties', 'unevaluatedProperties', 'propertyNames'].some((k) => isObject(node[k]));
  if (isOpenGroup && typeof node.maxProperties !== 'number')
    problems.push(schemaProblem(pointer, 'GROUP_WITHOUT_MAX_PROPERTIES'));
  // ajv's shortcut (one pass with a lookup table) applies only when the list's own items declare scalar types.
  const items = node.items as JsonSchema | undefined;
  const itemTypes = items && typeof items === 'object' ? (Array.isArray(items.type) ? items.type : items.type === undefined ? [] : [items.type]) : [];
  const scalar = itemTypes.length > 0 && itemTypes.every((t) => SCALAR_TYPES.includes(t as string));
  if (node.uniqueItems === true && !scalar && typeof node.maxItems === 'number' && node.maxItems > MAX_UNIQUE_ITEMS_COMPARED)
    problems.push(schemaProblem(`${pointer}/maxItems`, 'UNIQUE_ITEMS_TOO_MANY', { maxItems: MAX_UNIQUE_ITEMS_COMPARED }));
  return problems;
}

/** A regex's verdict: the code and parameters of what is wrong with it. */
type RegexVerdict = { code: 'REGEX_INVALID'; params: SchemaProblemParams<'REGEX_INVALID'> }
  | { code: 'REGEX_BACKTRACKS'; params: SchemaProblemParams<'REGEX_BACKTRACKS'> }
  | { code: 'REGEX_UNDECIDED'; params: SchemaProblemParams<'REGEX_UNDECIDED'> };

const verdicts = new Map<string, RegexVerdict | null>();

/**
 * A regex that is not valid for ajv (which compiles patterns with the "u" flag) or whose
 * matching time can grow faster than linearly with the input (ReDoS). recheck proves which;
 * when it cannot decide (timeout, unsupported syntax) the pattern is refused too, since a
 * pattern we cannot vouch for runs on every submission of every user.
 */
function regexProblem(source: string, pointer: string): SchemaProblem | undefined {
  if (!verdicts.has(source)) verdicts.set(source, regexVerdict(source));
  const verdict = verdicts.get(source);
  return verdict ? schemaProblem(pointer, verdict.code, verdict.params) : undefined;
}

function regexVerdict(source: string): RegexVerdict | null {
  try {
    new RegExp(source, 'u');
  } catch (error) {
    return { code: 'REGEX_INVALID', params: { source, reason: (error as Error).message } };
  }
  const diagnostics = checkSync(source, 'u', { timeout: 5_000 });
  if (diagnostics.status === 'safe') return null;
  if (diagnostics.status === 'vulnerable') return { code: 'REGEX_BACKTRACKS', params: { source, complexity: diagnostics.complexity.type } };
  return { code: 'REGEX_UNDECIDED', params: { source, kind: diagnostics.error.kind } };
}

/**
 * A schema and where it leads: its subschemas (each applied `times` times at most for one
 * value of this schema), and (with refAt) the targets of its $refs. `checks` is its own cost.
 */
interface Part {
  checks: number;
  next: Array<{ to: string; times?: number; refAt?: string; ref?: string }>;
}

/**
 * Depth-first search over schemas and references (iterative: reference chains may be long).
 * A reference that reaches a schema still being explored closes a cycle. Also counts the
 * parts the schema has once references are followed, which is the code a validator is made
 * of, and the parts the largest payload makes it check (lists and open groups repeat theirs).
 */
function explore(graph: Map<string, Part>): { cycles: Array<{ at: string; ref: string }>; parts: number; checks: number } {
  const cycles: Array<{ at: string; ref: string }> = [];
  const state = new Map<string, 'open' | 'done'>();
  const size = new Map<string, { parts: number; checks: number }>();
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const stack = [{ id: start, i: 0 }];
    state.set(start, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = graph.get(top.id)!.next;
      if (top.i < next.length) {
        const edge = next[top.i++];
        if (!graph.has(edge.to)) continue; // beyond the depth limit, reported already
        const seen = state.get(edge.to);
        if (seen === 'open') cycles.push({ at: edge.refAt ?? edge.to, ref: edge.ref ?? '' });
        else if (seen === undefined) {
          state.set(edge.to, 'open');
          stack.push({ id: edge.to, i: 0 });
        }
        continue;
      }
      let parts = 1;
      let checks = graph.get(top.id)!.checks;
      for (const edge of next) {
        const child = size.get(edge.to);
        if (!child) continue;
        parts += child.parts;
        checks += child.checks * (edge.times ?? 1);
      }
      // Capped: the counts only need to pass their limits, and must not overflow on the way.
      size.set(top.id, { parts: Math.min(parts, MAX_EXPANDED_PARTS + 1), checks: Math.min(checks, MAX_CHECKS + 1) });
      state.set(top.id, 'done');
      stack.pop();
    }
  }
  const root = size.get('');
  return { cycles, parts: root?.parts ?? 0, checks: root?.checks ?? 0 };
}
