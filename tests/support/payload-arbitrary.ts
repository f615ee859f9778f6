import fc from 'fast-check';
import type { JsonSchema } from '../../forms/index.js';

/**
 * Payloads for a form: mostly valid ones built from the schema (so random walks get deep into
 * a flow), sometimes arbitrary objects (so refusals are exercised too).
 */
export function payloadArbitrary(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof({ weight: 9, arbitrary: validObject(schema) }, { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })) });
}

function validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const entries: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of Object.entries(properties)) {
    const value = valueFor(prop);
    if (!value) continue;
    // Optional fields are filled more often than not, which also satisfies if/then requirements.
    entries[name] = required.has(name) ? value : fc.option(value, { freq: 3, nil: undefined });
  }
  return fc.record(entries).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

function valueFor(prop: JsonSchema): fc.Arbitrary<unknown> | undefined {
  if (Array.isArray(prop.oneOf)) return fc.constantFrom(...(prop.oneOf as JsonSchema[]).map((o) => o.const));
  if (Array.isArray(prop.enum)) return fc.constantFrom(...(prop.enum as unknown[]));
  switch (prop.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: (prop.minimum as number) ?? 0, max: (prop.maximum as number) ?? 1000 });
    case 'number':
      return fc.double({ min: (prop.minimum as number) ?? 0, max: (prop.maximum as number) ?? 1000, noNaN: true });
    case 'string': {
      if (prop.format === 'date') return fc.constant('2026-11-20');
      if (prop.pattern === '^1[3-9][0-9]{9}$') return fc.constant('13800138000');
      if (prop.pattern || prop.format) return undefined;
      const min = Math.max(1, (prop.minLength as number) ?? 1);
      const max = Math.max(min, Math.min((prop.maxLength as number) ?? 50, min + 20));
      return fc.string({ unit: fc.constantFrom(...'建议办理群众道路村民意见'), minLength: min, maxLength: max });
    }
    default:
      return undefined;
  }
}
