import type { JsonSchema } from '../form-definition.js';

type Ui = Record<string, any>;

/**
 * Fills in the UI schema from what the schema says, so pack authors need not repeat it:
 * dates get the Chinese date picker, x-source fields a picker of engine data, attachment
 * fields the upload field, x-computed fields are read-only. What the author wrote wins.
 */
export function prepareUiSchema(schema: JsonSchema, ui: Ui = {}): Ui {
  const out: Ui = { ...ui };
  const isAttachment = (s: JsonSchema | undefined) => s?.format === 'attachment';
  if (schema['x-source'] && !out['ui:widget']) out['ui:widget'] = 'source';
  if (schema.format === 'date' && !out['ui:widget']) out['ui:widget'] = 'chineseDate';
  if ((isAttachment(schema) || (schema.type === 'array' && isAttachment(schema.items as JsonSchema))) && !out['ui:field']) out['ui:field'] = 'attachments';
  if (schema['x-computed']) out['ui:readonly'] = true;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [name, child] of Object.entries(properties ?? {})) out[name] = prepareUiSchema(child, ui[name]);
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object' && !isAttachment(schema.items as JsonSchema))
    out.items = prepareUiSchema(schema.items as JsonSchema, ui.items);
  return out;
}
