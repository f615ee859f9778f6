import type { LocalizedText } from './localized-text.js';

/** A JSON Schema object as admins write it (2020-12). */
export type JsonSchema = { [keyword: string]: unknown };

/** One form of a pack: forms/<id>.json. */
export interface FormDefinition {
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
  schema: JsonSchema;
  uiSchema?: Record<string, unknown>;
}

/**
 * Annotation keywords our schemas may carry beside standard JSON Schema.
 * They are registered with ajv so strict mode still refuses misspelt keywords.
 *  - x-i18n: per-locale title/description, e.g. { "en": { "title": "Phone" } } (the plain title is zh-CN)
 *  - x-messages: a message that replaces the generic one, per rule or "*" for any rule
 *  - x-personal: marks personal data (name, phone, id-number, address) to be masked on public boards and exports
 */
export const FORM_KEYWORDS = ['x-i18n', 'x-messages', 'x-personal'] as const;

export const PERSONAL_KINDS = ['name', 'phone', 'id-number', 'address', 'other'] as const;
export type PersonalKind = (typeof PERSONAL_KINDS)[number];
