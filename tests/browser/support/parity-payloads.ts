import fc from 'fast-check';
import type { JsonSchema } from '../../../forms/index.js';
import { payloadArbitrary } from '../../support/payload-arbitrary.js';

/** A payload for the parity suite, with what the suite expects the server to say about it. */
export interface ParityPayload {
  /** What the payload is, for failure messages: "sample 3", "/title too long", ... */
  label: string;
  payload: Record<string, unknown>;
  /**
   * valid-intended: a generated payload built from the schema (should mostly pass);
   * must-fail: broken on purpose, the server has to refuse it;
   * probe: anything else (random objects, boundaries), compared but not judged.
   */
  intent: 'valid-intended' | 'must-fail' | 'probe';
  /** For must-fail payloads that have to fail as "required" at this field. */
  requiredAt?: string;
}

/** Same seed every run: CI compares the same payloads each time, and a failure reproduces. */
export const SEED = 20261128;
export const SAMPLES_PER_FORM = 30;

/** Generated payloads: fc.sample over payloadArbitrary with a fixed seed. */
export function samplePayloads(schema: JsonSchema): ParityPayload[] {
  const declared = new Set(Object.keys((schema.properties ?? {}) as object));
  return fc.sample(payloadArbitrary(schema), { seed: SEED, numRuns: SAMPLES_PER_FORM }).map((payload, i) => {
    // payloadArbitrary mixes schema-built objects with random dictionaries; only the former
    // are meant to be valid. Random keys never name a field, so the field names tell them apart
    // (an empty object tells nothing and is one of the targeted payloads anyway).
    const keys = Object.keys(payload);
    const fromSchema = keys.length > 0 && keys.every((k) => declared.has(k));
    return { label: `sample ${i}`, payload, intent: fromSchema ? 'valid-intended' : 'probe' };
  });
}

const NOT_AN_OPTION = '不在选项中';
/** Formats whose values are UUIDs: an attachment field holds the id the upload endpoint gave. */
const ID_FORMATS = new Set(['attachment', 'uuid']);
const uuid = (i: number) => `0190f2a4-7c1e-4b8a-9d3f-${String(i).padStart(12, '0')}`;

/** The values a field offers as choices (enum, or oneOf [{const, title}]), if it is a choice. */
function options(schema: JsonSchema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if (Array.isArray(schema.oneOf)) return (schema.oneOf as JsonSchema[]).map((o) => o.const);
  return undefined;
}

/** A value of the wrong JSON type for a field declared with this type. */
function wrongType(type: unknown): unknown {
  switch (type) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
      return '12';
    case 'boolean':
      return 'true';
    default:
      return 'text';
  }
}

/**
 * Payloads broken on purpose, one thing at a time, starting from a valid payload (`base`) so
 * each shows the error it is about. Covers the rules the shipped forms use: required (missing,
 * and "" which normalisation turns into missing), type, length, choices, unknown fields,
 * patterns, formats, number ranges, list limits; plus boundary probes that must not differ.
 */
export function targetedPayloads(schema: JsonSchema, base: Record<string, unknown>): ParityPayload[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required as string[] | undefined) ?? [];
  const out: ParityPayload[] = [];
  const mustFail = (label: string, payload: Record<string, unknown>, requiredAt?: string) => out.push({ label, payload, intent: 'must-fail', requiredAt });
  const probe = (label: string, payload: Record<string, unknown>) => out.push({ label, payload, intent: 'probe' });
  const withField = (name: string, value: unknown) => ({ ...base, [name]: value });

  if (required.length) mustFail('{}', {});
  else probe('{}', {});

  for (const name of required) {
    const { [name]: _dropped, ...rest } = base;
    mustFail(`/${name} missing`, rest, `/${name}`);
    // An empty text box: the browser drops it, so the server must call it missing too.
    if (properties[name]?.type === 'string') mustFail(`/${name} empty string`, withField(name, ''), `/${name}`);
  }

  for (const [name, prop] of Object.entries(properties)) {
    const field = `/${name}`;
    // A computed field is the server's to fill: whatever a client sends is replaced, so a
    // forged value is not an error, and the value both sides compute must be the same.
    if (prop['x-computed']) {
      probe(`${field} forged computed value`, withField(name, prop.type === 'string' ? '伪造的值' : 99999));
      continue;
    }
    mustFail(`${field} wrong type`, withField(name, wrongType(prop.type)));
    mustFail(`${field} null`, withField(name, null));

    const choices = options(prop);
    if (choices && prop.type !== 'boolean') mustFail(`${field} not an option`, withField(name, prop.type === 'string' ? NOT_AN_OPTION : -12345));

    if (typeof prop.maxLength === 'number') {
      mustFail(`${field} too long`, withField(name, '长'.repeat(prop.maxLength + 1)));
      // Lengths count characters, not UTF-16 units: maxLength characters outside the BMP
      // (rare CJK names) are the longest allowed value; both sides must count them alike.
      probe(`${field} maxLength astral characters`, withField(name, '𠀋'.repeat(prop.maxLength)));
    }
    if (typeof prop.minLength === 'number' && prop.minLength > 1) mustFail(`${field} too short`, withField(name, '短'.repeat(prop.minLength - 1)));

    if (typeof prop.pattern === 'string') {
      const wrong = '1234-不对';
      if (!new RegExp(prop.pattern, 'u').test(wrong)) mustFail(`${field} wrong format (pattern)`, withField(name, wrong));
    }
    if (typeof prop.format === 'string') {
      mustFail(`${field} wrong format (${prop.format})`, withField(name, 'not-a-valid-value'));
      // A well-formed date that does not exist: checked by ajv-formats' own code on both sides.
      if (prop.format === 'date') mustFail(`${field} impossible date`, withField(name, '2026-02-30'));
    }

    if (typeof prop.minimum === 'number') mustFail(`${field} below minimum`, withField(name, prop.minimum - 1));
    if (typeof prop.maximum === 'number') mustFail(`${field} above maximum`, withField(name, prop.maximum + 1));

    if (prop.type === 'array' && prop.items && typeof prop.items === 'object') {
      const items = prop.items as JsonSchema;
      const itemChoices = options(items);
      if (itemChoices) mustFail(`${field} entry not an option`, withField(name, [NOT_AN_OPTION]));
      if (typeof items.format === 'string') mustFail(`${field} entry wrong format (${items.format})`, withField(name, ['not-a-valid-value']));
      // Entries that are each fine, for the list rules: choices, or ids for attachment lists.
      const goodEntry = (i: number) => (itemChoices ? itemChoices[i % itemChoices.length] : ID_FORMATS.has(items.format as string) ? uuid(i) : undefined);
      if (goodEntry(0) !== undefined) {
        probe(`${field} one good entry`, withField(name, [goodEntry(0)]));
        if (prop.uniqueItems === true) mustFail(`${field} repeated entry`, withField(name, [goodEntry(0), goodEntry(0)]));
        if (typeof prop.maxItems === 'number') mustFail(`${field} too many entries`, withField(name, Array.from({ length: prop.maxItems + 1 }, (_, i) => goodEntry(i))));
      }
    }
  }

  const extra = { ...base, unexpectedField: '多余的字段' };
  if (schema.additionalProperties === false) mustFail('unknown extra field', extra);
  else probe('unknown extra field', extra);
  return out;
}
