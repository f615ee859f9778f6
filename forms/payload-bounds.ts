import { fieldError, fieldSchemaAt, fieldTitle, MAX_FIELD_ERRORS, type FieldError } from './field-error.js';
import type { FormDefinition, JsonSchema } from './form-definition.js';
import { formatPointer } from './json-pointer.js';
import { resolveLocalRef } from './schema-walk.js';

// What a submitted payload may cost to check. The request body size is bounded at the HTTP
// layer; these bound what a body of that size can still make the form runtime do.

/**
 * Payloads nested deeper than this are refused before anything walks them. A form schema may
 * nest at most 32 levels (schema-safety.ts) and every level of data needs one, so no payload a
 * form accepts comes near; only open objects ({} or additionalProperties) can hold deeper data.
 */
export const MAX_PAYLOAD_DEPTH = 64;

/**
 * Whether a payload goes deeper than MAX_PAYLOAD_DEPTH levels, and if so under which of its
 * top-level fields (the field the user would look at). Iterative, and it stops at the limit: a
 * 60,000-level array must not overflow the stack here, nor in the recursive copy and ajv code
 * that would follow. Runs on every submission, so it allocates nothing per plain value.
 */
export function tooDeep(value: unknown): { field: string | undefined } | undefined {
  const stack: Array<{ value: object; depth: number; field: string | undefined }> = [];
  const push = (inner: unknown, depth: number, field: string | undefined) => {
    if (inner !== null && typeof inner === 'object') stack.push({ value: inner, depth, field });
  };
  push(value, 0, undefined);
  while (stack.length) {
    const { value, depth, field } = stack.pop()!;
    if (depth === MAX_PAYLOAD_DEPTH) return { field };
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) push(value[i], depth + 1, field ?? String(i));
    else for (const key of Object.keys(value)) push((value as Record<string, unknown>)[key], depth + 1, field ?? key);
  }
  return undefined;
}

/** The field error for a payload nested too deeply, on the form field that holds the deep part. */
export function tooDeepError(form: FormDefinition, name: string | undefined): FieldError {
  const field = name === undefined ? '' : formatPointer([name]);
  const title = name === undefined ? form.title : fieldTitle(fieldSchemaAt(form.schema, field), name);
  return fieldError(field, title, 'maxDepth', { maxDepth: MAX_PAYLOAD_DEPTH });
}

const isSchema = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Keywords whose subschemas apply to the same value as the schema that holds them. */
const IN_PLACE_ONE = ['if', 'then', 'else', 'not'];
const IN_PLACE_LIST = ['allOf', 'anyOf', 'oneOf'];

/** Whether ajv walks the entries of a list that this schema applies to. */
const walksEntries = (s: JsonSchema) => ['items', 'prefixItems', 'contains', 'uniqueItems', 'unevaluatedItems'].some((k) => s[k] !== undefined && s[k] !== false);
/** Whether ajv checks every key of an object that this schema applies to against a schema. */
const walksKeys = (s: JsonSchema) => ['additionalProperties', 'patternProperties', 'unevaluatedProperties', 'propertyNames'].some((k) => isSchema(s[k]));

/**
 * A refused payload, as the explaining validator gets it: each list longer than every schema
 * that walks its entries allows is cut to one entry more than the largest maxItems it breaks,
 * each open group (additionalProperties…) likewise to one key more than its maxProperties, and
 * a closed group (additionalProperties: false) to its named fields and the first 51 unknown
 * keys, each an error already.
 *
 * Why: the verdict stops at maxItems (or maxProperties), but the explanation (ajv's allErrors)
 * goes on to check every entry, and uniqueItems over objects compares every pair: 19,000
 * entries stalled the engine for seconds. After the cut, every maximum that failed still fails
 * (the list stays longer than each) and every one that passed still passes (nothing is cut
 * from a list some schema allows), so the explanation keeps the list's own error and explains
 * its first entries; the entries past the cut are not explained until the list is shortened.
 *
 * Which schemas apply is over-estimated, never under: every branch (oneOf, anyOf, if/then/
 * else, patternProperties…) counts, whatever ajv will pick. The publish rules make every list
 * declare maxItems and every open group maxProperties; one under a schema without is left whole.
 */
export function cutOversize(root: JsonSchema, value: unknown): unknown {
  /** The schemas that apply to one value: these and what they apply in place, $refs followed. */
  const expand = (schemas: JsonSchema[]): JsonSchema[] => {
    const out = new Set<JsonSchema>();
    const add = (s: unknown) => {
      if (!isSchema(s) || out.has(s)) return;
      out.add(s);
      for (const key of IN_PLACE_ONE) add(s[key]);
      for (const key of IN_PLACE_LIST) if (Array.isArray(s[key])) (s[key] as unknown[]).forEach(add);
      if (isSchema(s.dependentSchemas)) Object.values(s.dependentSchemas).forEach(add);
      for (const key of ['$ref', '$dynamicRef']) if (typeof s[key] === 'string') add(resolveLocalRef(root, s[key] as string)?.schema);
    };
    schemas.forEach(add);
    return [...out];
  };

  const visit = (value: unknown, schemas: JsonSchema[]): unknown => {
    if (value === null || typeof value !== 'object' || !schemas.length) return value;
    if (Array.isArray(value)) {
      const lists = schemas.filter(walksEntries);
      if (!lists.length) return value; // no schema here looks at the entries
      const entries = value.slice(0, kept(value.length, schemas, lists, 'maxItems', 'minItems'));
      const entrySchemas = (s: JsonSchema, i: number) => {
        const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
        return [i < prefix.length ? prefix[i] : s.items, s.contains, s.unevaluatedItems].filter(isSchema);
      };
      const longest = Math.max(...lists.map((s) => (Array.isArray(s.prefixItems) ? s.prefixItems.length : 0)));
      const rest = expand(lists.flatMap((s) => entrySchemas(s, longest)));
      return entries.map((entry, i) => visit(entry, i < longest ? expand(lists.flatMap((s) => entrySchemas(s, i))) : rest));
    }
    // A group far over its maxProperties, or a closed one flooded with unknown keys, keeps the
    // fields the form names and its first other keys: enough to break every maximum it broke,
    // and, where every unknown key is an error, enough to fill the list of errors shown.
    const keys = Object.keys(value);
    const walkers = schemas.filter(walksKeys);
    const closed = schemas.some((s) => s.additionalProperties === false || s.unevaluatedProperties === false);
    let named: Set<string> | undefined;
    let others = Infinity;
    // Only a group some schema walks key by key, or a closed one of more than 51 keys, can need a cut.
    if (walkers.length || (closed && keys.length > MAX_FIELD_ERRORS + 1)) {
      named = new Set(schemas.flatMap((s) => [
        ...(isSchema(s.properties) ? Object.keys(s.properties) : []),
        ...(Array.isArray(s.required) ? s.required : []),
        ...['dependentRequired', 'dependentSchemas'].flatMap((k) => (isSchema(s[k]) ? Object.keys(s[k] as object) : [])),
      ]));
      const present = keys.filter((k) => named!.has(k)).length;
      others = kept(keys.length, schemas, walkers, 'maxProperties', 'minProperties', closed ? present + MAX_FIELD_ERRORS + 1 : undefined) - present;
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (named && !named.has(key) && others-- <= 0) continue;
      const inner = (value as Record<string, unknown>)[key];
      if (inner === null || typeof inner !== 'object') {
        out[key] = inner;
        continue;
      }
      const applying = schemas.flatMap((s) => [
        isSchema(s.properties) && Object.hasOwn(s.properties, key) ? s.properties[key] : undefined,
        ...(isSchema(s.patternProperties) ? Object.values(s.patternProperties) : []),
        s.additionalProperties,
        s.unevaluatedProperties,
      ]).filter(isSchema);
      out[key] = visit(inner, expand(applying));
    }
    return out;
  };

  return visit(value, expand([root]));
}

/**
 * How many entries of a list (or keys of a group) of this length to keep. All, while a schema
 * walking them allows the length (its own maximum bounds the walk) or none walks them and
 * nothing sets a floor. Otherwise one more than the largest maximum the length breaks (each
 * still fails), at least the largest minimum it meets (each still passes), at least the floor.
 */
function kept(length: number, schemas: JsonSchema[], walkers: JsonSchema[], max: string, min: string, floor?: number): number {
  const limit = (s: JsonSchema, key: string) => (typeof s[key] === 'number' ? (s[key] as number) : undefined);
  if (walkers.some((s) => (limit(s, max) ?? Infinity) >= length)) return length;
  if (!walkers.length && floor === undefined) return length;
  const broken = schemas.map((s) => limit(s, max)).filter((m): m is number => m !== undefined && m < length);
  const met = schemas.map((s) => limit(s, min)).filter((m): m is number => m !== undefined && m <= length);
  return Math.min(length, Math.max(...broken.map((m) => m + 1), ...met, floor ?? 0));
}
