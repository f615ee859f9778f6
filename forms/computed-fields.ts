import { copyData, setOwn } from './data-copy.js';
import type { JsonSchema } from './form-definition.js';
import { formatPointer, locate, parsePointer, patternsOverlap, WILDCARD } from './json-pointer.js';
import { schemaProblem, type SchemaProblem, type SchemaProblemParams } from './schema-problem.js';
import type { ParamsArg } from './wording.js';

import { schemaPointer, subschemas, walkFields, type FieldDeclaration } from './schema-walk.js';

// Computed read-only fields (x-computed): a field whose value the form works out from other
// fields, written as a small JSON expression, never as code. Browser and server run the same
// function; the server runs it on every submission, so a stored value is always its own.
//
//   expression := { "op": <op>, "args": [expression, ...] }      (join also takes "separator")
//               | { "ref": <pointer> }                            a field's value(s)
//               | { "value": <string | number | boolean | null> } a literal
//
// A ref is an absolute JSON pointer from the form's root ("/town"), where "*" stands for
// every entry of a list ("/visits/*/people"), or a relative JSON pointer from the computed
// field ("1/men": up one level to the object holding the field, then its men field; this is
// how a field inside a list entry names its siblings). A ref to a list, or matching several
// places, gives all those values.
//
//   sum, min, max, avg   the numbers among the values (sum of nothing is 0; min/max/avg of nothing: empty)
//   count                how many values are present (not null); a ref to a list counts its entries
//   concat               the texts and numbers among the values, joined as they are
//   join                 the same, skipping empty ones, with "separator" between them
//
// Example: { "op": "sum", "args": [{ "ref": "/visits/*/people" }] }
//          { "op": "concat", "args": [{ "ref": "/town" }, { "value": "·" }, { "ref": "/village" }] }

export type ComputedOp = 'sum' | 'count' | 'min' | 'max' | 'avg' | 'concat' | 'join';

export type ComputedExpression =
  | { op: ComputedOp; args: ComputedExpression[]; separator?: string }
  | { ref: string }
  | { value: string | number | boolean | null };

/** Expressions nest at most this deep: enough for any form, and recursion stays shallow. */
export const MAX_EXPRESSION_DEPTH = 8;

const numbers = (values: unknown[]) => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
const texts = (values: unknown[]) => values.filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
// 0.1 + 0.2 should show as 0.3: 15 significant digits drop binary noise and nothing a form holds.
const tidy = (n: number) => Number(n.toPrecision(15));
const total = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
// An empty text is "not filled in", as normalizePayload treats it.
const nonEmpty = (text: string) => (text === '' ? undefined : text);

/** Each operation: the JSON Schema types its result fits, and how it combines values. */
const OPS: Record<ComputedOp, { types: string[]; apply: (values: unknown[], separator: string) => unknown }> = {
  sum: { types: ['number', 'integer'], apply: (v) => tidy(total(numbers(v))) },
  count: { types: ['number', 'integer'], apply: (v) => v.filter((x) => x !== null).length },
  min: { types: ['number', 'integer'], apply: (v) => numbers(v).reduce<number | undefined>((m, n) => (m === undefined || n < m ? n : m), undefined) },
  max: { types: ['number', 'integer'], apply: (v) => numbers(v).reduce<number | undefined>((m, n) => (m === undefined || n > m ? n : m), undefined) },
  avg: { types: ['number'], apply: (v) => (numbers(v).length ? tidy(total(numbers(v)) / numbers(v).length) : undefined) },
  concat: { types: ['string'], apply: (v) => nonEmpty(texts(v).join('')) },
  join: { types: ['string'], apply: (v, separator) => nonEmpty(texts(v).filter((t) => t !== '').join(separator)) },
};
export const COMPUTED_OPS = Object.keys(OPS) as ComputedOp[];

/** A computed field as declared: where it is in the data and in the schema, and its expression. */
interface ComputedField {
  data: string[];
  at: string[];
  schema: JsonSchema;
  expression: ComputedExpression;
}

/**
 * Where a ref points, as data pointer segments, seen from the computed field at `field`
 * (a concrete path, or a pattern with "*" when planning). Undefined if it is not a pointer.
 */
export function resolveComputedRef(ref: string, field: readonly string[]): string[] | undefined {
  if (ref.startsWith('/')) return parsePointer(ref);
  const relative = /^(0|[1-9]\d*)(\/.*)?$/.exec(ref);
  if (!relative) return undefined;
  const up = Number(relative[1]);
  const rest = parsePointer(relative[2] ?? '');
  if (up > field.length || !rest) return undefined;
  return [...field.slice(0, field.length - up), ...rest];
}

function refsOf(expression: unknown): string[] {
  if (!isObject(expression)) return [];
  if (typeof expression.ref === 'string') return [expression.ref];
  return Array.isArray(expression.args) ? expression.args.flatMap(refsOf) : [];
}

/** The computed fields of a schema that always apply (properties, items, allOf, $ref). */
function declaredComputedFields(schema: JsonSchema): ComputedField[] {
  const fields: ComputedField[] = [];
  const seen = new Set<string>();
  walkFields(
    schema,
    ({ schema: field, data, at }) => {
      const key = formatPointer(data);
      if (field['x-computed'] === undefined || data.length === 0 || seen.has(key)) return;
      seen.add(key);
      fields.push({ data, at, schema: field, expression: field['x-computed'] as ComputedExpression });
    },
    { conditional: false },
  );
  return fields;
}

/**
 * Orders computed fields so that each comes after the computed fields it reads. Fields that
 * read each other in a circle cannot be ordered: they come back as `cyclic`.
 */
function computationOrder(fields: ComputedField[]): { order: ComputedField[]; cyclic: ComputedField[] } {
  // A computed value is a number or a text inside an object, so only a ref of the same length
  // can see it: a ref to a list or object holding it gives that object, which no operation reads into.
  const reads = (a: ComputedField, b: ComputedField) =>
    refsOf(a.expression).some((ref) => {
      const path = resolveComputedRef(ref, a.data);
      return path !== undefined && patternsOverlap(path, b.data);
    });
  const pending = [...fields];
  const order: ComputedField[] = [];
  for (;;) {
    const ready = pending.findIndex((a) => !pending.some((b) => reads(a, b)));
    if (ready < 0) break;
    order.push(...pending.splice(ready, 1));
  }
  return { order, cyclic: pending };
}

const plans = new WeakMap<JsonSchema, ComputedField[]>();

function planFor(schema: JsonSchema): ComputedField[] {
  let plan = plans.get(schema);
  if (!plan) {
    const { order, cyclic } = computationOrder(declaredComputedFields(schema));
    // Publishing refuses cycles; should one slip through, compute it last rather than fail.
    plan = [...order, ...cyclic];
    plans.set(schema, plan);
  }
  return plan;
}

/** Whether the schema has any x-computed field that applyComputedFields would compute. */
export function hasComputedFields(schema: JsonSchema): boolean {
  return planFor(schema).length > 0;
}

/**
 * Computes every x-computed field of the data, in dependency order, including inside lists
 * of objects. Pure: returns a copy. A computed value that comes out empty removes the field.
 * A field is written only where its parent object exists: missing objects are not created.
 */
export function applyComputedFields<T>(schema: JsonSchema, data: T): T {
  const result = copyData(data);
  for (const field of planFor(schema)) {
    const key = field.data[field.data.length - 1];
    for (const parent of locate(result, field.data.slice(0, -1))) {
      if (!isObject(parent.value)) continue;
      const value = evaluate(field.expression, result, [...parent.path, key]);
      if (value === undefined) delete parent.value[key];
      else setOwn(parent.value, key, value);
    }
  }
  return result;
}

function evaluate(expression: ComputedExpression, data: unknown, at: string[]): unknown {
  if (!('op' in expression) || !Object.hasOwn(OPS, expression.op)) return undefined;
  const values = (expression.args ?? []).flatMap((arg) => valuesOf(arg, data, at));
  return OPS[expression.op].apply(values, expression.separator ?? '');
}

function valuesOf(expression: ComputedExpression, data: unknown, at: string[]): unknown[] {
  if ('op' in expression) {
    const value = evaluate(expression, data, at);
    return value === undefined ? [] : [value];
  }
  if ('ref' in expression) {
    const path = resolveComputedRef(expression.ref, at);
    // A ref to a list stands for its entries: sum of /scores adds the scores.
    return path ? locate(data, path).flatMap((found) => (Array.isArray(found.value) ? found.value : [found.value])) : [];
  }
  return 'value' in expression ? [expression.value] : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------
// Publish-time check of x-computed definitions.

/** Refuses x-computed definitions that are malformed, misplaced, circular or leak personal data. */
export function checkComputedFields(schema: JsonSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const declarations: FieldDeclaration[] = [];
  walkFields(schema, (d) => declarations.push(d), { conditional: true });
  const fields = declaredComputedFields(schema);
  const placed = new Set<string>();
  walkFields(
    schema,
    ({ schema: declared, data, at }) => {
      if (declared['x-computed'] !== undefined && data.length > 0) placed.add(schemaPointer(at));
    },
    { conditional: false },
  );

  for (const at of schemasWithComputed(schema, [])) {
    if (!placed.has(schemaPointer(at)))
      problems.push(schemaProblem(`${schemaPointer(at)}/x-computed`, 'COMPUTED_MISPLACED'));
  }

  for (const field of fields) {
    const pointer = `${schemaPointer(field.at)}/x-computed`;
    const expression = field.expression as unknown;
    if (field.schema.readOnly !== true)
      problems.push(schemaProblem(pointer, 'COMPUTED_NOT_READ_ONLY'));
    if (isObject(expression) && !('op' in expression)) {
      problems.push(schemaProblem(pointer, 'COMPUTED_NOT_OPERATION'));
      continue;
    }
    new ExpressionChecker(field, declarations, problems).check(expression, pointer, 1, false);
    const op = isObject(expression) && typeof expression.op === 'string' && Object.hasOwn(OPS, expression.op) ? (expression.op as ComputedOp) : undefined;
    const types = ([] as unknown[]).concat(field.schema.type ?? []).filter((t) => t !== 'null').map(String);
    if (op && types.length && !types.some((t) => OPS[op].types.includes(t))) {
      const fits = OPS[op].types;
      problems.push(schemaProblem(`${pointer}/op`, 'COMPUTED_RESULT_TYPE', { op, fits, types }));
    }
  }

  const { cyclic } = computationOrder(fields);
  const names = cyclic.map((f) => formatPointer(f.data));
  for (const field of cyclic)
    problems.push(schemaProblem(`${schemaPointer(field.at)}/x-computed`, 'COMPUTED_CYCLE', { fields: names }));
  return problems;
}

/** Schema pointers (as segments) of every schema carrying x-computed, wherever it sits. */
function schemasWithComputed(schema: JsonSchema, at: string[]): string[][] {
  const here = schema['x-computed'] !== undefined ? [at] : [];
  return [...here, ...subschemas(schema).flatMap((child) => schemasWithComputed(child.schema, [...at, ...child.path]))];
}

/** The problems of one expression tree, each ending with the expression rule's name. */
type ExpressionProblem = 'EXPRESSION_TOO_DEEP' | 'EXPRESSION_NOT_OBJECT' | 'LITERAL_EXTRA_KEYS' | 'LITERAL_VALUE_TYPE' | 'OPERATION_UNKNOWN'
  | 'OPERATION_KEY_UNKNOWN' | 'JOIN_WITHOUT_SEPARATOR' | 'ARGS_EMPTY' | 'REF_EXTRA_KEYS' | 'REF_NOT_POINTER' | 'REF_NAMES_NO_FIELD';

/** Checks one expression tree of one computed field, reporting at the pointer of each fault. */
class ExpressionChecker {
  constructor(
    private readonly field: ComputedField,
    private readonly declarations: FieldDeclaration[],
    private readonly problems: SchemaProblem[],
  ) {}

  private report<C extends ExpressionProblem>(pointer: string, code: C, ...params: ParamsArg<SchemaProblemParams<C>>) {
    this.problems.push(schemaProblem(pointer, code, ...params));
  }

  check(expression: unknown, pointer: string, depth: number, asText: boolean): void {
    if (depth > MAX_EXPRESSION_DEPTH)
      return this.report(pointer, 'EXPRESSION_TOO_DEEP', { maxDepth: MAX_EXPRESSION_DEPTH });
    if (!isObject(expression))
      return this.report(pointer, 'EXPRESSION_NOT_OBJECT');
    const keys = Object.keys(expression);
    if ('op' in expression) return this.checkOperation(expression, keys, pointer, depth);
    if ('ref' in expression) return this.checkRef(expression, keys, pointer, asText);
    if ('value' in expression) {
      const value = expression.value;
      if (keys.length !== 1) this.report(pointer, 'LITERAL_EXTRA_KEYS');
      else if (value !== null && !['string', 'number', 'boolean'].includes(typeof value))
        this.report(`${pointer}/value`, 'LITERAL_VALUE_TYPE');
      return;
    }
    this.report(pointer, 'EXPRESSION_NOT_OBJECT');
  }

  private checkOperation(expression: Record<string, unknown>, keys: string[], pointer: string, depth: number) {
    const op = expression.op;
    if (typeof op !== 'string' || !Object.hasOwn(OPS, op)) {
      this.report(`${pointer}/op`, 'OPERATION_UNKNOWN', { op: String(op), ops: COMPUTED_OPS });
      return;
    }
    const allowed = op === 'join' ? ['op', 'args', 'separator'] : ['op', 'args'];
    for (const key of keys.filter((k) => !allowed.includes(k)))
      this.report(`${pointer}/${key}`, 'OPERATION_KEY_UNKNOWN', { op, key });
    if (op === 'join' && typeof expression.separator !== 'string')
      this.report(pointer, 'JOIN_WITHOUT_SEPARATOR');
    if (!Array.isArray(expression.args) || expression.args.length === 0) {
      this.report(`${pointer}/args`, 'ARGS_EMPTY');
      return;
    }
    // Only concat and join put their arguments' text into the result; other operations keep numbers.
    const text = op === 'concat' || op === 'join';
    expression.args.forEach((arg: unknown, i: number) => this.check(arg, `${pointer}/args/${i}`, depth + 1, text));
  }

  private checkRef(expression: Record<string, unknown>, keys: string[], pointer: string, asText: boolean) {
    if (keys.length !== 1) this.report(pointer, 'REF_EXTRA_KEYS');
    const ref = typeof expression.ref === 'string' ? expression.ref : undefined;
    const path = ref === undefined ? undefined : resolveComputedRef(ref, this.field.data);
    if (ref === undefined || !path) {
      this.report(`${pointer}/ref`, 'REF_NOT_POINTER', { ref: String(expression.ref) });
      return;
    }
    const targets = this.declarations.filter((d) => refMatches(path, d.data));
    if (!targets.length) {
      this.report(`${pointer}/ref`, 'REF_NAMES_NO_FIELD', { ref });
      return;
    }
    // Text built from personal data shows that data: the computed field must be masked too.
    if (asText && this.field.schema['x-personal'] === undefined && targets.some((d) => d.schema['x-personal'] !== undefined))
      this.problems.push(schemaProblem(`${pointer}/ref`, 'COMPUTED_LEAKS_PERSONAL', { ref }));
  }
}

/** Whether a ref (data pointer) can name a declared field: a list's "*" takes "*" or an index. */
function refMatches(ref: string[], declared: string[]): boolean {
  return ref.length === declared.length && ref.every((s, i) => s === declared[i] || s === WILDCARD || (declared[i] === WILDCARD && /^\d+$/.test(s)));
}
