import { copyData, setOwn } from './data-copy.js';
import type { JsonSchema } from './form-definition.js';
import { locate } from './json-pointer.js';
import { schemaProblem, type SchemaProblem } from './schema-problem.js';
import { schemaPointer, subschemas, walkFields } from './schema-walk.js';

// Declared defaults ("default" on a field): what a field holds when nobody filled it in. The
// browser shows them when a form opens and the server stores them for a field a submission
// omits, both through applyDefaults, so what a user saw is what is stored. Nothing else is
// ever filled in: a choice without a default starts empty ("请选择"), not as its first option.

interface DeclaredDefault {
  /** Data pointer segments of the field; "*" for every entry of a list. */
  data: string[];
  /** Schema pointer of the declaration. */
  at: string;
  value: unknown;
}

const plans = new WeakMap<JsonSchema, DeclaredDefault[]>();

/**
 * The defaults a form declares on its fields (under properties, list items, allOf and $refs,
 * the places that always apply), parents before children so that a defaulted group gets the
 * defaults of its own fields too.
 */
function declaredDefaults(schema: JsonSchema): DeclaredDefault[] {
  let plan = plans.get(schema);
  if (!plan) {
    const found: DeclaredDefault[] = [];
    walkFields(schema, (field) => {
      const last = field.data[field.data.length - 1];
      if (field.data.length && last !== '*' && Object.hasOwn(field.schema, 'default')) found.push({ data: field.data, at: schemaPointer(field.at), value: field.schema.default });
    }, { conditional: false });
    plan = found;
    plans.set(schema, plan);
  }
  return plan;
}

/** Whether a form declares any default (most do not: their submissions skip this pass). */
export const hasDefaults = (schema: JsonSchema): boolean => declaredDefaults(schema).length > 0;

/**
 * A copy of the data with each declared default filled in where its field is missing (absent,
 * undefined or an empty text: "not filled in", as normalizePayload has it) from an object that
 * is there. A field the user filled in, whatever its value, is kept.
 */
export function applyDefaults<T>(schema: JsonSchema, data: T): T {
  const result = copyData(data);
  for (const { data: path, value } of declaredDefaults(schema)) {
    const key = path[path.length - 1];
    for (const parent of locate(result, path.slice(0, -1))) {
      const object = parent.value as Record<string, unknown>;
      if (object === null || typeof object !== 'object' || Array.isArray(object)) continue;
      const current = Object.hasOwn(object, key) ? object[key] : undefined;
      if (current === undefined || current === '') setOwn(object, key, copyData(value));
    }
  }
  return result;
}

/**
 * A default is refused where applyDefaults would never use it: on the form itself, on a list
 * entry, or inside a condition or alternative (if/then/else, oneOf, anyOf, not…), which may or
 * may not apply. The browser and the server would silently ignore it; the admin should know.
 */
export function checkDefaults(schema: JsonSchema): SchemaProblem[] {
  const used = new Set(declaredDefaults(schema).map((d) => d.at));
  const problems: SchemaProblem[] = [];
  const visit = (node: JsonSchema, path: string[]) => {
    const pointer = schemaPointer(path);
    if (Object.hasOwn(node, 'default') && !used.has(pointer))
      problems.push(schemaProblem(`${pointer}/default`, 'DEFAULT_MISPLACED'));
    for (const child of subschemas(node)) visit(child.schema, [...path, ...child.path]);
  };
  visit(schema, []);
  return problems;
}
