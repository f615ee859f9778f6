import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { FORM_KEYWORDS, type JsonSchema } from '../../forms/index.js';
import { checkSchemaSafety, MAX_CHECKS, MAX_EXPANDED_PARTS, MAX_SCHEMA_DEPTH, MAX_UNIQUE_ITEMS_COMPARED } from '../../forms/schema-safety.js';
import { fixturePack } from '../support/fixture-pack.js';
import { expectPackProblem } from '../support/pack-problems.js';

/** A one-field form schema around the given field. */
const withField = (field: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'object', properties: { x: field }, ...extra });

const pointers = (schema: JsonSchema) => checkSchemaSafety(schema).map((p) => p.pointer);

/** The fixture pack with its form's schema replaced. */
function packWithSchema(schema: JsonSchema) {
  return fixturePack().map((f) => {
    if (f.path !== 'forms/decision.json') return f;
    const form = JSON.parse(f.text);
    form.schema = { ...form.schema, ...schema, properties: { ...form.schema.properties, ...(schema.properties as object) } };
    return { ...f, text: JSON.stringify(form) };
  });
}

describe('schema safety: regular expressions', () => {
  it('refuses a pattern that can backtrack catastrophically, naming the rule in both languages', () => {
    const problem = expectPackProblem(checkSchemaSafety(withField({ type: 'string', maxLength: 50, pattern: '^(a+)+$' })), 'REGEX_BACKTRACKS', { pointer: '/properties/x/pattern' });
    expect(problem.params).toEqual({ source: '^(a+)+$', complexity: 'exponential' });
    expect(problem.message['zh-CN']).toContain('灾难性回溯');
    expect(problem.message['zh-CN']).toContain('规则');
    expect(problem.message.en).toContain('ReDoS');
    expect(problem.message.en).toContain('rule: no catastrophic backtracking');
  });

  it('refuses a pattern that is not a valid JavaScript regular expression (as ajv compiles it, with the u flag)', () => {
    const problems = checkSchemaSafety(withField({ type: 'string', maxLength: 50, pattern: '(' }));
    expect(problems).toHaveLength(1);
    expectPackProblem(problems, 'REGEX_INVALID', { pointer: '/properties/x/pattern' });
    expect(problems[0].message['zh-CN']).toContain('不是有效的正则表达式');
    expect(problems[0].message.en).toContain('not a valid regular expression');
    // Valid without the u flag, invalid with it: ajv would refuse it too.
    expect(pointers(withField({ type: 'string', maxLength: 5, pattern: '\\-{' }))).toEqual(['/properties/x/pattern']);
  });

  it('checks the keys of patternProperties, escaping them in the pointer', () => {
    const problems = checkSchemaSafety(withField({ type: 'object', maxProperties: 5, patternProperties: { '^(a|a)*/$': { type: 'string', maxLength: 5 } } }));
    expect(problems.map((p) => p.pointer)).toEqual(['/properties/x/patternProperties/^(a|a)*~1$']);
    expect(problems[0].message.en).toContain('ReDoS');
  });

  it('accepts ordinary safe patterns', () => {
    expect(checkSchemaSafety(withField({ type: 'string', maxLength: 11, pattern: '^1[3-9][0-9]{9}$' }))).toEqual([]);
    expect(checkSchemaSafety(withField({ type: 'string', maxLength: 20, pattern: '^\\p{Script=Han}{2,20}$' }))).toEqual([]);
  });
});

describe('schema safety: lengths', () => {
  it('refuses a pattern without maxLength on the same schema', () => {
    const problem = expectPackProblem(checkSchemaSafety(withField({ type: 'string', pattern: '^[a-z]+$' })), 'PATTERN_WITHOUT_MAX_LENGTH', { pointer: '/properties/x/pattern' });
    expect(problem.message['zh-CN']).toContain('maxLength');
    expect(problem.message.en).toContain('rule: pattern needs maxLength');
  });

  it('refuses an unbounded format without maxLength', () => {
    const [problem] = checkSchemaSafety(withField({ type: 'string', format: 'email' }));
    expect(problem.pointer).toBe('/properties/x/format');
    expect(problem.message.en).toContain('format "email" must also set maxLength');
    expect(problem.message['zh-CN']).toContain('格式为“email”的字段必须同时设置 maxLength');
    expect(checkSchemaSafety(withField({ type: 'string', format: 'email', maxLength: 100 }))).toEqual([]);
  });

  it.each(['date', 'time', 'date-time', 'uuid', 'attachment'])('accepts format %s without maxLength (its syntax bounds it)', (format) => {
    expect(checkSchemaSafety(withField({ type: 'string', format }))).toEqual([]);
  });
});

describe('schema safety: lists', () => {
  it('refuses a list without maxItems, at the list', () => {
    const [problem] = checkSchemaSafety(withField({ type: 'array', items: { type: 'string', enum: ['甲', '乙'] } }));
    expect(problem.pointer).toBe('/properties/x');
    expect(problem.message['zh-CN']).toContain('列表字段必须设置 maxItems');
    expect(problem.message.en).toContain('rule: lists need maxItems');
    expect(checkSchemaSafety(withField({ type: 'array', maxItems: 20, items: { type: 'string', enum: ['甲', '乙'] } }))).toEqual([]);
  });

  it('counts as a list whatever walks entries, and lists nested anywhere', () => {
    expect(pointers(withField({ prefixItems: [{ type: 'integer' }] }))).toEqual(['/properties/x']);
    expect(pointers(withField({ type: ['array', 'null'] }))).toEqual(['/properties/x']);
    expect(pointers(withField({ type: 'object', maxProperties: 5, additionalProperties: { type: 'array', maxItems: 3, items: { type: 'array' } } }))).toEqual(['/properties/x/additionalProperties/items']);
  });

  it('refuses an open group whose extra keys are checked against a schema, without maxProperties', () => {
    const [problem] = checkSchemaSafety(withField({ type: 'object', additionalProperties: { type: 'integer' } }));
    expect(problem.pointer).toBe('/properties/x');
    expect(problem.message.en).toContain('rule: open groups need maxProperties');
    expect(checkSchemaSafety(withField({ type: 'object', maxProperties: 20, additionalProperties: { type: 'integer' } }))).toEqual([]);
    // Closed or entirely open groups check no extra key against a schema.
    expect(checkSchemaSafety(withField({ type: 'object', additionalProperties: false }))).toEqual([]);
    expect(checkSchemaSafety(withField({ type: 'object' }))).toEqual([]);
  });

  it(`bounds uniqueItems over entries that are not declared scalar to ${MAX_UNIQUE_ITEMS_COMPARED} entries`, () => {
    const objects = { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } };
    const [problem] = checkSchemaSafety(withField({ type: 'array', uniqueItems: true, maxItems: MAX_UNIQUE_ITEMS_COMPARED + 1, items: objects }));
    expect(problem.pointer).toBe('/properties/x/maxItems');
    expect(problem.message.en).toContain(`at most ${MAX_UNIQUE_ITEMS_COMPARED} entries`);
    expect(problem.message.en).toContain('rule: uniqueItems needs a small maxItems');
    expect(checkSchemaSafety(withField({ type: 'array', uniqueItems: true, maxItems: MAX_UNIQUE_ITEMS_COMPARED, items: objects }))).toEqual([]);
    // Scalar entries are checked in one pass: any maxItems will do.
    expect(checkSchemaSafety(withField({ type: 'array', uniqueItems: true, maxItems: 5000, items: { type: 'string', maxLength: 5 } }))).toEqual([]);
  });
});

describe('schema safety: size', () => {
  const choice = (n: number) => ({ type: 'string', oneOf: Array.from({ length: n }, (_, i) => ({ const: `v${i}` })) });

  it(`refuses a form whose largest payload makes ajv check more than ${MAX_CHECKS} parts: list parts count once per entry`, () => {
    // 99 entries × (the entry and its 99 options) = 9,900 checks, within the limit; 101 entries pass it.
    expect(checkSchemaSafety(withField({ type: 'array', maxItems: 99, items: choice(99) }))).toEqual([]);
    const [problem] = checkSchemaSafety(withField({ type: 'array', maxItems: 101, items: choice(99) }));
    expect(problem.pointer).toBe('');
    expect(problem.message['zh-CN']).toContain('按 maxItems 项');
    expect(problem.message.en).toContain('rule: validation work');
    // Open groups count once per key; a choice of n enum values counts n.
    expect(pointers(withField({ type: 'object', maxProperties: 1001, additionalProperties: { enum: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] } }))).toEqual(['']);
    expect(pointers(withField({ enum: Array.from({ length: MAX_CHECKS + 1 }, (_, i) => i) }))).toEqual(['']);
  });

  const flat = (n: number): JsonSchema => ({ type: 'object', properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: 'string', maxLength: 20 }])) });

  it(`refuses a form of more than ${MAX_EXPANDED_PARTS} parts, saying what counts and what to do`, () => {
    expect(checkSchemaSafety(flat(MAX_EXPANDED_PARTS - 1))).toEqual([]);
    const [problem] = checkSchemaSafety(flat(1600));
    expect(problem.pointer).toBe('');
    expect(problem.message['zh-CN']).toContain('每个字段、选项、条件分支各算一个');
    expect(problem.message.en).toContain('split it into several forms');
    expect(problem.message.en).toContain('rule: schema size');
  });
});

describe('schema safety: references and nesting', () => {
  it('refuses a $ref that is not local', () => {
    const [problem] = checkSchemaSafety(withField({ $ref: 'https://example.com/evil.json' }));
    expect(problem.pointer).toBe('/properties/x/$ref');
    expect(problem.message['zh-CN']).toContain('以 # 开头');
    expect(problem.message.en).toContain('rule: local references only');
  });

  it('refuses a local $ref that points to nothing', () => {
    const [problem] = checkSchemaSafety(withField({ $ref: '#/$defs/missing' }));
    expect(problem.pointer).toBe('/properties/x/$ref');
    expect(problem.message.en).toContain('points to no schema');
  });

  it('refuses an $id below the root', () => {
    expect(pointers(withField({ type: 'string', $id: 'https://example.com/x' }))).toEqual(['/properties/x/$id']);
    expect(checkSchemaSafety({ $id: 'https://example.com/form', type: 'object' })).toEqual([]);
  });

  it(`refuses schemas nested deeper than ${MAX_SCHEMA_DEPTH} levels, once, where it starts`, () => {
    const nest = (levels: number): JsonSchema => (levels === 0 ? { type: 'string' } : { type: 'object', properties: { a: nest(levels - 1) } });
    expect(checkSchemaSafety(nest(MAX_SCHEMA_DEPTH))).toEqual([]);
    const problems = checkSchemaSafety(nest(MAX_SCHEMA_DEPTH + 5));
    expect(problems).toHaveLength(1);
    expect(problems[0].pointer).toBe('/properties/a'.repeat(MAX_SCHEMA_DEPTH + 1));
    expect(problems[0].message['zh-CN']).toContain('嵌套超过 32 层');
    expect(problems[0].message.en).toContain('rule: nesting depth');
  });

  it('refuses a $ref chain that returns to itself', () => {
    const problems = checkSchemaSafety({
      type: 'object',
      properties: { x: { $ref: '#/$defs/a' } },
      $defs: { a: { allOf: [{ $ref: '#/$defs/b' }] }, b: { $ref: '#/$defs/a' } },
    });
    expect(problems).toHaveLength(1);
    expect(problems[0].pointer).toBe('/$defs/b/$ref');
    expect(problems[0].message['zh-CN']).toContain('形成无限循环');
    expect(problems[0].message.en).toContain('rule: references must not form a cycle');
  });

  it('refuses a schema that refers back to itself (a form must be finite)', () => {
    expect(pointers({ type: 'object', properties: { child: { $ref: '#' } } })).toEqual(['/properties/child/$ref']);
  });

  it('accepts the same definition referenced from several fields', () => {
    const schema = { type: 'object', properties: { a: { $ref: '#/$defs/phone' }, b: { $ref: '#/$defs/phone' } }, $defs: { phone: { type: 'string', maxLength: 11 } } };
    expect(checkSchemaSafety(schema)).toEqual([]);
  });

  it('refuses references that multiply into a huge schema ("billion laughs")', () => {
    const $defs: Record<string, JsonSchema> = { d20: { type: 'string' } };
    for (let i = 0; i < 20; i++) $defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] };
    const problems = checkSchemaSafety({ type: 'object', properties: { x: { $ref: '#/$defs/d0' } }, $defs });
    expect(problems.map((p) => p.message.en)).toEqual([expect.stringContaining('rule: schema size')]);
  });
});

describe('schema safety: the shipped packs', () => {
  const packsDir = join(import.meta.dirname, '../../workflows/packs');
  for (const pack of readdirSync(packsDir)) {
    it(`accepts every form of ${pack}`, () => {
      const dir = join(packsDir, pack, 'forms');
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
        const form = JSON.parse(readFileSync(join(dir, name), 'utf8'));
        expect(checkSchemaSafety(form.schema), `${pack}/${name}`).toEqual([]);
      }
    });
  }
});

describe('the pack validator runs the safety checks before compiling', () => {
  it('reports each problem with the form file and a pointer under /schema', () => {
    const { content, problems } = validatePack(packWithSchema({ properties: { code: { type: 'string', pattern: '^(a+)+$' }, link: { $ref: 'https://example.com/x.json' } } }));
    expect(content).toBeUndefined();
    expect(problems.map((p) => [p.file, p.pointer])).toEqual([
      ['forms/decision.json', '/schema/properties/code/pattern'],
      ['forms/decision.json', '/schema/properties/code/pattern'],
      ['forms/decision.json', '/schema/properties/link/$ref'],
    ]);
    // Not compiled: ajv's own complaint about the remote $ref does not appear.
    expect(problems.some((p) => p.message.en.includes("can't resolve"))).toBe(false);
  });

  it('reports an unknown format (refused by ajv strict mode) at its pointer, in both languages', () => {
    const { problems } = validatePack(packWithSchema({ properties: { phone: { type: 'string', format: 'phone', maxLength: 11 } } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'forms/decision.json', pointer: '/schema/properties/phone/format' });
    expect(problems[0].message['zh-CN']).toContain('未知的格式“phone”');
    expect(problems[0].message.en).toContain('unknown format "phone"');
  });

  it('reports an unknown keyword (refused by ajv strict mode) at its pointer, in both languages', () => {
    const { problems } = validatePack(packWithSchema({ properties: { count: { type: 'integer', minimun: 0 } } }));
    expect(problems).toEqual([
      {
        file: 'forms/decision.json',
        pointer: '/schema/properties/count/minimun',
        code: 'UNKNOWN_KEYWORD',
        params: { keyword: 'minimun', keywords: FORM_KEYWORDS },
        message: { 'zh-CN': expect.stringContaining('未知的关键字“minimun”'), en: expect.stringContaining('unknown keyword "minimun"') },
      },
    ]);
  });

  it('reports an invalid keyword value at its pointer', () => {
    const { problems } = validatePack(packWithSchema({ properties: { note: { type: 'string', maxLength: 'ten' } } }));
    expect(problems[0]).toMatchObject({ file: 'forms/decision.json', pointer: '/schema/properties/note/maxLength' });
    expect(problems[0].message['zh-CN']).toContain('不符合 JSON Schema 规范');
  });
});
