import { FORM_KEYWORDS, type JsonSchema } from './form-definition.js';
import { parsePointer } from './json-pointer.js';
import type { LocalizedText } from './localized-text.js';
import { schemaPointer, subschemas } from './schema-walk.js';

/** Something wrong with an admin-written form schema: where (JSON pointer inside the schema) and why. */
export interface SchemaProblem {
  pointer: string;
  message: LocalizedText;
}

export const schemaProblem = (pointer: string, zh: string, en: string): SchemaProblem => ({ pointer, message: { 'zh-CN': zh, en } });

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

/**
 * Turns ajv's compile error (English, sometimes without a location) into a problem at the
 * place the admin must fix, in both languages. Ajv's strict mode is what refuses unknown
 * (often misspelt) keywords and formats; this makes that refusal readable.
 */
export function compileProblem(schema: JsonSchema, reason: string): SchemaProblem {
  const keyword = /^strict mode: unknown keyword: "(.+)"$/.exec(reason)?.[1];
  if (keyword !== undefined) {
    const ours = FORM_KEYWORDS.join(', ');
    return schemaProblem(
      whereKeyword(schema, keyword),
      `未知的关键字“${keyword}”（是否拼写错误？）：表单只能使用 JSON Schema 2020-12 的关键字和 ${FORM_KEYWORDS.join('、')}`,
      `unknown keyword "${keyword}" (misspelt?): forms may only use JSON Schema 2020-12 keywords and ${ours}`,
    );
  }
  const format = /^unknown format "(.+)" ignored in schema at path "#(.*)"$/.exec(reason);
  if (format) {
    const known = 'date, time, date-time, email, uri, uuid, attachment';
    return schemaProblem(`${format[2]}/format`, `未知的格式“${format[1]}”，常用格式：${known}`, `unknown format "${format[1]}"; common formats: ${known}`);
  }
  const invalid = /^schema is invalid: data(\S*) (.+?)(, data|$)/.exec(reason);
  if (invalid && parsePointer(invalid[1])) {
    return schemaProblem(invalid[1], `不符合 JSON Schema 规范：${invalid[2]}`, `not valid JSON Schema: ${invalid[2]}`);
  }
  const ref = /^can't resolve reference (\S+)/.exec(reason)?.[1];
  if (ref !== undefined) {
    return schemaProblem(whereKeyword(schema, '$ref', ref), `$ref “${ref}”指向不存在的位置`, `$ref "${ref}" points to nothing`);
  }
  return schemaProblem('', `表单结构无法编译：${reason}`, `the form schema does not compile: ${reason}`);
}
