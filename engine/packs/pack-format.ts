import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { localizeZh } from '../../forms/ajv-zh.js';
import type { LocalizedText } from '../../forms/index.js';
import { CATALOGUE_SCHEMA_ID } from '../flows/catalogue-schema.js';
import type { PackManifest } from './generated/pack.js';

/** The pack format's JSON Schemas (workflows/schema), compiled once. */
const SCHEMA_DIR = new URL('../../workflows/schema/', import.meta.url);
const FILES = ['localized-text', 'pack', 'form', 'flow', 'station-type', 'evaluation'] as const;
export type FormatSchema = Exclude<(typeof FILES)[number], 'localized-text'>;

const readSchema = (name: string) => JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8'));

/** The pack file format this engine reads: pack.json's "format", fixed by pack.schema.json. */
export const PACK_FORMAT: PackManifest['format'] = readSchema('pack').properties.format.const;

/**
 * The format's validator, made on first use: compiling the meta-schema and the format's schemas
 * costs a start about 60 ms, and a restart whose packs are already published never checks one.
 */
let formatAjv: Ajv2020 | undefined;
function ajv(): Ajv2020 {
  if (formatAjv) return formatAjv;
  formatAjv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  for (const name of FILES) formatAjv.addSchema(readSchema(name));
  // flow.schema.json refers to catalogue.schema.json for its guards and actions. That file is
  // generated from the catalogue for editors, which complete names and check params with it;
  // here it is stood in for by the bare shape, because pack-validator checks the names and params
  // against the same catalogue itself and says "unknown guard x; available: …" where ajv would
  // list every oneOf branch that failed.
  const named = {
    oneOf: [
      { type: 'string', maxLength: 63 },
      { type: 'object', properties: { type: { type: 'string', maxLength: 63 }, params: { type: 'object' } }, required: ['type'], additionalProperties: false },
    ],
  };
  formatAjv.addSchema({ $id: CATALOGUE_SCHEMA_ID, $defs: { guard: named, action: named } });
  return formatAjv;
}
const validators = new Map<FormatSchema, ValidateFunction>();

export interface FormatError {
  pointer: string;
  message: LocalizedText;
}

/** Checks a file's JSON against the pack format; returns its errors (empty when fine). */
export function checkFormat(kind: FormatSchema, value: unknown): FormatError[] {
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv().getSchema(`https://renda-liaison.example/schema/${kind}.schema.json`)!;
    validators.set(kind, validate);
  }
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // oneOf reports every branch that failed; the deepest errors say the most, so keep those.
  const english = errors.map((e) => e.message ?? e.keyword);
  const chinese = errors.map((e) => ({ ...e }));
  localizeZh(chinese);
  const seen = new Set<string>();
  const out: FormatError[] = [];
  errors.forEach((e, i) => {
    const detail = e.keyword === 'additionalProperties' ? ` (${e.params.additionalProperty})` : e.keyword === 'enum' ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
    const key = `${e.instancePath}|${english[i]}${detail}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ pointer: e.instancePath, message: { 'zh-CN': `${chinese[i].message}${detail}`, en: `${english[i]}${detail}` } });
  });
  return out;
}

/** Validates catalogue params against an entry's params schema. */
const paramValidators = new Map<object, ValidateFunction>();
export function checkParams(schema: object, params: unknown): string[] {
  let validate = paramValidators.get(schema);
  if (!validate) {
    validate = ajv().compile(schema);
    paramValidators.set(schema, validate);
  }
  return validate(params) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
