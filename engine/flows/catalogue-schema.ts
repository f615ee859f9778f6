import type { JsonSchema } from '../../forms/index.js';
import { ACTIONS, GUARDS, namedGuard, type CatalogueEntry } from './catalogue.js';

/**
 * The guard and action catalogue (engine/flows/catalogue.ts) as a JSON Schema, written to
 * workflows/schema/catalogue.schema.json by `npm run gen:types`. flow.schema.json refers to its
 * `guard` and `action` definitions, so an editor following a flow file's $schema completes the
 * names and checks each one's params. The engine itself checks names and params with
 * pack-validator (clearer problems than ajv's oneOf branches); both read the same catalogue.
 */

export const CATALOGUE_SCHEMA_ID = 'https://renda-liaison.example/schema/catalogue.schema.json';

type Kind = 'guard' | 'action';

/** payloadEquals → PayloadEqualsGuard: the definition key, also the generated type's name. */
const defName = (name: string, kind: Kind) => `${name[0].toUpperCase()}${name.slice(1)}${kind === 'guard' ? 'Guard' : 'Action'}`;

const doc = (entry: CatalogueEntry) => `${entry.title['zh-CN']} · ${entry.title.en}：${entry.description['zh-CN']} · ${entry.description.en}`;

/** Params that accept {} may be left out, and the entry named by a bare string. */
const paramsOptional = (params: JsonSchema) => !Array.isArray(params.required) || params.required.length === 0;

/** The params schema with nested guards (allOf, anyOf, not) pointing back at the guard definition. */
function linkNestedGuards(schema: unknown): unknown {
  if (schema === namedGuard) return { $ref: '#/$defs/guard' };
  if (Array.isArray(schema)) return schema.map(linkNestedGuards);
  if (schema && typeof schema === 'object') return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, linkNestedGuards(v)]));
  return schema;
}

function entries(kind: Kind, catalogue: Record<string, CatalogueEntry>): { union: JsonSchema; defs: Record<string, JsonSchema> } {
  const names = Object.keys(catalogue);
  const defs: Record<string, JsonSchema> = {};
  for (const name of names) {
    const entry = catalogue[name];
    defs[defName(name, kind)] = {
      title: entry.title['zh-CN'],
      description: doc(entry),
      type: 'object',
      properties: { type: { const: name }, params: linkNestedGuards(entry.params) as JsonSchema },
      required: paramsOptional(entry.params) ? ['type'] : ['type', 'params'],
      additionalProperties: false,
    };
  }
  const bare = names.filter((name) => paramsOptional(catalogue[name].params));
  const branches: JsonSchema[] = names.map((name) => ({ $ref: `#/$defs/${defName(name, kind)}` }));
  if (bare.length) branches.unshift({ description: kind === 'guard' ? '不带参数的条件 · a guard without params' : '不带参数的动作 · an action without params', enum: bare });
  const what = kind === 'guard' ? '条件（引擎目录中的名称及参数） · A guard: a name from the engine catalogue, with params' : '动作（引擎目录中的名称及参数） · An action: a name from the engine catalogue, with params';
  return { union: { description: what, oneOf: branches }, defs };
}

export function catalogueSchema(): JsonSchema {
  const guards = entries('guard', GUARDS);
  const actions = entries('action', ACTIONS);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CATALOGUE_SCHEMA_ID,
    title: 'Guard and action catalogue',
    description:
      '由 engine/packs/typegen/generate-pack-types.ts 根据 engine/flows/catalogue.ts 生成，请勿手改（npm run gen:types）。Generated from engine/flows/catalogue.ts: do not edit; regenerate with npm run gen:types.',
    anyOf: [{ $ref: '#/$defs/guard' }, { $ref: '#/$defs/action' }],
    $defs: { guard: guards.union, action: actions.union, ...guards.defs, ...actions.defs },
  };
}
