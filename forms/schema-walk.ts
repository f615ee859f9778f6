import type { JsonSchema } from './form-definition.js';
import { escapeSegment, unescapeSegment } from './json-pointer.js';

/**
 * Walking an admin-written JSON Schema (2020-12): its subschemas, its local $refs and the
 * fields it declares. Shared by the publish checks, computed fields, masking and type
 * generation, so they all agree on where a field lives.
 */

/** Keywords whose value is one subschema. */
const SINGLE = ['not', 'if', 'then', 'else', 'contains', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'propertyNames', 'items', 'additionalItems'];
/** Keywords whose value is a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
/** Keywords whose value maps names to subschemas. */
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

const isSchema = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The direct subschemas of a schema, each with the path (schema pointer segments) from it. */
export function subschemas(schema: JsonSchema): Array<{ schema: JsonSchema; path: string[] }> {
  const out: Array<{ schema: JsonSchema; path: string[] }> = [];
  for (const key of SINGLE) if (isSchema(schema[key])) out.push({ schema: schema[key] as JsonSchema, path: [key] });
  for (const key of LIST) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((s, i) => isSchema(s) && out.push({ schema: s, path: [key, String(i)] }));
  }
  for (const key of MAP) {
    const map = schema[key];
    if (isSchema(map)) for (const [name, s] of Object.entries(map)) if (isSchema(s)) out.push({ schema: s, path: [key, name] });
  }
  return out;
}

/** Formats schema pointer segments as a JSON pointer ("" for the root). */
export const schemaPointer = (path: string[]): string => path.map((s) => `/${escapeSegment(s)}`).join('');

/**
 * Resolves a local $ref ("#", "#/$defs/x" or "#anchor") against the root schema.
 * Returns undefined for a remote or dangling reference.
 */
export function resolveLocalRef(root: JsonSchema, ref: string): { schema: JsonSchema; path: string[] } | undefined {
  if (ref === '#') return { schema: root, path: [] };
  if (ref.startsWith('#/')) {
    let path: string[];
    try {
      // A $ref is a URI fragment: percent-escapes come before JSON pointer escapes.
      path = ref.slice(2).split('/').map((s) => unescapeSegment(decodeURIComponent(s)));
    } catch {
      return undefined; // a malformed percent-escape points nowhere
    }
    let node: unknown = root;
    for (const key of path) node = isSchema(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
    return isSchema(node) ? { schema: node, path } : undefined;
  }
  if (ref.startsWith('#') && ref.length > 1) return findAnchor(root, ref.slice(1));
  return undefined;
}

function findAnchor(root: JsonSchema, anchor: string): { schema: JsonSchema; path: string[] } | undefined {
  const stack: Array<{ schema: JsonSchema; path: string[] }> = [{ schema: root, path: [] }];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.schema.$anchor === anchor || node.schema.$dynamicAnchor === anchor) return node;
    for (const child of subschemas(node.schema)) stack.push({ schema: child.schema, path: [...node.path, ...child.path] });
  }
  return undefined;
}

/** One place a field is declared: its schema, where it sits in the data and in the schema. */
export interface FieldDeclaration {
  schema: JsonSchema;
  /** Data pointer segments; "*" stands for every entry of a list (or every value of a map). */
  data: string[];
  /** Schema pointer segments of this declaration. */
  at: string[];
}

/**
 * Visits every declaration of a field: the root, properties, list items, and what allOf and
 * local $refs add. With `conditional: true` it also visits declarations that apply only
 * sometimes (then/else/oneOf/anyOf/dependentSchemas, additional and pattern properties).
 * A $ref already being followed is not followed again, so a recursive schema ends.
 */
export function walkFields(root: JsonSchema, visit: (field: FieldDeclaration) => void, options: { conditional: boolean }): void {
  const following = new Set<string>();
  const walk = (schema: JsonSchema, data: string[], at: string[]) => {
    visit({ schema, data, at });
    const children: Array<[JsonSchema, string[], string[]]> = [];
    const add = (value: unknown, dataPath: string[], schemaPath: string[]) => {
      if (isSchema(value)) children.push([value, dataPath, [...at, ...schemaPath]]);
    };
    const each = (key: string, f: (value: unknown, name: string) => void) => {
      const container = schema[key];
      if (Array.isArray(container)) container.forEach((v, i) => f(v, String(i)));
      else if (isSchema(container)) for (const [name, v] of Object.entries(container)) f(v, name);
    };
    each('properties', (v, name) => add(v, [...data, name], ['properties', name]));
    add(schema.items, [...data, '*'], ['items']);
    each('prefixItems', (v, i) => add(v, [...data, i], ['prefixItems', i]));
    each('allOf', (v, i) => add(v, data, ['allOf', i]));
    if (options.conditional) {
      for (const key of ['then', 'else']) add(schema[key], data, [key]);
      for (const key of ['oneOf', 'anyOf']) each(key, (v, i) => add(v, data, [key, i]));
      each('dependentSchemas', (v, name) => add(v, data, ['dependentSchemas', name]));
      each('patternProperties', (v, name) => add(v, [...data, '*'], ['patternProperties', name]));
      for (const key of ['additionalProperties', 'unevaluatedProperties']) add(schema[key], [...data, '*'], [key]);
      add(schema.unevaluatedItems, [...data, '*'], ['unevaluatedItems']);
    }
    for (const [child, dataPath, schemaPath] of children) walk(child, dataPath, schemaPath);
    for (const key of ['$ref', '$dynamicRef']) {
      const ref = schema[key];
      if (typeof ref !== 'string') continue;
      const target = resolveLocalRef(root, ref);
      const id = target && schemaPointer(target.path);
      if (!target || following.has(id!)) continue;
      following.add(id!);
      walk(target.schema, data, target.path);
      following.delete(id!);
    }
  };
  walk(root, [], []);
}
