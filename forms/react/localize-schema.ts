import type { JsonSchema } from '../form-definition.js';
import type { Locale } from '../localized-text.js';

/**
 * The schema as a user of this locale should see it: titles and descriptions taken from
 * x-i18n.<locale> where present (the plain title is Chinese). Returns a new schema.
 */
export function localizeSchema(schema: JsonSchema, locale: Locale): JsonSchema {
  if (locale === 'zh-CN') return schema;
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = key === 'x-i18n' || key === 'enum' || key === 'const' || key === 'default' ? value : visit(value);
    const i18n = (node as { 'x-i18n'?: Partial<Record<Locale, { title?: string; description?: string }>> })['x-i18n']?.[locale];
    if (i18n?.title) out.title = i18n.title;
    if (i18n?.description) out.description = i18n.description;
    return out;
  };
  return visit(schema) as JsonSchema;
}
