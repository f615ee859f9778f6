import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormRuntime, normalizePayload, type FieldError, type FormDefinition, type JsonSchema } from '../../forms/index.js';

const formsDir = join(import.meta.dirname, '../../workflows/packs/yunan-suggestions/forms');
const yunanForm = (id: string): FormDefinition => JSON.parse(readFileSync(join(formsDir, `${id}.json`), 'utf8'));

const runtime = new FormRuntime();
for (const id of ['suggestion-intake', 'satisfaction', 'triage', 'handling-reply']) runtime.compile(id, yunanForm(id));
const custom = (id: string, properties: Record<string, JsonSchema>, extra: JsonSchema = {}) =>
  runtime.compile(id, { id, title: { 'zh-CN': '测试表单', en: 'Test form' }, schema: { type: 'object', properties, ...extra } });
custom('code', { code: { type: 'string', title: '编号', maxLength: 10, pattern: '^[A-Z]{3}-\\d+$', 'x-i18n': { en: { title: 'Code' } } } });
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
    const error = errorAt(errorsOf('triage', { mechanism: 'general', department: '县气象局' }), '/department');
    expect(error?.message['zh-CN']).toContain('应为以下选项之一：县住房城乡建设局、县交通运输局');
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
