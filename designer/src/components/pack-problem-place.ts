import type { Locale } from '../api/types.js';
import type { MessageKey } from '../app/messages.js';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The uploaded one-file pack, read freely: it is whatever the administrator chose, possibly broken. */
type Json = Record<string, unknown> | undefined;

const object = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
const own = (value: unknown, key: string): unknown => (object(value) && Object.hasOwn(object(value)!, key) ? object(value)![key] : undefined);

/** A text the pack gives in both languages ({ "zh-CN", en }), in the reader's, when it is one. */
function localized(value: unknown, locale: Locale): string | undefined {
  const text = own(value, locale) ?? own(value, 'zh-CN');
  return typeof text === 'string' && text ? text : undefined;
}

/** A JSON pointer's keys (RFC 6901). */
const keysOf = (pointer: string) => (pointer ? pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~')) : []);

const FOLDERS: Record<string, { key: MessageKey; name: (entry: unknown, locale: Locale) => string | undefined }> = {
  forms: { key: 'packs.file.form', name: (form, locale) => localized(own(form, 'title'), locale) },
  flows: { key: 'packs.file.flow', name: (flow, locale) => localized(own(own(flow, 'meta'), 'title'), locale) },
  'station-types': { key: 'packs.file.stationType', name: (type, locale) => localized(own(type, 'name'), locale) },
  evaluations: { key: 'packs.file.evaluation', name: (evaluation, locale) => localized(own(evaluation, 'name'), locale) },
};

/** The file a problem is in, as people name it: 表单“意见收集”, not forms/intake.json. */
export function fileLabel(file: string, document: unknown, t: Translate, locale: Locale): string {
  if (file === '') return t('packs.file.whole');
  if (file === 'pack.json') return t('packs.file.manifest');
  const [folder, name, ...rest] = file.split('/');
  const kind = Object.hasOwn(FOLDERS, folder) && !rest.length && name?.endsWith('.json') ? FOLDERS[folder] : undefined;
  if (!kind) return file;
  const id = name.slice(0, -'.json'.length);
  return t(kind.key, { name: kind.name(own(own(document, folder), id), locale) ?? id });
}

const MANIFEST_FIELDS: Record<string, MessageKey> = {
  format: 'packs.place.format',
  id: 'packs.place.id',
  version: 'packs.place.version',
  county: 'packs.place.county',
  name: 'packs.place.name',
  description: 'packs.place.description',
  roles: 'packs.place.roles',
};

/** A field of a form schema: the title it shows the reader, else its name. */
function fieldName(schema: unknown, name: string, locale: Locale): string {
  const english = locale === 'en' ? own(own(own(schema, 'x-i18n'), 'en'), 'title') : undefined;
  const title = english ?? own(schema, 'title');
  return typeof title === 'string' && title ? title : name;
}

/**
 * Where in its file a problem is, in words (状态“待受理” › 操作“受理”, 字段“联系电话”), as far
 * as the pointer leads through the uploaded file; undefined when it says nothing a reader would
 * recognise, and the pointer itself is then the only detail.
 */
export function placeLabel(file: string, pointer: string, document: unknown, t: Translate, locale: Locale): string | undefined {
  const keys = keysOf(pointer);
  const [folder, name] = file.split('/');
  const entry = own(own(document, folder), name?.replace(/\.json$/, '') ?? '');
  const parts: string[] = [];
  if (file === 'pack.json') {
    const key = MANIFEST_FIELDS[keys[0]];
    return key && t(key);
  }
  if (folder === 'flows') {
    if (keys[0] === 'meta' && keys[1] === 'start') return t('packs.place.start');
    if (keys[0] === 'meta' && keys[1] === 'listFields') return t('packs.place.listFields');
    if (keys[0] === 'meta' && keys[1] === 'public') return t('packs.place.public');
    let node: unknown = entry;
    let i = 0;
    for (; keys[i] === 'states' && keys[i + 1] !== undefined; i += 2) {
      node = own(own(node, 'states'), keys[i + 1]);
      parts.push(t('packs.place.state', { name: localized(own(own(node, 'meta'), 'label'), locale) ?? keys[i + 1] }));
    }
    if (keys[i] === 'on' && keys[i + 1] !== undefined) {
      const transition = own(own(node, 'on'), keys[i + 1]);
      const first = Array.isArray(transition) ? transition[Number(keys[i + 2]) || 0] : transition;
      parts.push(t('packs.place.event', { name: localized(own(own(first, 'meta'), 'label'), locale) ?? keys[i + 1] }));
    }
  }
  if (folder === 'forms' && keys[0] === 'schema') {
    let schema: unknown = own(entry, 'schema');
    for (let i = 1; keys[i] === 'properties' && keys[i + 1] !== undefined; i += 2) {
      schema = own(own(schema, 'properties'), keys[i + 1]);
      parts.push(t('packs.place.field', { name: fieldName(schema, keys[i + 1], locale) }));
    }
  }
  return parts.length ? parts.join(' › ') : undefined;
}
