import type { FormDefinition, JsonSchema } from '../../forms/index.js';

// A long, realistic form for the benchmarks, generated so that the 100-field (server) and the
// 300-field (browser) forms are the same kind of form: the field kinds a county office's
// forms use, in the proportions they use them, with Chinese titles and English x-i18n.

type Kind = 'text' | 'choice' | 'integer' | 'date' | 'phone' | 'name';

// Repeats every 10 fields: text is the most common kind, as in the packs' own forms.
const PATTERN: Kind[] = ['text', 'choice', 'integer', 'text', 'date', 'name', 'text', 'choice', 'phone', 'text'];

const TOPICS = ['联络站', '接待', '走访', '建议', '办理', '督办', '反馈', '群众', '代表', '镇街'];
const ASPECTS: Record<Kind, string[]> = {
  text: ['情况说明', '反映问题', '办理意见', '备注', '涉及地点'],
  choice: ['类别', '来源渠道', '办理方式'],
  integer: ['人数', '次数', '天数'],
  date: ['日期'],
  phone: ['联系电话'],
  name: ['联系人姓名'],
};
const CHOICES = [
  ['ecology', '生态建设', 'Ecology'],
  ['infrastructure', '基础设施建设', 'Infrastructure'],
  ['living-environment', '人居环境整治', 'Living environment'],
  ['industry', '产业发展', 'Industry'],
  ['livelihood', '民生保障', 'Livelihood'],
  ['other', '其他', 'Other'],
] as const;
const SENTENCE = '郁南县都城镇东门村村道破损严重，雨天积水，群众出行不便，建议尽快安排资金修缮，并在村口增设路灯两盏。';

/** The kind of a flat field, from its generated name (text12, choice2, ...). */
const kindOf = (name: string): Kind | undefined => /^(text|choice|integer|date|phone|name)\d+$/.exec(name)?.[1] as Kind | undefined;

/** The name of the nested object field and of the list-of-objects field. */
export const CONTACT = 'contact';
export const VISITS = 'visits';

/** One generated field: its name and schema. */
interface Field {
  name: string;
  schema: JsonSchema;
}

const titled = (zh: string, en: string, schema: JsonSchema): JsonSchema => ({ ...schema, title: zh, 'x-i18n': { en: { title: en } } });

function fieldSchema(kind: Kind, zh: string, en: string, index: number): JsonSchema {
  switch (kind) {
    case 'text':
      return titled(zh, en, { type: 'string', maxLength: [50, 200, 500][index % 3] });
    case 'name':
      return titled(zh, en, { type: 'string', maxLength: 50, 'x-personal': 'name' });
    case 'phone':
      return titled(zh, en, {
        type: 'string',
        maxLength: 11,
        pattern: '^1[3-9][0-9]{9}$',
        'x-personal': 'phone',
        'x-messages': { pattern: { 'zh-CN': '应为 11 位手机号码，如 13800138000', en: 'must be an 11-digit mobile number' } },
      });
    case 'choice':
      return titled(zh, en, {
        type: 'string',
        oneOf: CHOICES.map(([value, title, english]) => ({ const: value, title, 'x-i18n': { en: { title: english } } })),
      });
    case 'integer':
      return titled(zh, en, { type: 'integer', minimum: 0, maximum: 10_000 });
    case 'date':
      return titled(zh, en, { type: 'string', format: 'date', maxLength: 10 });
  }
}

function generateFields(count: number): Field[] {
  const fields: Field[] = [];
  for (let i = 0; fields.length < count - 2; i++) {
    const kind = PATTERN[i % PATTERN.length];
    const aspects = ASPECTS[kind];
    const zh = `${TOPICS[Math.floor(i / 10) % TOPICS.length]}${aspects[i % aspects.length]}（${i + 1}）`;
    const name = `${kind}${i + 1}`;
    fields.push({ name, schema: fieldSchema(kind, zh, `${kind} ${i + 1}`, i) });
  }
  return fields;
}

const contactSchema = titled('联系人信息', 'Contact', {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: fieldSchema('name', '姓名', 'Name', 0),
    phone: fieldSchema('phone', '联系电话', 'Phone', 0),
    address: titled('住址', 'Address', { type: 'string', maxLength: 200, 'x-personal': 'address' }),
  },
});

const visitsSchema = titled('走访记录', 'Visits', {
  type: 'array',
  maxItems: 20,
  items: {
    type: 'object',
    required: ['date', 'people'],
    additionalProperties: false,
    properties: {
      date: fieldSchema('date', '走访日期', 'Date', 0),
      people: titled('接待人数', 'People', { type: 'integer', minimum: 0, maximum: 500 }),
      note: titled('走访情况', 'Note', { type: 'string', maxLength: 500 }),
    },
  },
});

/**
 * A form of `count` top-level fields: `count - 2` flat fields (strings with maxLength, oneOf
 * choices, integers with bounds, dates, phones with a pattern, names), a nested contact
 * object and a list of visits. Every third flat field is required.
 */
export function generateForm(count: number): FormDefinition {
  const fields = generateFields(count);
  const middle = Math.floor(fields.length / 2);
  const properties: Record<string, JsonSchema> = {};
  fields.forEach((field, index) => {
    if (index === middle) properties[CONTACT] = contactSchema;
    properties[field.name] = field.schema;
  });
  properties[VISITS] = visitsSchema;
  return {
    id: `bench-${count}`,
    title: { 'zh-CN': `基准测试表单（${count} 项）`, en: `Benchmark form (${count} fields)` },
    schema: {
      type: 'object',
      required: fields.filter((_, i) => i % 3 === 0).map((f) => f.name),
      additionalProperties: false,
      properties,
    },
  };
}

/** A value that passes the field's schema, different from field to field. */
function validValue(kind: Kind, schema: JsonSchema, index: number): unknown {
  switch (kind) {
    case 'text':
      return SENTENCE.slice(index % 10, Math.min(SENTENCE.length, Number(schema.maxLength)));
    case 'name':
      return ['张三', '李四', '王五', '陈六'][index % 4];
    case 'phone':
      return `138${String(10_000_000 + index * 7919).slice(0, 8)}`;
    case 'choice':
      return CHOICES[index % CHOICES.length][0];
    case 'integer':
      return (index * 37) % 10_000;
    case 'date':
      return `2026-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`;
  }
}

/** A fully filled-in payload that the generated form accepts. */
export function validPayload(form: FormDefinition): Record<string, unknown> {
  const properties = form.schema.properties as Record<string, JsonSchema>;
  const payload: Record<string, unknown> = {};
  Object.entries(properties).forEach(([name, schema], index) => {
    const kind = kindOf(name);
    if (kind) payload[name] = validValue(kind, schema, index);
  });
  payload[CONTACT] = { name: '张三', phone: '13800138000', address: '郁南县都城镇东门村 12 号' };
  payload[VISITS] = [0, 1, 2].map((i) => ({ date: `2026-05-0${i + 1}`, people: 3 + i, note: SENTENCE.slice(0, 20 + i) }));
  return payload;
}

/** The valid payload with six mistakes a user makes: too long, not a choice, out of range, bad date, missing, negative. */
export function invalidPayload(form: FormDefinition): Record<string, unknown> {
  const payload = validPayload(form);
  const first = (kind: Kind) => Object.keys(payload).find((name) => kindOf(name) === kind)!;
  payload[first('text')] = '长'.repeat(600);
  payload[first('choice')] = 'weather';
  payload[first('integer')] = 20_000;
  payload[first('date')] = '2026-13-45';
  delete payload[(form.schema.required as string[])[1]];
  (payload[VISITS] as Array<Record<string, unknown>>)[1].people = -1;
  return payload;
}

/** The text fields with room for `length` characters, in form order. */
export function textFieldsWithRoom(form: FormDefinition, length: number): string[] {
  return Object.entries(form.schema.properties as Record<string, JsonSchema>)
    .filter(([name, schema]) => kindOf(name) === 'text' && Number(schema.maxLength) >= length)
    .map(([name]) => name);
}

/** The schema without our x- keywords, which a plain ajv (strict by default) would refuse. */
export function withoutFormKeywords(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutFormKeywords);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !key.startsWith('x-')).map(([key, value]) => [key, withoutFormKeywords(value)]));
}
