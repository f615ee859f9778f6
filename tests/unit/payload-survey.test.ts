import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormRuntime, MAX_PAYLOAD_DEPTH, normalizePayload, tooDeep, type FormDefinition } from '../../forms/index.js';
import { surveyPayload } from '../../forms/payload-survey.js';

/** A payload nested `levels` objects deep under `field`. */
const nested = (levels: number, field = 'notes'): Record<string, unknown> => {
  let inner: unknown = 'x';
  for (let i = 0; i < levels; i++) inner = { a: inner };
  return { [field]: inner };
};

describe('surveying a payload before validating it', () => {
  it('says as-is exactly when normalising would change nothing (property)', () => {
    // Values with empty strings, undefined and __proto__ keys, nested in objects and lists.
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.constantFrom('', 'a', 0, 1.5, true, null, undefined), fc.string({ maxLength: 3 })),
      object: fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'a', 'b'), fc.string({ maxLength: 2 })), tie('node'), { maxKeys: 4 }),
      list: fc.array(tie('node'), { maxLength: 3 }),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('object'), tie('list')),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        // The dictionary arbitrary defines __proto__ as an own key, as JSON.parse does.
        const survey = surveyPayload(v);
        expect(survey === 'as-is').toBe(sameData(normalizePayload(v), v) && !hasProtoKey(v));
        expect(survey === 'too-deep').toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a payload too deep at the same depth as tooDeep, however it nests', () => {
    for (const levels of [MAX_PAYLOAD_DEPTH - 1, MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_DEPTH + 1, 10_000]) {
      const payload = nested(levels);
      expect(surveyPayload(payload) === 'too-deep', `${levels} levels`).toBe(tooDeep(payload) !== undefined);
    }
    // Deep in a list, behind an empty string found first.
    const list = { a: '', b: [1, nested(MAX_PAYLOAD_DEPTH + 5)] };
    expect(surveyPayload(list)).toBe('too-deep');
  });

  it('validate gives the same answer whether the payload is kept as it is or normalised first', () => {
    const form: FormDefinition = {
      id: 'f',
      title: '表',
      schema: {
        type: 'object',
        properties: { name: { type: 'string', title: '姓名', minLength: 1 }, visits: { type: 'array', maxItems: 5, items: { type: 'object', properties: { place: { type: 'string' } } } } },
        required: ['name'],
        additionalProperties: false,
      },
    } as unknown as FormDefinition;
    const runtime = new FormRuntime();
    runtime.compile('f', form);
    const clean = JSON.parse('{"name":"张三","visits":[{"place":"桂圩村"}]}');
    const kept = runtime.validate('f', clean);
    expect(kept).toEqual({ valid: true, value: clean });
    // An empty text is "not filled in": dropped, so the optional field passes and the required one is missing.
    expect(runtime.validate('f', { name: '张三', visits: [{ place: '' }] })).toEqual({ valid: true, value: { name: '张三', visits: [{}] } });
    expect(runtime.validate('f', { name: '' }).valid).toBe(false);
    expect(runtime.validate('f', nested(MAX_PAYLOAD_DEPTH + 1, 'name')).valid).toBe(false);
  });
});

/** Equal as data: the same own keys (undefined values count) and equal values; prototypes aside. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function hasProtoKey(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasProtoKey);
  if (v === null || typeof v !== 'object') return false;
  return Object.keys(v).some((k) => k === '__proto__' || hasProtoKey((v as Record<string, unknown>)[k]));
}
