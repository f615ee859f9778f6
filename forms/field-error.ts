import type { ErrorObject } from 'ajv';
import { localizeZh } from './ajv-zh.js';
import type { JsonSchema } from './form-definition.js';
import type { Locale, LocalizedText } from './localized-text.js';

/** One thing wrong with a submitted form, named so a user can find and fix it. */
export interface FieldError {
  /** JSON pointer of the field in the payload, e.g. /contact/phone ("" for the form itself). */
  field: string;
  /** The field's title as the form shows it. */
  title: LocalizedText;
  /** The JSON Schema keyword that failed (required, maxLength, pattern, ...). */
  rule: string;
  /** The full sentence, naming the field and the rule. */
  message: LocalizedText;
}

type Params = Record<string, any>;
type RuleText = (p: Params, schema: JsonSchema) => string;

const TYPE_NAMES: Record<string, LocalizedText> = {
  string: { 'zh-CN': '文本', en: 'text' },
  number: { 'zh-CN': '数字', en: 'a number' },
  integer: { 'zh-CN': '整数', en: 'a whole number' },
  boolean: { 'zh-CN': '是或否', en: 'yes or no' },
  array: { 'zh-CN': '列表', en: 'a list' },
  object: { 'zh-CN': '一组字段', en: 'a group of fields' },
  null: { 'zh-CN': '空值', en: 'empty' },
};

const FORMAT_NAMES: Record<string, LocalizedText> = {
  date: { 'zh-CN': '日期（如 2026-11-28）', en: 'a date (e.g. 2026-11-28)' },
  'date-time': { 'zh-CN': '日期时间', en: 'a date and time' },
  // ajv-formats' time is RFC 3339: seconds and a zone are part of it.
  time: { 'zh-CN': '时间（如 09:30:00+08:00）', en: 'a time (e.g. 09:30:00+08:00)' },
  email: { 'zh-CN': '电子邮箱地址', en: 'an email address' },
  uri: { 'zh-CN': '网址', en: 'a web address' },
  uuid: { 'zh-CN': '编号（UUID）', en: 'an id (UUID)' },
  attachment: { 'zh-CN': '已上传的附件', en: 'an uploaded file' },
};

/** A message names at most this many choices; a longer list ends with how many there are. */
export const MAX_CHOICES_NAMED = 10;

/**
 * The choices of an enum field, or of a oneOf list of {const, title} options, by their titles.
 * A long list is cut after the first few (A、B…等 50 项 / A, B… and 40 more): every wrong
 * entry of a list repeats this sentence, and a choice of hundreds would make each one a page.
 */
function choiceList(schema: JsonSchema, locale: Locale): string {
  const values = Array.isArray(schema.enum) ? schema.enum : Array.isArray(schema.oneOf) ? schema.oneOf : [];
  const name = (v: unknown) => (Array.isArray(schema.enum) ? String(v) : fieldTitle(v as JsonSchema, String((v as JsonSchema).const))[locale]);
  const names = values.slice(0, MAX_CHOICES_NAMED).map(name).join(locale === 'en' ? ', ' : '、');
  if (values.length <= MAX_CHOICES_NAMED) return names;
  return locale === 'en' ? `${names} and ${values.length - MAX_CHOICES_NAMED} more` : `${names} 等 ${values.length} 项`;
}

/** The rule half of a message, per locale. Rules not listed fall back to ajv's own text. */
const RULES: Record<string, Record<Locale, RuleText>> = {
  required: { 'zh-CN': () => '为必填项', en: () => 'is required' },
  minLength: {
    'zh-CN': (p) => (p.limit === 1 ? '不能为空' : `不能少于 ${p.limit} 个字`),
    en: (p) => (p.limit === 1 ? 'must not be empty' : `must have at least ${p.limit} characters`),
  },
  maxLength: { 'zh-CN': (p) => `不能超过 ${p.limit} 个字`, en: (p) => `must have at most ${p.limit} characters` },
  // A raw regular expression means nothing to a liaison officer: say the format is wrong.
  pattern: { 'zh-CN': () => '格式不正确', en: () => 'is not in the expected format' },
  format: {
    'zh-CN': (p) => `应为有效的${FORMAT_NAMES[p.format]?.['zh-CN'] ?? '格式'}`,
    en: (p) => `must be ${FORMAT_NAMES[p.format]?.en ?? 'in the expected format'}`,
  },
  type: {
    'zh-CN': (p) => `应为${TYPE_NAMES[String(p.type).split(',')[0]]?.['zh-CN'] ?? p.type}`,
    en: (p) => `must be ${TYPE_NAMES[String(p.type).split(',')[0]]?.en ?? p.type}`,
  },
  minimum: { 'zh-CN': (p) => `不能小于 ${p.limit}`, en: (p) => `must be at least ${p.limit}` },
  maximum: { 'zh-CN': (p) => `不能大于 ${p.limit}`, en: (p) => `must be at most ${p.limit}` },
  exclusiveMinimum: { 'zh-CN': (p) => `应大于 ${p.limit}`, en: (p) => `must be greater than ${p.limit}` },
  exclusiveMaximum: { 'zh-CN': (p) => `应小于 ${p.limit}`, en: (p) => `must be less than ${p.limit}` },
  multipleOf: { 'zh-CN': (p) => `应为 ${p.multipleOf} 的倍数`, en: (p) => `must be a multiple of ${p.multipleOf}` },
  enum: {
    'zh-CN': (_p, s) => `应为以下选项之一：${choiceList(s, 'zh-CN')}`,
    en: (_p, s) => `must be one of: ${choiceList(s, 'en')}`,
  },
  const: { 'zh-CN': (p) => `应为 ${JSON.stringify(p.allowedValue)}`, en: (p) => `must be ${JSON.stringify(p.allowedValue)}` },
  oneOf: {
    'zh-CN': (_p, s) => `应为以下选项之一：${choiceList(s, 'zh-CN')}`,
    en: (_p, s) => `must be one of: ${choiceList(s, 'en')}`,
  },
  anyOf: { 'zh-CN': () => '应为所列选项之一', en: () => 'must be one of the listed options' },
  minItems: { 'zh-CN': (p) => `至少需要 ${p.limit} 项`, en: (p) => `must have at least ${p.limit} entries` },
  maxItems: { 'zh-CN': (p) => `最多 ${p.limit} 项`, en: (p) => `must have at most ${p.limit} entries` },
  uniqueItems: {
    'zh-CN': (p) => `不能有重复项（第 ${p.j + 1} 项与第 ${p.i + 1} 项相同）`,
    en: (p) => `must not repeat entries (entry ${p.j + 1} equals entry ${p.i + 1})`,
  },
  additionalProperties: { 'zh-CN': () => '不是表单中的字段', en: () => 'is not a field of this form' },
};

/** The title of a field in a locale: x-i18n.<locale>.title, then title, then the property name. */
export function fieldTitle(schema: JsonSchema | undefined, fallback: string): LocalizedText {
  const zh = typeof schema?.title === 'string' ? schema.title : fallback;
  const i18n = (schema?.['x-i18n'] ?? {}) as Record<string, { title?: string }>;
  return { 'zh-CN': zh, en: i18n.en?.title ?? zh };
}

/**
 * The schema of the field at an instance pointer, looking through properties, items, local
 * $refs and the branches that can declare properties (allOf, if/then/else, oneOf, anyOf).
 * Used to title errors raised away from the field's own declaration (e.g. a required in then).
 */
export function fieldSchemaAt(root: JsonSchema, pointer: string): JsonSchema | undefined {
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
    const ref = s?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
    return ref.slice(2).split('/').reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  };
  const branches = (s: JsonSchema): JsonSchema[] => {
    const out: JsonSchema[] = [s];
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) if (Array.isArray(s[key])) out.push(...(s[key] as JsonSchema[]).map(resolve).filter(Boolean) as JsonSchema[]);
    for (const key of ['then', 'else'] as const) if (s[key] && typeof s[key] === 'object') out.push(resolve(s[key] as JsonSchema)!);
    return out;
  };
  let current: JsonSchema | undefined = resolve(root);
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!current) return undefined;
    let next: JsonSchema | undefined;
    for (const branch of branches(current)) {
      const props = branch.properties as Record<string, JsonSchema> | undefined;
      if (props?.[key]) next = resolve(props[key]);
      else if (/^\d+$/.test(key) && branch.items && typeof branch.items === 'object') next = resolve(branch.items as JsonSchema);
      // The declaration with a title wins over bare re-declarations in branches.
      if (next && typeof next.title === 'string') break;
    }
    current = next;
  }
  return current;
}

function lastSegment(pointer: string): string {
  const parts = pointer.split('/');
  return (parts[parts.length - 1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A response lists at most this many field errors; one more entry says how many were left out. */
export const MAX_FIELD_ERRORS = 50;

/** ajv-i18n's sentence for one error; it rewrites .message in place, so it works on a copy. */
function chineseMessage(error: ErrorObject): string | undefined {
  const copy = { ...error };
  localizeZh([copy]);
  return copy.message;
}

/**
 * Turns ajv's errors (compiled with verbose: true, so each carries its parentSchema) into
 * field errors. rootTitle names the form for errors on the whole payload.
 *
 * At most MAX_FIELD_ERRORS are worded; the rest are only counted, into a last entry on the
 * form itself. Nobody reads the 51st red field before fixing the first, and a list of
 * thousands of wrong entries must not become thousands of sentences in a response.
 */
export function toFieldErrors(errors: ErrorObject[], rootTitle: LocalizedText, rootSchema: JsonSchema): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  let more = 0;
  for (const error of errors) {
    const parent = (error.parentSchema ?? {}) as JsonSchema;
    let field = error.instancePath;
    let fieldSchema: JsonSchema | undefined = parent;
    // These two rules are reported on the parent object; the user thinks of them as the child field.
    const child = error.keyword === 'required' ? error.params.missingProperty : error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
    if (child !== undefined) {
      field = `${error.instancePath}/${String(child).replace(/~/g, '~0').replace(/\//g, '~1')}`;
      fieldSchema = (parent.properties as Record<string, JsonSchema> | undefined)?.[child];
    }
    // An enum written as oneOf [{const, title}] fails every branch; one message for the field is enough.
    const key = `${field}|${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (error.keyword === 'const' && /\/oneOf\/\d+\/const$/.test(error.schemaPath)) continue;
    if (out.length === MAX_FIELD_ERRORS) {
      more++;
      continue;
    }

    if (typeof fieldSchema?.title !== 'string') fieldSchema = fieldSchemaAt(rootSchema, field) ?? fieldSchema;
    const title = field === '' ? rootTitle : fieldTitle(fieldSchema, lastSegment(field));
    const override = fieldSchema?.['x-messages'] as Record<string, LocalizedText> | undefined;
    const custom = override?.[error.keyword] ?? override?.['*'];
    const rule = RULES[error.keyword];
    const zhRule = custom?.['zh-CN'] ?? rule?.['zh-CN'](error.params, parent) ?? chineseMessage(error) ?? error.keyword;
    const enRule = custom?.en ?? rule?.en(error.params, parent) ?? error.message ?? error.keyword;
    out.push({
      field,
      title,
      rule: error.keyword,
      message: { 'zh-CN': `“${title['zh-CN']}”${zhRule}`, en: `"${title.en}" ${enRule}` },
    });
  }
  if (more > 0)
    out.push({
      field: '',
      title: rootTitle,
      rule: 'maxErrors',
      message: {
        'zh-CN': `“${rootTitle['zh-CN']}”还有 ${more} 处错误未列出，请先改正以上各项`,
        en: `"${rootTitle.en}" has ${more} more errors not listed here; correct the ones above first`,
      },
    });
  return out;
}
