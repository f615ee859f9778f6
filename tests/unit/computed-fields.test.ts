import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { applyComputedFields, checkComputedFields, FormRuntime, type JsonSchema } from '../../forms/index.js';
import { fixturePack } from '../support/fixture-pack.js';

/** A visit log: people per visit computed from men and women, totals over all visits. */
const visitLog = {
  type: 'object' as const,
  properties: {
    // Declared before what it reads: the order of computation comes from the references.
    totalPeople: { type: 'integer', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '/visits/*/people' }] } },
    visitCount: { type: 'integer', readOnly: true, 'x-computed': { op: 'count', args: [{ ref: '/visits' }] } },
    busiest: { type: 'integer', readOnly: true, 'x-computed': { op: 'max', args: [{ ref: '/visits/*/people' }] } },
    quietest: { type: 'integer', readOnly: true, 'x-computed': { op: 'min', args: [{ ref: '/visits/*/people' }] } },
    average: { type: 'number', readOnly: true, 'x-computed': { op: 'avg', args: [{ ref: '/visits/*/people' }] } },
    town: { type: 'string', maxLength: 20 },
    village: { type: 'string', maxLength: 20 },
    place: { type: 'string', maxLength: 50, readOnly: true, 'x-computed': { op: 'concat', args: [{ ref: '/town' }, { value: '·' }, { ref: '/village' }] } },
    places: { type: 'string', maxLength: 500, readOnly: true, 'x-computed': { op: 'join', separator: '、', args: [{ ref: '/visits/*/where' }] } },
    visits: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          where: { type: 'string', maxLength: 50 },
          men: { type: 'integer', minimum: 0 },
          women: { type: 'integer', minimum: 0 },
          // Relative pointer: up one level to this visit, then its men / women.
          people: { type: 'integer', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '1/men' }, { ref: '1/women' }] } },
          label: {
            type: 'string',
            maxLength: 80,
            readOnly: true,
            'x-computed': { op: 'concat', args: [{ ref: '1/where' }, { value: '（' }, { op: 'sum', args: [{ ref: '1/people' }, { value: 0 }] }, { value: '人）' }] },
          },
        },
      },
    },
  },
};

const visits = {
  town: '都城镇',
  village: '东门村',
  visits: [
    { where: '东门村', men: 3, women: 4 },
    { where: '西江村', men: 1, women: 1 },
    { where: '南山村', men: 10 },
  ],
};

/** The visit log's data after computing, as these tests read it. */
type VisitLogData = { visits: Array<Record<string, unknown>>; [field: string]: unknown };

describe('applyComputedFields', () => {
  it('computes fields inside lists of objects and totals over them, in dependency order', () => {
    const out = applyComputedFields(visitLog, visits) as VisitLogData;
    expect(out.visits.map((v) => v.people)).toEqual([7, 2, 10]);
    expect(out.visits.map((v) => v.label)).toEqual(['东门村（7人）', '西江村（2人）', '南山村（10人）']);
    expect(out).toMatchObject({ totalPeople: 19, visitCount: 3, busiest: 10, quietest: 2, average: 6.33333333333333 });
  });

  it('concatenates with literals and joins with a separator, skipping empty values', () => {
    const out = applyComputedFields(visitLog, visits) as VisitLogData;
    expect(out.place).toBe('都城镇·东门村');
    expect(out.places).toBe('东门村、西江村、南山村');
    const partial = applyComputedFields(visitLog, { visits: [{ where: '东门村' }, {}, { where: '南山村' }] }) as VisitLogData;
    expect(partial.places).toBe('东门村、南山村');
    expect(partial.place).toBe('·');
  });

  it('leaves out what cannot be computed (min/max/avg of nothing) and counts nothing as 0', () => {
    const out = applyComputedFields(visitLog, { visits: [] }) as VisitLogData;
    expect(out).toMatchObject({ totalPeople: 0, visitCount: 0 });
    expect(out).not.toHaveProperty('busiest');
    expect(out).not.toHaveProperty('average');
    expect(out).not.toHaveProperty('places');
  });

  it('is pure: the input is not changed and a new object is returned', () => {
    const input = structuredClone(visits);
    const out = applyComputedFields(visitLog, input);
    expect(input).toEqual(visits);
    expect(out).not.toBe(input);
  });

  it('does not create missing parent objects', () => {
    const schema = { type: 'object', properties: { contact: { type: 'object', properties: { a: { type: 'integer' }, total: { type: 'integer', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '1/a' }] } } } } } };
    expect(applyComputedFields(schema, {})).toEqual({});
    expect(applyComputedFields(schema, { contact: { a: 2 } })).toEqual({ contact: { a: 2, total: 2 } });
  });

  it('follows local $refs and allOf to computed fields', () => {
    const schema = {
      type: 'object',
      allOf: [{ properties: { double: { $ref: '#/$defs/double' } } }],
      properties: { n: { type: 'number' } },
      $defs: { double: { type: 'number', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '/n' }, { ref: '/n' }] } } },
    };
    expect(applyComputedFields(schema, { n: 0.1 })).toEqual({ n: 0.1, double: 0.2 });
  });

  it('sums without floating-point noise', () => {
    const schema = { type: 'object', properties: { a: { type: 'array', items: { type: 'number' } }, s: { type: 'number', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '/a' }] } } } };
    expect(applyComputedFields(schema, { a: [0.1, 0.2] })).toEqual({ a: [0.1, 0.2], s: 0.3 });
  });

  it('is idempotent and its sum agrees with arithmetic (property)', () => {
    const arbitraryVisits = fc.array(fc.record({ men: fc.nat(1000), women: fc.option(fc.nat(1000), { nil: undefined }) }, { requiredKeys: ['men'] }), { maxLength: 20 });
    fc.assert(
      fc.property(arbitraryVisits, (list) => {
        const once = applyComputedFields(visitLog, { visits: list }) as VisitLogData;
        expect(applyComputedFields(visitLog, once)).toEqual(once);
        expect(once.totalPeople).toBe(list.reduce((sum, v) => sum + v.men + (v.women ?? 0), 0));
      }),
    );
  });
});

describe('FormRuntime.validate computes fields on the server', () => {
  it('overwrites forged computed values with its own', () => {
    const runtime = new FormRuntime();
    runtime.compile('log', { id: 'visit-log', title: { 'zh-CN': '走访记录', en: 'Visit log' }, schema: visitLog });
    const forged = { ...visits, totalPeople: 9999, average: 1, busiest: -1, visits: visits.visits.map((v) => ({ ...v, people: 500, label: '伪造' })) };
    const result = runtime.validate('log', forged);
    expect(result.valid).toBe(true);
    const value = (result as { value: VisitLogData }).value;
    expect(value.totalPeople).toBe(19);
    expect(value.busiest).toBe(10);
    expect(value.visits[0]).toMatchObject({ people: 7, label: '东门村（7人）' });
  });

  it('removes a forged value the server cannot compute', () => {
    const runtime = new FormRuntime();
    runtime.compile('log', { id: 'visit-log', title: { 'zh-CN': '走访记录', en: 'Visit log' }, schema: visitLog });
    const result = runtime.validate('log', { visits: [], average: 42 });
    expect(result).toMatchObject({ valid: true });
    expect((result as { value: object }).value).not.toHaveProperty('average');
  });
});

describe('checkComputedFields (publish time)', () => {
  const field = (computed: unknown, extra: JsonSchema = {}): JsonSchema => ({
    type: 'object',
    properties: {
      n: { type: 'integer' },
      name: { type: 'string', maxLength: 20, 'x-personal': 'name' },
      list: { type: 'array', items: { type: 'object', properties: { k: { type: 'integer' } } } },
      total: { type: 'integer', readOnly: true, 'x-computed': computed, ...extra },
    },
  });
  const problemsOf = (schema: JsonSchema) => checkComputedFields(schema).map((p) => [p.pointer, p.message.en]);

  it('accepts the visit log', () => {
    expect(checkComputedFields(visitLog)).toEqual([]);
  });

  it('refuses an unknown operation, listing the available ones', () => {
    const [problem] = checkComputedFields(field({ op: 'eval', args: [{ value: 1 }] }));
    expect(problem.pointer).toBe('/properties/total/x-computed/op');
    expect(problem.message['zh-CN']).toContain('未知的运算“eval”');
    expect(problem.message.en).toContain('sum, count, min, max, avg, concat, join');
  });

  it('refuses a ref that is not a pointer', () => {
    expect(problemsOf(field({ op: 'sum', args: [{ ref: 'n' }] }))).toEqual([['/properties/total/x-computed/args/0/ref', expect.stringContaining('not a valid field pointer')]]);
    expect(problemsOf(field({ op: 'sum', args: [{ ref: '/n~2' }] }))[0][0]).toBe('/properties/total/x-computed/args/0/ref');
    expect(problemsOf(field({ op: 'sum', args: [{ ref: '5/n' }] }))[0][0]).toBe('/properties/total/x-computed/args/0/ref');
  });

  it('refuses a ref to a field that does not exist, or through a list without *', () => {
    expect(problemsOf(field({ op: 'sum', args: [{ value: 1 }, { ref: '/missing' }] }))).toEqual([['/properties/total/x-computed/args/1/ref', expect.stringContaining('names no field')]]);
    expect(problemsOf(field({ op: 'sum', args: [{ ref: '/list/k' }] }))[0][0]).toBe('/properties/total/x-computed/args/0/ref');
    expect(problemsOf(field({ op: 'sum', args: [{ ref: '/list/*/k' }] }))).toEqual([]);
    expect(problemsOf(field({ op: 'sum', args: [{ ref: '/list/0/k' }] }))).toEqual([]);
  });

  it('refuses malformed expressions at their pointer', () => {
    expect(problemsOf(field({ op: 'sum', args: [] }))[0][0]).toBe('/properties/total/x-computed/args');
    expect(problemsOf(field({ op: 'sum', args: [{ value: { a: 1 } }] }))[0][0]).toBe('/properties/total/x-computed/args/0/value');
    expect(problemsOf(field({ op: 'sum', args: [{ code: 'process.exit()' }] }))[0][0]).toBe('/properties/total/x-computed/args/0');
    expect(problemsOf(field({ op: 'sum', args: [{ value: 1 }], separator: ',' }))[0][0]).toBe('/properties/total/x-computed/separator');
    expect(problemsOf(field({ ref: '/n' }))[0][0]).toBe('/properties/total/x-computed');
    let deep: unknown = { value: 1 };
    for (let i = 0; i < 10; i++) deep = { op: 'sum', args: [deep] };
    expect(problemsOf(field(deep))[0][1]).toContain('nested deeper than 8');
  });

  it('refuses a computed field that is not readOnly', () => {
    const [problem] = checkComputedFields(field({ op: 'sum', args: [{ ref: '/n' }] }, { readOnly: false }));
    expect(problem.pointer).toBe('/properties/total/x-computed');
    expect(problem.message['zh-CN']).toContain('readOnly');
  });

  it('refuses a result that does not fit the field type', () => {
    expect(problemsOf(field({ op: 'concat', args: [{ ref: '/n' }] }))).toEqual([['/properties/total/x-computed/op', expect.stringContaining('type string')]]);
    expect(problemsOf(field({ op: 'avg', args: [{ ref: '/n' }] }))[0][0]).toBe('/properties/total/x-computed/op');
  });

  it('refuses computed fields that read each other in a circle', () => {
    const schema = {
      type: 'object',
      properties: {
        a: { type: 'integer', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '/b' }] } },
        b: { type: 'integer', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '/a' }] } },
        c: { type: 'integer', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '/c' }] } },
      },
    };
    const problems = checkComputedFields(schema);
    expect(problems.map((p) => p.pointer)).toEqual(['/properties/a/x-computed', '/properties/b/x-computed', '/properties/c/x-computed']);
    expect(problems[0].message['zh-CN']).toContain('形成循环');
  });

  it('refuses x-computed in a conditional branch or on the root', () => {
    const schema = {
      type: 'object',
      'x-computed': { op: 'count', args: [{ ref: '/n' }] },
      properties: { n: { type: 'integer' } },
      if: { required: ['n'] },
      then: { properties: { m: { type: 'integer', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '/n' }] } } } },
    };
    expect(checkComputedFields(schema).map((p) => p.pointer)).toEqual(['/x-computed', '/then/properties/m/x-computed']);
  });

  it('refuses text computed from personal data unless the computed field is personal too', () => {
    const leak = { type: 'string', maxLength: 50, readOnly: true, 'x-computed': { op: 'concat', args: [{ ref: '/name' }] } };
    const schema = (extra: JsonSchema) => ({ type: 'object', properties: { name: { type: 'string', maxLength: 20, 'x-personal': 'name' }, label: { ...leak, ...extra } } });
    expect(checkComputedFields(schema({})).map((p) => [p.pointer, p.message.en])).toEqual([['/properties/label/x-computed/args/0/ref', expect.stringContaining('personal data')]]);
    expect(checkComputedFields(schema({ 'x-personal': 'name' }))).toEqual([]);
    // Counting personal fields shows none of them.
    const count = { type: 'object', properties: { name: { type: 'string', maxLength: 20, 'x-personal': 'name' }, n: { type: 'integer', readOnly: true, 'x-computed': { op: 'count', args: [{ ref: '/name' }] } } } };
    expect(checkComputedFields(count)).toEqual([]);
  });

  it('is run by the pack validator, with the form file and a pointer under /schema', () => {
    const files = fixturePack().map((f) => {
      if (f.path !== 'forms/decision.json') return f;
      const form = JSON.parse(f.text);
      form.schema.properties.summary = { type: 'string', maxLength: 100, readOnly: true, 'x-computed': { op: 'shout', args: [{ ref: '/note' }] } };
      form.schema.properties.size = { type: 'integer', readOnly: true, 'x-computed': { op: 'count', args: [{ ref: '/nothing' }] } };
      return { ...f, text: JSON.stringify(form) };
    });
    const { content, problems } = validatePack(files);
    expect(content).toBeUndefined();
    expect(problems.map((p) => [p.file, p.pointer])).toEqual([
      ['forms/decision.json', '/schema/properties/summary/x-computed/op'],
      ['forms/decision.json', '/schema/properties/size/x-computed/args/0/ref'],
    ]);
  });
});
