import { personalFields, type JsonSchema, type LocalizedText } from '../../forms/index.js';

/**
 * A public title template ("{category}·{area}"): literal text with start-form fields in braces.
 * Titles on public boards come only from such templates, never from a field someone typed,
 * so a name or a phone number written into a free-text title cannot reach the board.
 */

const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]{0,62})\}/g;

/** The field names a template uses, or why it cannot be read (a brace that opens no field name). */
export function templateFields(template: string): { fields: string[] } | { problem: LocalizedText } {
  if (/[{}]/.test(template.replace(PLACEHOLDER, '')))
    return {
      problem: {
        'zh-CN': '“{”和“}”必须成对出现，括起一个字段名，例如 {category}',
        en: '"{" and "}" must come in pairs around a field name, e.g. {category}',
      },
    };
  return { fields: [...template.matchAll(PLACEHOLDER)].map((m) => m[1]) };
}

/** The template with each field replaced by its text. */
export function fillTemplate(template: string, text: (field: string) => string): string {
  return template.replace(PLACEHOLDER, (_, field: string) => text(field));
}

/** A value chosen from a list the form offers: oneOf consts (with titles), enum or const. */
export function isChoice(schema: JsonSchema): boolean {
  const options = schema.oneOf;
  return (Array.isArray(options) && options.length > 0 && options.every((o) => o !== null && typeof o === 'object' && 'const' in o)) || Array.isArray(schema.enum) || 'const' in schema;
}

const BOUNDED_TYPES = new Set(['integer', 'number', 'boolean', 'null']);

/**
 * Why a field may not appear in a public title, or undefined when it may. Allowed are values
 * nobody can write a sentence into: choices, numbers, yes/no and dates. Personal fields are
 * refused even though boards mask them: a masked name (张**) says nothing as a headline.
 */
export function titleFieldRefusal(schema: JsonSchema): LocalizedText | undefined {
  if (personalFields(schema).length) return { 'zh-CN': '是个人信息（x-personal）', en: 'is personal data (x-personal)' };
  if (schema['x-source'] !== undefined) return { 'zh-CN': '是从系统数据中选取的编号', en: 'holds an id picked from engine data (x-source)' };
  if (isChoice(schema)) return undefined;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [];
  if (types.some((t) => t === 'object' || t === 'array')) return { 'zh-CN': '是一组字段或列表，不是单个值', en: 'is a group of fields or a list, not a single value' };
  if (schema.format === 'attachment') return { 'zh-CN': '是附件', en: 'is a file' };
  if (types.includes('string') && schema.format !== 'date') return { 'zh-CN': '是自由填写的文字', en: 'is free text' };
  if (types.length && types.every((t) => BOUNDED_TYPES.has(t) || (t === 'string' && schema.format === 'date'))) return undefined;
  return { 'zh-CN': '取值类型不明，可能是自由填写的文字', en: 'has no declared type, so it may be free text' };
}
