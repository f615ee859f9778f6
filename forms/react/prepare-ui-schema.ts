import type { JsonSchema } from '../form-definition.js';

type Ui = Record<string, unknown>;

/** The author's UI schema of a field or list entry: an object, when there is one. */
const uiOf = (value: unknown): Ui | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Ui) : undefined);

/** A choice: an enum, or oneOf options that each have a const. */
const isChoice = (s: JsonSchema) => Array.isArray(s.enum) || (Array.isArray(s.oneOf) && s.oneOf.every((o) => o && typeof o === 'object' && 'const' in o));

/**
 * Fills in the UI schema from what the schema says, so pack authors need not repeat it:
 * dates get the Chinese date picker, x-source fields a picker of engine data, attachment
 * fields the upload field, x-computed fields are read-only, and a choice nobody has made yet
 * shows `choose` ("请选择") rather than a blank box. What the author wrote wins.
 */
export function prepareUiSchema(schema: JsonSchema, ui: Ui = {}, choose?: string): Ui {
  const out: Ui = { ...ui };
  if (choose && (isChoice(schema) || schema['x-source']) && !out['ui:placeholder']) out['ui:placeholder'] = choose;
  const isAttachment = (s: JsonSchema | undefined) => s?.format === 'attachment';
  if (schema['x-source'] && !out['ui:widget']) out['ui:widget'] = 'source';
  if (schema.format === 'date' && !out['ui:widget']) out['ui:widget'] = 'chineseDate';
  if ((isAttachment(schema) || (schema.type === 'array' && isAttachment(schema.items as JsonSchema))) && !out['ui:field']) out['ui:field'] = 'attachments';
  if (schema['x-computed']) out['ui:readonly'] = true;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [name, child] of Object.entries(properties ?? {})) out[name] = prepareUiSchema(child, uiOf(ui[name]), choose);
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object' && !isAttachment(schema.items as JsonSchema))
    out.items = prepareUiSchema(schema.items as JsonSchema, uiOf(ui.items), choose);
  return out;
}
