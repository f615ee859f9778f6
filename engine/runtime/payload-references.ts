import { fieldError, fieldSchemaAt, fieldTitle, type FieldError, type FormDefinition, type JsonSchema, type LocalizedText } from '../../forms/index.js';
import type { Store } from '../store/store.js';
import { accepts, attachmentLimits } from './attachment-rules.js';

/** Engine data a field's value may be picked from (x-source). */
export const SOURCES = ['stations', 'deputies', 'users', 'units'] as const;
export type Source = (typeof SOURCES)[number];

/** A value in a payload that names something stored by the engine. */
export interface PayloadReference {
  kind: 'attachment' | Source;
  id: string;
  /** JSON pointer of the value, e.g. /photos/1. */
  field: string;
  title: LocalizedText;
  /** The schema that carries the field's x-attachment limits (the array field, or the value's own). */
  limitsSchema: JsonSchema;
}

const NOUNS: Record<PayloadReference['kind'], LocalizedText> = {
  attachment: { 'zh-CN': '附件', en: 'an attachment' },
  stations: { 'zh-CN': '站点', en: 'a station' },
  deputies: { 'zh-CN': '代表', en: 'a deputy' },
  users: { 'zh-CN': '用户', en: 'a user' },
  units: { 'zh-CN': '单位', en: 'a unit' },
};

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every attachment id (format "attachment") and every x-source id in a validated payload,
 * found by walking the payload and looking up each value's schema, so values inside arrays,
 * nested objects and conditional branches are found too.
 */
export function collectReferences(form: FormDefinition, payload: unknown): PayloadReference[] {
  const out: PayloadReference[] = [];
  // An array field lends its title, x-source and x-attachment to its entries, which usually declare none.
  const walk = (value: unknown, pointer: string, owner?: { schema: JsonSchema; title: LocalizedText }) => {
    const schema = pointer ? fieldSchemaAt(form.schema, pointer) : form.schema;
    const name = pointer.split('/').pop()?.replace(/~1/g, '/').replace(/~0/g, '~') ?? '';
    const title = owner && typeof schema?.title !== 'string' ? owner.title : fieldTitle(schema, name);
    if (typeof value === 'string') {
      const limitsSchema = schema?.['x-attachment'] || !owner ? (schema ?? {}) : owner.schema;
      if (schema?.format === 'attachment') out.push({ kind: 'attachment', id: value, field: pointer, title, limitsSchema });
      const source = schema?.['x-source'] ?? owner?.schema['x-source'];
      if (SOURCES.includes(source as Source)) out.push({ kind: source as Source, id: value, field: pointer, title, limitsSchema });
    } else if (Array.isArray(value)) {
      value.forEach((entry, i) => walk(entry, `${pointer}/${i}`, { schema: schema ?? {}, title }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, `${pointer}/${escape(key)}`);
    }
  };
  walk(payload, '');
  return out;
}

/**
 * Checks that what a payload refers to exists in the actor's county: attachments (and that
 * each fits its field's x-attachment, whichever field it was uploaded for), stations, deputies
 * and users. Returns one error per bad reference, naming the field by its title; none when all hold.
 */
export async function checkReferences(store: Store, countyId: string, form: FormDefinition, payload: unknown): Promise<FieldError[]> {
  const references = collectReferences(form, payload);
  if (!references.length) return [];
  const kinds = new Set(references.map((r) => r.kind));
  const ids = (kind: PayloadReference['kind']) => [...new Set(references.filter((r) => r.kind === kind).map((r) => r.id))];
  const [attachments, stations, users, units] = await Promise.all([
    kinds.has('attachment') ? store.attachments.listMeta(countyId, ids('attachment')) : [],
    kinds.has('stations') ? store.counties.listStations(countyId) : [],
    kinds.has('deputies') || kinds.has('users') ? store.users.listUsers(countyId, { activeOnly: true }) : [],
    kinds.has('units') ? store.units.listUnits(countyId) : [],
  ]);
  const attachmentById = new Map(attachments.map((a) => [a.id, a]));
  const existing: Record<Source, Set<string>> = {
    stations: new Set(stations.map((s) => s.id)),
    // Deputies are the county's users with the deputy role.
    deputies: new Set(users.filter((u) => u.roles.includes('deputy')).map((u) => u.id)),
    users: new Set(users.map((u) => u.id)),
    // A disabled unit takes no new work.
    units: new Set(units.filter((u) => !u.disabled).map((u) => u.id)),
  };

  const errors: FieldError[] = [];
  const missing = (r: PayloadReference) => errors.push(fieldError(r.field, r.title, 'reference', { thing: NOUNS[r.kind] }));
  for (const r of references) {
    if (r.kind !== 'attachment') {
      if (!existing[r.kind].has(r.id)) missing(r);
      continue;
    }
    const attachment = attachmentById.get(r.id);
    if (!attachment) {
      missing(r);
      continue;
    }
    const limits = attachmentLimits(r.limitsSchema);
    if (!accepts(limits.accept, attachment.mimeType) || attachment.sizeBytes > limits.maxBytes) {
      errors.push(fieldError(r.field, r.title, 'x-attachment', { filename: attachment.filename, mimeType: attachment.mimeType }));
    }
  }
  return errors;
}
