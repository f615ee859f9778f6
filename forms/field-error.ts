import type { ErrorObject } from 'ajv';
import { localizeZh } from './ajv-zh.js';
import type { JsonSchema } from './form-definition.js';
import { AJV_RULE, FIELD_RULES, type Choices, type FieldRule } from './field-rule-catalogue.js';
import type { LocalizedText } from './localized-text.js';
import { localize, type ParamsArg, type ParamsOf, type Wording } from './wording.js';

interface FieldErrorBase {
  /** JSON pointer of the field in the payload, e.g. /contact/phone ("" for the form itself). */
  field: string;
  /** The field's title as the form shows it. */
  title: LocalizedText;
  /** The full sentence, naming the field and the rule (derived from the rule and its parameters). */
  message: LocalizedText;
}

/** What a rule's sentence reads besides the field's title. */
export type FieldRuleParams<R extends FieldRule> = Omit<ParamsOf<(typeof FIELD_RULES)[R]>, 'title'>;

/** A rule of the catalogue broken: its code (the JSON Schema keyword or the engine's rule) and parameters. */
export type KnownFieldError = { [R in FieldRule]: FieldErrorBase & { rule: R; params: FieldRuleParams<R> } }[FieldRule];

/** A keyword the catalogue does not word (dependentRequired, not…): the keyword, and ajv's own sentence. */
export type AjvFieldError = FieldErrorBase & { rule: string; params: { reason: LocalizedText } };

/** One thing wrong with a submitted form, named so a user can find and fix it. */
export type FieldError = KnownFieldError | AjvFieldError;

/** A field error of the catalogue: the message is derived from the rule, the title and the parameters. */
export function fieldError<R extends FieldRule>(field: string, title: LocalizedText, rule: R, ...[params]: ParamsArg<FieldRuleParams<R>>): FieldError {
  const given = { ...(params ?? {}), title } as ParamsOf<(typeof FIELD_RULES)[R]>;
  // The union cannot be narrowed by a generic rule; the catalogue entry is the one for this rule.
  const message = localize(FIELD_RULES[rule] as Wording<typeof given>, given);
  return { field, title, rule, params: params ?? {}, message } as FieldError;
}

/** A message names at most this many choices; a longer list ends with how many there are. */
export const MAX_CHOICES_NAMED = 10;

/**
 * The choices of an enum field, or of a oneOf list of {const, title} options, by their titles.
 * A long list is cut after the first few: every wrong entry of a list repeats this sentence,
 * and a choice of hundreds would make each one a page.
 */
function choicesOf(schema: JsonSchema): Choices {
  const values = Array.isArray(schema.enum) ? schema.enum : Array.isArray(schema.oneOf) ? schema.oneOf : [];
  const name = (v: unknown): LocalizedText =>
    Array.isArray(schema.enum) ? { 'zh-CN': String(v), en: String(v) } : fieldTitle(v as JsonSchema, String((v as JsonSchema).const));
  return { choices: values.slice(0, MAX_CHOICES_NAMED).map(name), total: values.length };
}

/** The field error of a keyword the catalogue words, its parameters taken from ajv's; undefined for the others. */
function wordedError(error: ErrorObject, parent: JsonSchema, field: string, title: LocalizedText): FieldError | undefined {
  const p = error.params as Record<string, unknown>;
  const keyword = error.keyword;
  switch (keyword) {
    case 'minLength':
    case 'maxLength':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minItems':
    case 'maxItems':
      return fieldError(field, title, keyword, { limit: Number(p.limit) });
    case 'format':
      return fieldError(field, title, keyword, { format: String(p.format) });
    case 'type':
      return fieldError(field, title, keyword, { type: String(p.type) });
    case 'multipleOf':
      return fieldError(field, title, keyword, { multipleOf: Number(p.multipleOf) });
    case 'enum':
    case 'oneOf':
      return fieldError(field, title, keyword, choicesOf(parent));
    case 'const':
      return fieldError(field, title, keyword, { allowedValue: p.allowedValue });
    case 'uniqueItems':
      return fieldError(field, title, keyword, { i: Number(p.i), j: Number(p.j) });
    case 'required':
    case 'pattern':
    case 'anyOf':
    case 'additionalProperties':
      return fieldError(field, title, keyword);
    default:
      return undefined;
  }
}

/** The title of a field in a locale: x-i18n.<locale>.title, then title, then the property name. */
export function fieldTitle(schema: JsonSchema | undefined, fallback: string): LocalizedText {
  const zh = typeof schema?.title === 'string' ? schema.title : fallback;
  const i18n = (schema?.['x-i18n'] ?? {}) as Record<string, { title?: string }>;
  return { 'zh-CN': zh, en: i18n.en?.title ?? zh };
}

/**
 * The schema of the field at an instance pointer, looking through properties, items, local
 * $refs and the branches that can declare properties (allOf, if/then/else, oneOf, anyOf).
 * Used to title errors raised away from the field's own declaration (e.g. a required in then).
 */
export function fieldSchemaAt(root: JsonSchema, pointer: string): JsonSchema | undefined {
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
    const ref = s?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
    const target = ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    return target as JsonSchema | undefined;
  };
  const branches = (s: JsonSchema): JsonSchema[] => {
    const out: JsonSchema[] = [s];
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) if (Array.isArray(s[key])) out.push(...(s[key] as JsonSchema[]).map(resolve).filter(Boolean) as JsonSchema[]);
    for (const key of ['then', 'else'] as const) if (s[key] && typeof s[key] === 'object') out.push(resolve(s[key] as JsonSchema)!);
    return out;
  };
  let current: JsonSchema | undefined = resolve(root);
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!current) return undefined;
    let next: JsonSchema | undefined;
    for (const branch of branches(current)) {
      const props = branch.properties as Record<string, JsonSchema> | undefined;
      if (props?.[key]) next = resolve(props[key]);
      else if (/^\d+$/.test(key) && branch.items && typeof branch.items === 'object') next = resolve(branch.items as JsonSchema);
      // The declaration with a title wins over bare re-declarations in branches.
      if (next && typeof next.title === 'string') break;
    }
    current = next;
  }
  return current;
}

function lastSegment(pointer: string): string {
  const parts = pointer.split('/');
  return (parts[parts.length - 1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

/** A response lists at most this many field errors; one more entry says how many were left out. */
export const MAX_FIELD_ERRORS = 50;

/** A keyword the catalogue does not word: ajv's sentence in both languages (ajv-i18n rewrites .message in place, so on a copy). */
function ajvError(error: ErrorObject, field: string, title: LocalizedText): AjvFieldError {
  const copy = { ...error };
  localizeZh([copy]);
  const reason = { 'zh-CN': copy.message ?? error.keyword, en: error.message ?? error.keyword };
  return { field, title, rule: error.keyword, params: { reason }, message: localize(AJV_RULE, { title, reason }) };
}

/**
 * Turns ajv's errors (compiled with verbose: true, so each carries its parentSchema) into
 * field errors. rootTitle names the form for errors on the whole payload.
 *
 * At most MAX_FIELD_ERRORS are worded; the rest are only counted, into a last entry on the
 * form itself. Nobody reads the 51st red field before fixing the first, and a list of
 * thousands of wrong entries must not become thousands of sentences in a response.
 */
export function toFieldErrors(errors: ErrorObject[], rootTitle: LocalizedText, rootSchema: JsonSchema): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  let more = 0;
  for (const error of errors) {
    const parent = (error.parentSchema ?? {}) as JsonSchema;
    let field = error.instancePath;
    let fieldSchema: JsonSchema | undefined = parent;
    // These two rules are reported on the parent object; the user thinks of them as the child field.
    const child = error.keyword === 'required' ? error.params.missingProperty : error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
    if (child !== undefined) {
      field = `${error.instancePath}/${String(child).replace(/~/g, '~0').replace(/\//g, '~1')}`;
      fieldSchema = (parent.properties as Record<string, JsonSchema> | undefined)?.[child];
    }
    // An enum written as oneOf [{const, title}] fails every branch; one message for the field is enough.
    const key = `${field}|${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (error.keyword === 'const' && /\/oneOf\/\d+\/const$/.test(error.schemaPath)) continue;
    if (out.length === MAX_FIELD_ERRORS) {
      more++;
      continue;
    }

    if (typeof fieldSchema?.title !== 'string') fieldSchema = fieldSchemaAt(rootSchema, field) ?? fieldSchema;
    const title = field === '' ? rootTitle : fieldTitle(fieldSchema, lastSegment(field));
    const override = fieldSchema?.['x-messages'] as Record<string, LocalizedText> | undefined;
    const custom = override?.[error.keyword] ?? override?.['*'];
    const found = wordedError(error, parent, field, title) ?? ajvError(error, field, title);
    // The form's own words (x-messages) replace the rule's, language by language; the code and parameters stay.
    if (custom?.['zh-CN'] !== undefined) found.message = { ...found.message, 'zh-CN': `“${title['zh-CN']}”${custom['zh-CN']}` };
    if (custom?.en !== undefined) found.message = { ...found.message, en: `"${title.en}" ${custom.en}` };
    out.push(found);
  }
  if (more > 0) out.push(fieldError('', rootTitle, 'maxErrors', { more }));
  return out;
}
