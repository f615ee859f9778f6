/** A JSON Schema object as admins write it (2020-12). */
export type JsonSchema = { [keyword: string]: unknown };

/** One form of a pack: forms/<id>.json (generated from workflows/schema/form.schema.json by npm run gen:types). */
export type { FormDefinition } from './generated-format/form.js';

/**
 * Annotation keywords our schemas may carry beside standard JSON Schema.
 * They are registered with ajv so strict mode still refuses misspelt keywords.
 *  - x-i18n: per-locale title/description, e.g. { "en": { "title": "Phone" } } (the plain title is zh-CN)
 *  - x-messages: a message that replaces the generic one, per rule or "*" for any rule
 *  - x-personal: marks personal data (name, phone, id-number, address) to be masked on public boards and exports
 *  - x-computed: a read-only field computed from other fields by a small declarative expression
 *    (sum, count, concat, ...; see computed-fields.ts); the server recomputes it, so a client cannot forge it
 *  - x-attachment: limits of a file field (accept: MIME types, maxBytes); the value is an attachment id
 *    (format "attachment") returned by the engine's upload endpoint, never file content
 *  - x-source: the value is picked from engine data ("stations", "deputies", "users", "units"); the server
 *    checks the picked id exists in the county
 */
export const FORM_KEYWORDS = ['x-i18n', 'x-messages', 'x-personal', 'x-computed', 'x-attachment', 'x-source'] as const;

export const PERSONAL_KINDS = ['name', 'phone', 'id-number', 'address', 'other'] as const;
export type PersonalKind = (typeof PERSONAL_KINDS)[number];
