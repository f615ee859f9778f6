import { validatePack } from '../../engine/packs/pack-validator.js';
import { FormRuntime, type JsonSchema } from '../../forms/index.js';
import { MAX_CHECKS, MAX_EXPANDED_PARTS, MAX_UNIQUE_ITEMS_COMPARED } from '../../forms/schema-safety.js';
import { fixturePack } from '../support/fixture-pack.js';
import { median } from './timing.js';

// Benchmark 3: the worst a logged-in user can make one submission cost. Each form is at a
// publish limit (and accepted by the pack validator); each payload is the most expensive we
// found for it, up to the request body limit. What is timed is FormRuntime.validate, all of
// it: depth check, normalising, the verdict, the bounded explanation and the field errors.

/** The engine's request body limit (engine/app.ts): no payload can be larger. */
export const BODY_LIMIT = 256 * 1024;
/** The target: the worst payload of the worst accepted form, median of its rounds. */
export const WORST_TARGET_MS = 100;
export const WORST_ROUNDS = 15;

export interface WorstRow {
  form: string;
  payload: string;
  kib: number;
  medianMs: number;
  maxMs: number;
  result: string;
}

const choices = (n: number) => Array.from({ length: n }, (_, i) => ({ const: `选项${i}`, title: `选项${i}` }));
// Entries × (the entry and its options) just under MAX_CHECKS.
const OPTIONS = 99;
const ENTRIES = Math.floor(MAX_CHECKS / (OPTIONS + 1)) - 1;
const FIELDS = MAX_EXPANDED_PARTS - 10;

/** A payload given as its JSON text. */
class RawJson {
  constructor(readonly text: string) {}
}
const json = (payload: unknown) => (payload instanceof RawJson ? payload.text : JSON.stringify(payload));
const bytes = (payload: unknown) => Buffer.byteLength(json(payload));

/** As many entries as fit in the body limit (with room for the request's other fields). */
function filling(entry: (i: number) => unknown, wrap: (entries: unknown[]) => unknown): unknown {
  const payload = (n: number) => wrap(Array.from({ length: n }, (_, i) => entry(i)));
  let [low, high] = [1, BODY_LIMIT];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (bytes(payload(mid)) <= BODY_LIMIT - 1024) low = mid;
    else high = mid - 1;
  }
  return payload(low);
}
const keyed = (entries: unknown[]) => Object.fromEntries(entries.map((v, i) => [`k${i}`, v]));

const CASES: Array<{ form: string; schema: JsonSchema; payloads: Array<[string, unknown]> }> = [
  {
    form: `a list of ${ENTRIES} choices among ${OPTIONS} (oneOf)`,
    schema: { properties: { list: { type: 'array', maxItems: ENTRIES, items: { type: 'string', oneOf: choices(OPTIONS) } } } },
    payloads: [
      ['every entry the last choice (valid)', { list: Array.from({ length: ENTRIES }, () => `选项${OPTIONS - 1}`) }],
      ['every entry wrong', { list: Array.from({ length: ENTRIES }, () => '无此选项') }],
      ['wrong entries up to the body limit', filling(() => '无此选项', (list) => ({ list }))],
    ],
  },
  {
    form: `an open group of ${ENTRIES} keys, each a choice among ${OPTIONS}`,
    schema: { properties: { group: { type: 'object', maxProperties: ENTRIES, additionalProperties: { type: 'string', oneOf: choices(OPTIONS) } } } },
    payloads: [
      ['every key wrong', { group: keyed(Array.from({ length: ENTRIES }, () => '无此选项')) }],
      ['wrong keys up to the body limit', filling(() => '无此选项', (entries) => ({ group: keyed(entries) }))],
    ],
  },
  {
    form: `${FIELDS} text fields, closed (additionalProperties: false)`,
    schema: { properties: Object.fromEntries(Array.from({ length: FIELDS }, (_, i) => [`f${i}`, { type: 'string', maxLength: 20, title: `字段${i}` }])), additionalProperties: false },
    payloads: [
      ['every field filled in (valid)', Object.fromEntries(Array.from({ length: FIELDS }, (_, i) => [`f${i}`, '已填写']))],
      ['every field of the wrong type', Object.fromEntries(Array.from({ length: FIELDS }, (_, i) => [`f${i}`, i]))],
      ['unknown fields up to the body limit', filling(() => 1, keyed)],
    ],
  },
  {
    form: `a uniqueItems list of ${MAX_UNIQUE_ITEMS_COMPARED} groups`,
    schema: { properties: { people: { type: 'array', maxItems: MAX_UNIQUE_ITEMS_COMPARED, uniqueItems: true, items: { type: 'object' } } } },
    payloads: [
      // Distinct only in their last field, and as large as the body allows: every pair is compared to the end.
      ['entries alike but for their last field (valid)', { people: Array.from({ length: MAX_UNIQUE_ITEMS_COMPARED }, (_, i) => Object.fromEntries(Array.from({ length: 100 }, (_, j) => [`k${j}`, j === 99 ? `不同${i}` : '相同的内容']))) }],
      ['groups up to the body limit', filling((i) => ({ n: i }), (people) => ({ people }))],
    ],
  },
  {
    form: 'an open field (type object, anything inside)',
    schema: { properties: { extra: { type: 'object' } } },
    // Written as text: JSON.stringify itself overflows the stack on this value (JSON.parse does not).
    payloads: [['nested 60,000 levels deep', new RawJson(`{"extra":${'['.repeat(60_000)}1${']'.repeat(60_000)}}`)]],
  },
];

/** The fixture pack with this form: it must publish, or the benchmark measures a form nobody can ship. */
function accepted(schema: JsonSchema) {
  const files = fixturePack().map((f) => {
    if (f.path !== 'forms/decision.json') return f;
    const form = JSON.parse(f.text);
    form.schema = { type: 'object', ...schema, properties: { ...form.schema.properties, ...(schema.properties as object) } };
    return { ...f, text: JSON.stringify(form) };
  });
  const { content, problems } = validatePack(files);
  if (!content) throw new Error(`the benchmark form is refused: ${JSON.stringify(problems.slice(0, 3))}`);
  return content.forms.decision.schema;
}

export function runWorstPayloadBenchmark(): WorstRow[] {
  const rows: WorstRow[] = [];
  for (const { form, schema, payloads } of CASES) {
    const runtime = new FormRuntime();
    runtime.compile('worst', { id: 'worst', title: { 'zh-CN': '最坏情况', en: 'Worst case' }, schema: accepted(schema) });
    for (const [label, payload] of payloads) {
      const text = json(payload);
      if (bytes(payload) > BODY_LIMIT) throw new Error(`${label}: ${bytes(payload)} bytes, over the body limit`);
      // As the server receives it: parsed from the request's JSON.
      const received = () => JSON.parse(text);
      runtime.validate('worst', received()); // untimed: ajv's explanation is compiled on the first refusal
      const times: number[] = [];
      let result = runtime.validate('worst', received());
      for (let round = 0; round < WORST_ROUNDS; round++) {
        const input = received();
        const start = process.hrtime.bigint();
        result = runtime.validate('worst', input);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      rows.push({
        form,
        payload: label,
        kib: bytes(payload) / 1024,
        medianMs: median(times),
        maxMs: Math.max(...times),
        result: result.valid ? 'valid' : `refused, ${result.errors.length} field error${result.errors.length === 1 ? '' : 's'}`,
      });
    }
  }
  return rows;
}
