import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutOversize, FormRuntime, MAX_PAYLOAD_DEPTH, normalizePayload, type FieldError, type FormDefinition, type JsonSchema } from '../../forms/index.js';

const formsDir = join(import.meta.dirname, '../../workflows/packs/yunan-suggestions/forms');
const yunanForm = (id: string): FormDefinition => JSON.parse(readFileSync(join(formsDir, `${id}.json`), 'utf8'));

const runtime = new FormRuntime();
for (const id of ['suggestion-intake', 'satisfaction', 'triage', 'handling-reply']) runtime.compile(id, yunanForm(id));
const custom = (id: string, properties: Record<string, JsonSchema>, extra: JsonSchema = {}) =>
  runtime.compile(id, { id, title: { 'zh-CN': '测试表单', en: 'Test form' }, schema: { type: 'object', properties, ...extra } });
custom('code', { code: { type: 'string', title: '编号', maxLength: 10, pattern: '^[A-Z]{3}-\\d+$', 'x-i18n': { en: { title: 'Code' } } } });
custom('level', { level: { type: 'string', title: '层级', enum: ['县级', '乡镇级'], 'x-i18n': { en: { title: 'Level' } } } });
custom('tags', { tags: { type: 'array', title: '标签', items: { type: 'string', title: '标签', minLength: 1, maxLength: 10, 'x-i18n': { en: { title: 'Tag' } } } } });

const validIntake = { title: '路灯不亮', content: '都城镇东门村路段的路灯已经坏了两个月', category: 'infrastructure', channel: 'visit' };

function errorsOf(key: string, payload: unknown): FieldError[] {
  const result = runtime.validate(key, payload);
  if (result.valid) throw new Error(`expected ${key} to refuse ${JSON.stringify(payload)}`);
  return result.errors;
}
const errorAt = (errors: FieldError[], field: string) => errors.find((e) => e.field === field);

describe('field errors: one sentence per field, in zh-CN and en', () => {
  it('required names the field by its title', () => {
    const error = errorAt(errorsOf('suggestion-intake', {}), '/title');
    expect(error).toEqual({
      field: '/title',
      title: { 'zh-CN': '建议标题', en: 'Title' },
      rule: 'required',
      params: {},
      message: { 'zh-CN': '“建议标题”为必填项', en: '"Title" is required' },
    });
  });

  it('minLength gives the limit, and says "must not be empty" for a limit of 1', () => {
    expect(errorAt(errorsOf('suggestion-intake', { ...validIntake, title: '路灯' }), '/title')?.message).toEqual({
      'zh-CN': '“建议标题”不能少于 4 个字',
      en: '"Title" must have at least 4 characters',
    });
    // An empty string survives normalisation only inside a list.
    expect(errorAt(errorsOf('tags', { tags: ['乡村', ''] }), '/tags/1')?.message).toEqual({ 'zh-CN': '“标签”不能为空', en: '"Tag" must not be empty' });
  });

  it('maxLength gives the limit', () => {
    expect(errorAt(errorsOf('suggestion-intake', { ...validIntake, title: '长'.repeat(101) }), '/title')?.message).toEqual({
      'zh-CN': '“建议标题”不能超过 100 个字',
      en: '"Title" must have at most 100 characters',
    });
  });

  it('pattern never shows the regular expression', () => {
    const [error] = errorsOf('code', { code: 'abc' });
    expect(error.message).toEqual({ 'zh-CN': '“编号”格式不正确', en: '"Code" is not in the expected format' });
    expect(JSON.stringify(error)).not.toContain('[A-Z]');
  });

  it('x-messages replaces the generic message of a rule', () => {
    expect(errorAt(errorsOf('suggestion-intake', { ...validIntake, constituentPhone: '12345' }), '/constituentPhone')?.message).toEqual({
      'zh-CN': '“反映人电话”应为 11 位手机号码，如 13800138000',
      en: '"Constituent\'s phone" must be an 11-digit mobile number, e.g. 13800138000',
    });
  });

  it('format names the expected format with an example', () => {
    const payload = { handlingMode: 'joint', result: 'solved', reply: '已经修好路灯，群众满意。', completedOn: '昨天' };
    expect(errorAt(errorsOf('handling-reply', payload), '/completedOn')?.message).toEqual({
      'zh-CN': '“办结日期”应为有效的日期（如 2026-11-28）',
      en: '"Completed on" must be a date (e.g. 2026-11-28)',
    });
  });

  it('oneOf lists the options by their titles, once per field', () => {
    const errors = errorsOf('suggestion-intake', { ...validIntake, category: 'weather' });
    expect(errors.filter((e) => e.field === '/category')).toHaveLength(1);
    const { message } = errorAt(errors, '/category')!;
    expect(message['zh-CN']).toBe('“建议类别”应为以下选项之一：生态建设、基础设施建设、人居环境整治、污染治理、产业发展、民生保障、其他');
    expect(message.en).toBe('"Category" must be one of: Ecology, Infrastructure, Living environment, Pollution control, Industry, Livelihood, Other');
  });

  it('enum lists the allowed values', () => {
    const error = errorAt(errorsOf('level', { level: '市级' }), '/level');
    expect(error?.message['zh-CN']).toContain('“层级”应为以下选项之一：县级、乡镇级');
  });

  it('a field required inside if/then is named by its title', () => {
    expect(errorAt(errorsOf('satisfaction', { rating: 'unsatisfied' }), '/ratingComment')).toMatchObject({
      title: { 'zh-CN': '测评意见', en: 'Comment' },
      message: { 'zh-CN': '“测评意见”为必填项', en: '"Comment" is required' },
    });
    expect(errorAt(errorsOf('triage', { mechanism: 'major' }), '/department')?.message['zh-CN']).toBe('“承办单位”为必填项');
  });

  it('a field the form does not have is named as such', () => {
    expect(errorAt(errorsOf('suggestion-intake', { ...validIntake, secret: 1 }), '/secret')?.message).toEqual({
      'zh-CN': '“secret”不是表单中的字段',
      en: '"secret" is not a field of this form',
    });
  });
});

describe('empty strings are "not filled in", as in the browser', () => {
  it('a required field left empty fails as required, not as too short', () => {
    const errors = errorsOf('suggestion-intake', { ...validIntake, title: '' });
    expect(errors.map((e) => [e.field, e.rule])).toEqual([['/title', 'required']]);
  });

  it('an optional field left empty is dropped from the stored value', () => {
    const result = runtime.validate('suggestion-intake', { ...validIntake, location: '', constituentName: '' });
    expect(result).toEqual({ valid: true, value: validIntake });
  });

  it('a key named __proto__ is dropped, never taken as the prototype of the payload', () => {
    // JSON.parse makes "__proto__" an own key; were it assigned, it would become the prototype
    // and its fields would seem present to ajv (required, properties) yet never be stored.
    const tricked = JSON.parse(`{"__proto__": {"title": "路灯不亮"}, "content": "${validIntake.content}", "category": "infrastructure", "channel": "visit"}`);
    expect(errorsOf('suggestion-intake', tricked).map((e) => [e.field, e.rule])).toEqual([['/title', 'required']]);
    const result = runtime.validate('suggestion-intake', JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(validIntake).slice(1)}`));
    expect(result).toEqual({ valid: true, value: validIntake });
    expect(Object.getPrototypeOf((result as { value: object }).value)).toBe(Object.prototype);
  });

  it('normalizePayload is idempotent and leaves no empty string in an object (property)', () => {
    const hasEmptyProperty = (v: unknown): boolean =>
      Array.isArray(v) ? v.some(hasEmptyProperty) : v !== null && typeof v === 'object' ? Object.values(v).some((x) => x === '' || hasEmptyProperty(x)) : false;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = normalizePayload(value);
        expect(normalizePayload(once)).toEqual(once);
        expect(hasEmptyProperty(once)).toBe(false);
      }),
    );
  });
});

describe('attachment fields', () => {
  it('a value that is not an uploaded file id is refused, naming the field in words', () => {
    const runtime = new FormRuntime();
    runtime.compile('photos', {
      id: 'photos',
      title: { 'zh-CN': '照片', en: 'Photos' },
      schema: { type: 'object', properties: { photo: { type: 'string', format: 'attachment', title: '现场照片', 'x-i18n': { en: { title: 'Site photo' } } } } },
    });
    const result = runtime.validate('photos', { photo: 'data:image/png;base64,AAAA' });
    expect(result.valid).toBe(false);
    if (!result.valid) {
      expect(result.errors[0].message).toEqual({ 'zh-CN': '“现场照片”应为有效的已上传的附件', en: '"Site photo" must be an uploaded file' });
    }
    expect(runtime.validate('photos', { photo: '01a2242f-a4c5-70c3-ba35-de99f9255c93' }).valid).toBe(true);
  });
});

describe('one payload cannot stop the engine', () => {
  const choices = Array.from({ length: 50 }, (_, i) => `选项${i + 1}`);
  const bounded = new FormRuntime();
  bounded.compile('lists', {
    id: 'lists',
    title: { 'zh-CN': '清单', en: 'Lists' },
    schema: {
      type: 'object',
      properties: {
        tags: { type: 'array', title: '标签', maxItems: 5, items: { type: 'string', title: '标签', enum: choices } },
        notes: { type: 'array', title: '备注', maxItems: 200, items: { type: 'string', title: '备注', maxLength: 2 } },
        people: {
          type: 'array', title: '人员', maxItems: 100, uniqueItems: true,
          items: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } },
        },
        extra: { type: 'object', title: '其他信息' },
        labels: { type: 'object', title: '附加标签', maxProperties: 5, properties: { main: { type: 'string', maxLength: 2 } }, additionalProperties: { type: 'string', enum: choices } },
      },
    },
  });
  const refused = (payload: unknown) => {
    const result = bounded.validate('lists', payload);
    if (result.valid) throw new Error('expected a refusal');
    return result.errors;
  };

  it('a list far over its maxItems is refused for its length, and only its first entries are explained', () => {
    const errors = refused({ tags: Array.from({ length: 5000 }, () => '无此选项') });
    expect(errors[0]).toMatchObject({ field: '/tags', rule: 'maxItems', message: { 'zh-CN': '“标签”最多 5 项' } });
    // maxItems + 1 entries are explained: the list still breaks its limit, the rest waits until it is shortened.
    expect(errors.slice(1).map((e) => e.field)).toEqual(['/tags/0', '/tags/1', '/tags/2', '/tags/3', '/tags/4', '/tags/5']);
    console.log(`a list of 5,000 wrong choices: ${errors.length} field errors`);
  });

  it('an open group far over its maxProperties keeps its named fields and explains its first keys only', () => {
    const labels: Record<string, string> = { main: '太长的标签' };
    for (let i = 0; i < 20_000; i++) labels[`k${i}`] = '无此选项';
    const errors = refused({ labels });
    expect(errors.map((e) => [e.field, e.rule])).toEqual([
      ['/labels', 'maxProperties'],
      ...['k0', 'k1', 'k2', 'k3', 'k4'].map((k) => [`/labels/${k}`, 'enum']),
      ['/labels/main', 'maxLength'],
    ]);
  });

  it('a closed form flooded with unknown fields lists the first of them, not 20,000', () => {
    const flood = JSON.parse(`{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":1`).join(',')}}`);
    const errors = errorsOf('suggestion-intake', { ...validIntake, ...flood });
    expect(errors.slice(0, 50).map((e) => [e.field, e.rule])).toEqual(Array.from({ length: 50 }, (_, i) => [`/k${i}`, 'additionalProperties']));
    expect(errors[50].rule).toBe('maxErrors');
    // Only the named fields and the first 51 unknown ones were explained.
    expect(cutOversize(yunanForm('suggestion-intake').schema, { ...validIntake, ...flood })).toEqual({ ...validIntake, ...Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 1])) });
  });

  it('uniqueItems over objects compares only the entries a list may have, not 3,000', () => {
    const people = Array.from({ length: 3000 }, (_, i) => ({ name: `代表${i}` }));
    people[2999] = { name: '代表2998' }; // a repeat far past the limit
    const errors = refused({ people });
    expect(errors.map((e) => e.rule)).toEqual(['maxItems']);
    // Within the limit, repeats are still found.
    const few = refused({ people: [{ name: '张三' }, { name: '李四' }, { name: '张三' }] });
    expect(few.map((e) => [e.field, e.rule])).toEqual([['/people', 'uniqueItems']]);
  });

  it('lists at most 50 field errors, then one entry saying how many more, in both languages', () => {
    const errors = refused({ notes: Array.from({ length: 120 }, () => '太长的备注') });
    expect(errors).toHaveLength(51);
    expect(errors[49].field).toBe('/notes/49');
    expect(errors[50]).toEqual({
      field: '',
      title: { 'zh-CN': '清单', en: 'Lists' },
      rule: 'maxErrors',
      params: { more: 70 },
      message: { 'zh-CN': '“清单”还有 70 处错误未列出，请先改正以上各项', en: '"Lists" has 70 more errors not listed here; correct the ones above first' },
    });
  });

  it('a long choice list is named by its first ten choices and how many there are', () => {
    const [error] = refused({ tags: ['无此选项'] });
    expect(error).toMatchObject({ rule: 'enum', params: { total: 50 } });
    expect(error.params).toHaveProperty('choices', expect.arrayContaining([{ 'zh-CN': '选项1', en: '选项1' }]));
    expect(error.message).toEqual({
      'zh-CN': '“标签”应为以下选项之一：选项1、选项2、选项3、选项4、选项5、选项6、选项7、选项8、选项9、选项10 等 50 项',
      en: '"标签" must be one of: 选项1, 选项2, 选项3, 选项4, 选项5, 选项6, 选项7, 选项8, 选项9, 选项10 and 40 more',
    });
  });

  it('a payload nested 60,000 levels deep is refused as a field error, not a stack overflow', () => {
    let deep: unknown = '底';
    for (let i = 0; i < 60_000; i++) deep = [deep];
    expect(refused({ extra: { deep } })).toEqual([
      {
        field: '/extra',
        title: { 'zh-CN': '其他信息', en: '其他信息' },
        rule: 'maxDepth',
        params: { maxDepth: MAX_PAYLOAD_DEPTH },
        message: { 'zh-CN': '“其他信息”的内容嵌套超过 64 层（规则：嵌套深度）', en: '"其他信息" is nested deeper than 64 levels (rule: nesting depth)' },
      },
    ]);
    // Just within the limit, the payload is validated as usual.
    let within: unknown = '底';
    for (let i = 0; i < 62; i++) within = [within];
    expect(bounded.validate('lists', { extra: { within } }).valid).toBe(true);
  });
});

describe('declared defaults: what nobody filled in', () => {
  const runtime = new FormRuntime();
  const channel = { type: 'string', title: '渠道', default: 'visit', oneOf: [{ const: 'phone', title: '电话' }, { const: 'visit', title: '走访' }] };
  const level = { type: 'string', title: '层级', oneOf: [{ const: 'national', title: '全国人大代表' }, { const: 'township', title: '乡镇人大代表' }] };
  runtime.compile('defaults', {
    id: 'defaults',
    title: { 'zh-CN': '默认值', en: 'Defaults' },
    schema: {
      type: 'object',
      required: ['ok'],
      properties: {
        ok: { type: 'boolean', title: '同意' },
        channel,
        level,
        contact: { type: 'object', properties: { city: { type: 'string', maxLength: 10, default: '都城镇' } } },
        visits: { type: 'array', maxItems: 5, items: { type: 'object', properties: { people: { type: 'integer', default: 1 }, note: { type: 'string', maxLength: 5 } } } },
      },
    },
  });

  it('the server fills in a declared default for an omitted field, and nothing for an untouched choice without one', () => {
    expect(runtime.validate('defaults', { ok: true })).toEqual({ valid: true, value: { ok: true, channel: 'visit' } });
  });

  it('a value the user gave is kept; an empty one means "not filled in" and gets the default', () => {
    expect(runtime.validate('defaults', { ok: true, channel: 'phone', level: 'township' })).toEqual({ valid: true, value: { ok: true, channel: 'phone', level: 'township' } });
    expect(runtime.validate('defaults', { ok: false, channel: '' })).toEqual({ valid: true, value: { ok: false, channel: 'visit' } });
  });

  it('defaults of a group and of list entries apply where the group or entry is there', () => {
    const result = runtime.validate('defaults', { ok: true, contact: {}, visits: [{ note: '甲' }, { people: 3 }] });
    expect(result).toEqual({
      valid: true,
      value: { ok: true, channel: 'visit', contact: { city: '都城镇' }, visits: [{ note: '甲', people: 1 }, { people: 3 }] },
    });
  });

  it('prepare gives the browser the same defaults before anything is typed, without the required answer', () => {
    expect(runtime.prepare('defaults', {})).toEqual({ channel: 'visit' });
    expect(runtime.prepare('defaults', { channel: 'phone' })).toEqual({ channel: 'phone' });
  });
});

describe('tryOut: running a form\'s validators once', () => {
  it('finds a validator that compiles but overflows the stack on its first run (a flat form of 1,600 fields)', () => {
    const runtime = new FormRuntime();
    const properties = Object.fromEntries(Array.from({ length: 1600 }, (_, i) => [`f${i}`, { type: 'string', maxLength: 20 }]));
    runtime.compile('flat', { id: 'flat', title: { 'zh-CN': '大表单', en: 'Flat' }, schema: { type: 'object', properties } });
    expect(() => runtime.tryOut('flat')).toThrow(/Maximum call stack size exceeded/);
  });

  it('runs every shipped-size form without complaint', () => {
    for (const id of ['suggestion-intake', 'satisfaction', 'triage', 'handling-reply']) expect(() => runtime.tryOut(id)).not.toThrow();
  });
});
