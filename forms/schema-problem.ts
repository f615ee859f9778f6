import { FORM_KEYWORDS, type JsonSchema } from './form-definition.js';
import { parsePointer } from './json-pointer.js';
import type { LocalizedText } from './localized-text.js';
import { SCHEMA_PROBLEMS, type SchemaProblemCode } from './schema-problem-catalogue.js';
import { schemaPointer, subschemas } from './schema-walk.js';
import { localize, type ParamsArg, type ParamsOf, type Wording } from './wording.js';

export { SCHEMA_PROBLEMS, type SchemaProblemCode } from './schema-problem-catalogue.js';

/** What a schema problem's message reads. */
export type SchemaProblemParams<C extends SchemaProblemCode> = ParamsOf<(typeof SCHEMA_PROBLEMS)[C]>;

/**
 * Something wrong with an admin-written form schema: where (JSON pointer inside the schema),
 * which rule (a code with its parameters) and the message people read, derived from the code.
 */
export type SchemaProblem = {
  [C in SchemaProblemCode]: { pointer: string; code: C; params: SchemaProblemParams<C>; message: LocalizedText };
}[SchemaProblemCode];

export function schemaProblem<C extends SchemaProblemCode>(pointer: string, code: C, ...[params]: ParamsArg<SchemaProblemParams<C>>): SchemaProblem {
  const given = (params ?? {}) as SchemaProblemParams<C>;
  // The union cannot be narrowed by a generic code; the catalogue entry is the one for this code.
  return { pointer, code, params: given, message: localize(SCHEMA_PROBLEMS[code] as Wording<SchemaProblemParams<C>>, given) } as SchemaProblem;
}

/** The pointer of the first schema (depth first) that carries a keyword, "" if none does. */
function whereKeyword(schema: JsonSchema, keyword: string, value?: unknown): string {
  const stack: Array<{ schema: JsonSchema; path: string[] }> = [{ schema, path: [] }];
  while (stack.length) {
    const node = stack.shift()!;
    if (Object.hasOwn(node.schema, keyword) && (value === undefined || node.schema[keyword] === value)) return schemaPointer([...node.path, keyword]);
    stack.unshift(...subschemas(node.schema).map((c) => ({ schema: c.schema, path: [...node.path, ...c.path] })));
  }
  return '';
}

/** The formats an unknown one is most likely a misspelling of. */
const COMMON_FORMATS = ['date', 'time', 'date-time', 'email', 'uri', 'uuid', 'attachment'];

/**
 * Turns ajv's compile error (English, sometimes without a location) into a problem at the
 * place the admin must fix, in both languages. Ajv's strict mode is what refuses unknown
 * (often misspelt) keywords and formats; this makes that refusal readable.
 */
export function compileProblem(schema: JsonSchema, reason: string): SchemaProblem {
  const keyword = /^strict mode: unknown keyword: "(.+)"$/.exec(reason)?.[1];
  if (keyword !== undefined) return schemaProblem(whereKeyword(schema, keyword), 'UNKNOWN_KEYWORD', { keyword, keywords: FORM_KEYWORDS });
  const format = /^unknown format "(.+)" ignored in schema at path "#(.*)"$/.exec(reason);
  if (format) return schemaProblem(`${format[2]}/format`, 'UNKNOWN_FORMAT', { format: format[1], known: COMMON_FORMATS });
  const invalid = /^schema is invalid: data(\S*) (.+?)(, data|$)/.exec(reason);
  if (invalid && parsePointer(invalid[1])) return schemaProblem(invalid[1], 'NOT_JSON_SCHEMA', { reason: invalid[2] });
  const ref = /^can't resolve reference (\S+)/.exec(reason)?.[1];
  if (ref !== undefined) return schemaProblem(whereKeyword(schema, '$ref', ref), 'REF_UNRESOLVED', { ref });
  return schemaProblem('', 'SCHEMA_NOT_COMPILED', { reason });
}
