import type { Locale, LocalizedText } from './localized-text.js';
import { wording, type NoParams, type Wording } from './wording.js';

/** What every field error's sentence can read: the field's title as the form shows it. */
export type Titled = { title: LocalizedText };

/** A rule whose sentence follows the field's title: “标题”为必填项 / "Title" is required. */
const titled = <P extends object = NoParams>(zh: (p: P) => string, en: (p: P) => string): Wording<P & Titled> =>
  wording<P & Titled>((p) => `“${p.title['zh-CN']}”${zh(p)}`, (p) => `"${p.title.en}" ${en(p)}`);

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

/** The choices a field offers, as a message names them: the first few by title, and how many there are. */
export type Choices = { choices: readonly LocalizedText[]; total: number };

/** A long list ends with how many there are (A、B…等 50 项 / A, B… and 40 more). */
function choiceList({ choices, total }: Choices, locale: Locale): string {
  const names = choices.map((c) => c[locale]).join(locale === 'en' ? ', ' : '、');
  if (total <= choices.length) return names;
  return locale === 'en' ? `${names} and ${total - choices.length} more` : `${names} 等 ${total} 项`;
}

type Limit = { limit: number };
const typeName = (type: string, locale: Locale) => TYPE_NAMES[type.split(',')[0]]?.[locale] ?? type;

/**
 * Every rule a submitted form can break, by code: the JSON Schema keywords ajv checks (with the
 * parameters our sentences need, not ajv's), and the engine's own rules. Keywords without an
 * entry keep ajv's own sentence (AJV_RULE).
 */
export const FIELD_RULES = {
  required: titled(() => '为必填项', () => 'is required'),
  minLength: titled<Limit>(
    (p) => (p.limit === 1 ? '不能为空' : `不能少于 ${p.limit} 个字`),
    (p) => (p.limit === 1 ? 'must not be empty' : `must have at least ${p.limit} characters`),
  ),
  maxLength: titled<Limit>((p) => `不能超过 ${p.limit} 个字`, (p) => `must have at most ${p.limit} characters`),
  // A raw regular expression means nothing to a liaison officer: say the format is wrong.
  pattern: titled(() => '格式不正确', () => 'is not in the expected format'),
  format: titled<{ format: string }>(
    (p) => `应为有效的${FORMAT_NAMES[p.format]?.['zh-CN'] ?? '格式'}`,
    (p) => `must be ${FORMAT_NAMES[p.format]?.en ?? 'in the expected format'}`,
  ),
  type: titled<{ type: string }>((p) => `应为${typeName(p.type, 'zh-CN')}`, (p) => `must be ${typeName(p.type, 'en')}`),
  minimum: titled<Limit>((p) => `不能小于 ${p.limit}`, (p) => `must be at least ${p.limit}`),
  maximum: titled<Limit>((p) => `不能大于 ${p.limit}`, (p) => `must be at most ${p.limit}`),
  exclusiveMinimum: titled<Limit>((p) => `应大于 ${p.limit}`, (p) => `must be greater than ${p.limit}`),
  exclusiveMaximum: titled<Limit>((p) => `应小于 ${p.limit}`, (p) => `must be less than ${p.limit}`),
  multipleOf: titled<{ multipleOf: number }>((p) => `应为 ${p.multipleOf} 的倍数`, (p) => `must be a multiple of ${p.multipleOf}`),
  enum: titled<Choices>((p) => `应为以下选项之一：${choiceList(p, 'zh-CN')}`, (p) => `must be one of: ${choiceList(p, 'en')}`),
  const: titled<{ allowedValue: unknown }>((p) => `应为 ${JSON.stringify(p.allowedValue)}`, (p) => `must be ${JSON.stringify(p.allowedValue)}`),
  oneOf: titled<Choices>((p) => `应为以下选项之一：${choiceList(p, 'zh-CN')}`, (p) => `must be one of: ${choiceList(p, 'en')}`),
  anyOf: titled(() => '应为所列选项之一', () => 'must be one of the listed options'),
  minItems: titled<Limit>((p) => `至少需要 ${p.limit} 项`, (p) => `must have at least ${p.limit} entries`),
  maxItems: titled<Limit>((p) => `最多 ${p.limit} 项`, (p) => `must have at most ${p.limit} entries`),
  uniqueItems: titled<{ i: number; j: number }>(
    (p) => `不能有重复项（第 ${p.j + 1} 项与第 ${p.i + 1} 项相同）`,
    (p) => `must not repeat entries (entry ${p.j + 1} equals entry ${p.i + 1})`,
  ),
  additionalProperties: titled(() => '不是表单中的字段', () => 'is not a field of this form'),

  // the engine's own rules
  /** More errors than a response words (MAX_FIELD_ERRORS): only counted, on the form itself. */
  maxErrors: titled<{ more: number }>(
    (p) => `还有 ${p.more} 处错误未列出，请先改正以上各项`,
    (p) => `has ${p.more} more errors not listed here; correct the ones above first`,
  ),
  maxDepth: titled<{ maxDepth: number }>(
    (p) => `的内容嵌套超过 ${p.maxDepth} 层（规则：嵌套深度）`,
    (p) => `is nested deeper than ${p.maxDepth} levels (rule: nesting depth)`,
  ),
  /** An id of engine data (a station, a deputy, an attachment) the county does not have. */
  reference: titled<{ thing: LocalizedText }>((p) => `引用的${p.thing['zh-CN']}不存在`, (p) => `refers to ${p.thing.en} that does not exist`),
  'x-attachment': titled<{ filename: string; mimeType: string }>(
    (p) => `引用的附件“${p.filename}”（${p.mimeType}）不符合此字段对文件类型或大小的要求`,
    (p) => `refers to the attachment "${p.filename}" (${p.mimeType}), whose type or size this field does not accept`,
  ),
  /** A payload sent with an event that carries no form: said of the action, not of a field. */
  noForm: wording<Titled>(() => '此操作不带表单，请不要提交数据', () => 'This action carries no form; send no payload'),
};

export type FieldRule = keyof typeof FIELD_RULES;

/** A keyword without an entry above: ajv's own sentence (ajv-i18n's in Chinese) after the title. */
export const AJV_RULE = titled<{ reason: LocalizedText }>((p) => p.reason['zh-CN'], (p) => p.reason.en);
