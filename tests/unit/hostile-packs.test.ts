import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listPackFolders, readPackFolder } from '../../engine/packs/pack-reader.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import type { JsonSchema } from '../../forms/index.js';
import { fixturePack } from '../support/fixture-pack.js';

/**
 * Form schemas an administrator could publish to stop or slow the engine for every county.
 * Each must be refused at publish, whole, with a problem in the form's file under /schema.
 * The shipped packs, under the same rules, must all still publish.
 */

const props = (n: number, field: (i: number) => unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, field(i)]));
const choices = (n: number) => Array.from({ length: n }, (_, i) => `选项${i}`);
const nest = (levels: number): JsonSchema => (levels === 0 ? { type: 'string', maxLength: 5 } : { type: 'object', properties: { a: nest(levels - 1) } });
const laughs = () => {
  const $defs: Record<string, JsonSchema> = { d20: { type: 'string', maxLength: 5 } };
  for (let i = 0; i < 20; i++) $defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] };
  return { properties: { x: { $ref: '#/$defs/d0' } }, $defs };
};

/** name → the schema's fields (merged into the fixture form) and the rule the refusal names. */
const HOSTILE: Array<{ name: string; schema: JsonSchema; rule: string }> = [
  { name: 'a list of choices without maxItems', schema: { properties: { tags: { type: 'array', items: { type: 'string', enum: choices(50) } } } }, rule: 'lists need maxItems' },
  { name: 'a list of groups without maxItems', schema: { properties: { visits: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } } } }, rule: 'lists need maxItems' },
  { name: 'a list typed only by its items', schema: { properties: { any: { items: { type: 'integer' } } } }, rule: 'lists need maxItems' },
  { name: 'a tuple (prefixItems) without maxItems', schema: { properties: { pair: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'integer' }] } } }, rule: 'lists need maxItems' },
  { name: 'a list inside a bounded list', schema: { properties: { rows: { type: 'array', maxItems: 10, items: { type: 'array', items: { type: 'integer' } } } } }, rule: 'lists need maxItems' },
  { name: 'a list in an open object', schema: { properties: { extra: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string', maxLength: 5 } } } } }, rule: 'lists need maxItems' },
  { name: 'a list in patternProperties', schema: { properties: { extra: { type: 'object', patternProperties: { '^x': { type: 'array' } } } } }, rule: 'lists need maxItems' },
  { name: 'uniqueItems over objects without maxItems', schema: { properties: { people: { type: 'array', uniqueItems: true, items: { type: 'object', properties: { n: { type: 'integer' } } } } } }, rule: 'lists need maxItems' },
  { name: 'uniqueItems over 20,000 objects', schema: { properties: { people: { type: 'array', uniqueItems: true, maxItems: 20_000, items: { type: 'object', properties: { n: { type: 'integer' } } } } } }, rule: 'uniqueItems needs a small maxItems' },
  { name: 'uniqueItems over $ref items (ajv compares them pairwise)', schema: { properties: { codes: { type: 'array', uniqueItems: true, maxItems: 5000, items: { $ref: '#/$defs/code' } } }, $defs: { code: { type: 'string', maxLength: 5 } } }, rule: 'uniqueItems needs a small maxItems' },
  { name: 'uniqueItems over untyped choices', schema: { properties: { picks: { type: 'array', uniqueItems: true, maxItems: 1000, items: { enum: choices(20) } } } }, rule: 'uniqueItems needs a small maxItems' },
  { name: 'an open group without maxProperties', schema: { properties: { extra: { type: 'object', additionalProperties: { type: 'string', maxLength: 20 } } } }, rule: 'open groups need maxProperties' },
  { name: 'a list of 1,000 entries checked against a 900-option oneOf', schema: { properties: { picks: { type: 'array', maxItems: 1000, items: { type: 'string', oneOf: choices(900).map((c) => ({ const: c, title: c })) } } } }, rule: 'validation work' },
  { name: 'lists nested in lists (100 × 100 groups of three fields)', schema: { properties: { rows: { type: 'array', maxItems: 100, items: { type: 'array', maxItems: 100, items: { type: 'object', properties: props(3, () => ({ type: 'integer' })) } } } } }, rule: 'validation work' },
  { name: 'an open group of 10,000 keys, each a 10-option choice', schema: { properties: { extra: { type: 'object', maxProperties: 10_000, additionalProperties: { enum: choices(10) } } } }, rule: 'validation work' },
  { name: 'a choice among 30,000 enum values', schema: { properties: { village: { enum: choices(30_000) } } }, rule: 'validation work' },
  { name: 'a flat form of 1,600 text fields', schema: { properties: props(1600, () => ({ type: 'string', maxLength: 20 })) }, rule: 'schema size' },
  { name: 'a flat form of 2,000 text fields', schema: { properties: props(2000, () => ({ type: 'string', maxLength: 20 })) }, rule: 'schema size' },
  { name: 'a choice among 2,000 oneOf options', schema: { properties: { village: { type: 'string', oneOf: choices(2000).map((c) => ({ const: c, title: c })) } } }, rule: 'schema size' },
  { name: '2,000 dependentRequired entries (not parts, yet each nests ajv code)', schema: { dependentRequired: Object.fromEntries(choices(2000).map((c) => [c, ['note']])) }, rule: 'forms must be checkable' },
  { name: '2,000 forbidden (false) fields', schema: { properties: props(2000, () => false) }, rule: 'forms must be checkable' },
  { name: 'references that multiply ("billion laughs")', schema: laughs(), rule: 'schema size' },
  { name: 'nesting 40 levels deep', schema: { properties: { deep: nest(40) } }, rule: 'nesting depth' },
  { name: 'a pattern that backtracks catastrophically', schema: { properties: { code: { type: 'string', maxLength: 50, pattern: '^(a+)+$' } } }, rule: 'no catastrophic backtracking' },
  { name: 'a pattern without maxLength', schema: { properties: { code: { type: 'string', pattern: '^[a-z]+$' } } }, rule: 'pattern needs maxLength' },
  { name: 'an email without maxLength', schema: { properties: { mail: { type: 'string', format: 'email' } } }, rule: 'format needs maxLength' },
  { name: 'an invalid regular expression', schema: { properties: { code: { type: 'string', maxLength: 5, pattern: '(' } } }, rule: 'regular expressions must be valid' },
  { name: 'a remote $ref', schema: { properties: { x: { $ref: 'https://example.com/evil.json' } } }, rule: 'local references only' },
  { name: 'a $ref cycle', schema: { properties: { x: { $ref: '#/$defs/a' } }, $defs: { a: { allOf: [{ $ref: '#/$defs/b' }] }, b: { $ref: '#/$defs/a' } } }, rule: 'references must not form a cycle' },
  { name: 'a nested $id', schema: { properties: { x: { type: 'string', maxLength: 5, $id: 'https://example.com/x' } } }, rule: 'no nested $id' },
  { name: 'a default inside a condition', schema: { if: { required: ['note'] }, then: { properties: { extra: { type: 'string', maxLength: 5, default: '是' } } } }, rule: 'default placement' },
];

/** The fixture pack with its form's schema extended. */
function packWith(schema: JsonSchema) {
  return fixturePack().map((f) => {
    if (f.path !== 'forms/decision.json') return f;
    const form = JSON.parse(f.text);
    form.schema = { ...form.schema, ...schema, properties: { ...form.schema.properties, ...(schema.properties as object) } };
    // Test forms that add fields must not be refused for the fixture's additionalProperties: false.
    delete form.schema.additionalProperties;
    return { ...f, text: JSON.stringify(form) };
  });
}

describe('hostile form schemas are refused at publish', () => {
  let refused = 0;
  afterAll(() => console.log(`hostile packs: tried ${HOSTILE.length}, refused ${refused}`));

  it.each(HOSTILE)('$name', ({ schema, rule }) => {
    const { content, problems } = validatePack(packWith(schema));
    expect(content).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.file).toBe('forms/decision.json');
      expect(p.pointer).toMatch(/^\/schema/);
      expect(p.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(problems.map((p) => p.message.en)).toContainEqual(expect.stringContaining(`(rule: ${rule})`));
    refused++;
  });

  it('the same fields with their bounds publish', () => {
    const bounded = {
      properties: {
        tags: { type: 'array', maxItems: 20, uniqueItems: true, items: { type: 'string', enum: choices(50) } },
        people: { type: 'array', maxItems: 100, uniqueItems: true, items: { type: 'object', properties: { n: { type: 'integer' } } } },
        fields: { type: 'object', properties: props(900, () => ({ type: 'string', maxLength: 20 })) },
        village: { type: 'string', enum: choices(2000) },
      },
    };
    expect(validatePack(packWith(bounded)).problems).toEqual([]);
  });
});

describe('every shipped pack still publishes under these rules', async () => {
  const folders = await listPackFolders(join(import.meta.dirname, '../../workflows/packs'));
  it('ships packs', () => expect(folders.length).toBeGreaterThan(0));
  it.each(folders.map((f) => [basename(f), f]))('%s', async (_name, folder) => {
    expect(validatePack(await readPackFolder(folder)).problems).toEqual([]);
  });
});
