import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { applyComputedFields, hasComputedFields } from './computed-fields.js';
import { setOwn } from './data-copy.js';
import { applyDefaults, hasDefaults } from './form-defaults.js';
import { FORM_KEYWORDS, type FormDefinition, type JsonSchema } from './form-definition.js';
import { toFieldErrors, type FieldError } from './field-error.js';
import { normalizePayload } from './normalize-payload.js';
import { cutOversize, tooDeep, tooDeepError } from './payload-bounds.js';
import { surveyPayload } from './payload-survey.js';
import { walkFields } from './schema-walk.js';

const ATTACHMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ValidationResult =
  | { valid: true; value: unknown }
  | { valid: false; errors: FieldError[] };

interface CompiledForm {
  form: FormDefinition;
  /** The schema ajv compiles (the form's, without its root $id). */
  schema: JsonSchema;
  /** Gives the verdict. */
  validate: ValidateFunction;
  /** Gives the errors of a refused payload, with their parentSchema; compiled on the form's first refusal. */
  explain?: ValidateFunction;
  /** Whether the form has x-computed fields to compute on each submission. */
  computes: boolean;
  /** Whether the form declares defaults to fill in on each submission. */
  defaults: boolean;
}

/** Thrown when an admin-written schema does not compile. */
export class FormCompileError extends Error {
  constructor(
    readonly formId: string,
    readonly reason: string,
  ) {
    super(`form ${formId}: ${reason}`);
  }
}

/**
 * An ajv with the rules every form is compiled with. `explain` says whether its code lists
 * errors for people or only gives a verdict; it changes no rule, so both agree on every payload.
 */
function createAjv(explain: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false, // if/then may require a field declared on the parent: the usual conditional-field pattern
    allErrors: explain, // a form shows every wrong field at once; request size is bounded before we get here
    verbose: explain, // errors carry parentSchema, which gives each field its title
    validateFormats: true,
  });
  addFormats.default(ajv);
  // An attachment field holds the id the upload endpoint returned (a UUID), never file content.
  ajv.addFormat('attachment', ATTACHMENT_ID);
  for (const keyword of FORM_KEYWORDS) ajv.addKeyword({ keyword, schemaType: ['object', 'string', 'boolean'] });
  return ajv;
}

/**
 * The one form runtime the engine and the browser share: ajv (JSON Schema 2020-12, strict,
 * our x- keywords registered) and a cache of compiled validators keyed by the caller's form
 * key (county/pack@version#form), so each form version compiles once.
 *
 * Two ajv instances apply the same rules. Most submissions are valid and need only a
 * verdict: that comes from code that stops at the first failure and builds no error
 * objects, about three times faster on a valid 100-field form than code that collects every
 * error with its schema (BENCHMARKS.md). A refused payload is run again through the latter,
 * which lists every wrong field, each error with the parentSchema that gives the field its
 * title; that code is compiled when a form first refuses a payload.
 */
export class FormRuntime {
  private readonly ajv = createAjv(false);
  private readonly explainer = createAjv(true);
  private readonly compiled = new Map<string, CompiledForm>();
  private readonly defined = new Map<string, FormDefinition>();

  /** Compiles a form once per key; later calls with the same key reuse the validator. */
  compile(key: string, form: FormDefinition): void {
    if (this.compiled.has(key)) return;
    // Each validator is kept by our key, not by a $id the admin may have copied between packs.
    const { $id: _ignored, ...schema } = form.schema as JsonSchema;
    try {
      // Most forms compute nothing: decided once here, so their submissions skip that pass (and its copy).
      this.compiled.set(key, { form, schema, validate: this.ajv.compile(schema), computes: hasComputedFields(form.schema), defaults: hasDefaults(form.schema) });
    } catch (error) {
      throw new FormCompileError(form.id, (error as Error).message);
    }
  }

  /**
   * Registers a form to be compiled on its first use under this key. The engine holds every
   * published version of every pack, and compiling them all at start cost most of a restart;
   * only the forms people actually submit are compiled, once each.
   */
  define(key: string, form: FormDefinition): void {
    if (!this.compiled.has(key)) this.defined.set(key, form);
  }

  has(key: string): boolean {
    return this.compiled.has(key) || this.defined.has(key);
  }

  /**
   * What a form holds before anyone types: its declared defaults filled in and its computed
   * fields computed, exactly as validate() would store the same data.
   */
  prepare(key: string, data: unknown): Record<string, unknown> {
    const entry = this.entry(key);
    const filled = entry.defaults ? applyDefaults(entry.form.schema, data ?? {}) : (data ?? {});
    return applyComputedFields(entry.form.schema, filled) as Record<string, unknown>;
  }

  /**
   * Validates a payload as the browser would submit it; on success returns the normalised
   * payload with the form's declared defaults filled in and every computed field computed
   * here, whatever the client sent for it.
   */
  validate(key: string, payload: unknown): ValidationResult {
    const entry = this.entry(key);
    // Before anything recursive touches it (the copy below, ajv's code): a refusal, not a stack overflow.
    const survey = surveyPayload(payload);
    if (survey === 'too-deep') return { valid: false, errors: [tooDeepError(entry.form, tooDeep(payload)?.field)] };
    // A payload normalising would not change is validated and kept as it is: ajv only reads it,
    // and defaults and computed fields work on a copy. The value returned may be the payload itself.
    const normalized = survey === 'as-is' && payload != null ? payload : normalizePayload(payload ?? {});
    const filled = entry.defaults ? applyDefaults(entry.form.schema, normalized) : normalized;
    const value = entry.computes ? applyComputedFields(entry.form.schema, filled) : filled;
    if (entry.validate(value)) return { valid: true, value };
    // Same rules, every error with its parentSchema: the schema compiled above, so this cannot throw.
    entry.explain ??= this.explainer.compile(entry.schema);
    // A list (or open group) far over its maximum is explained from its first entries only (payload-bounds.ts).
    entry.explain(cutOversize(entry.schema, value));
    // The cut can, in contrived schemas, leave the explanation without an error (a condition on
    // the list's far entries): the verdict's own first error then still says what is wrong.
    const errors = entry.explain.errors?.length ? entry.explain.errors : (entry.validate.errors ?? []);
    return { valid: false, errors: toFieldErrors(errors, entry.form.title, entry.form.schema) };
  }

  /**
   * Runs both compiled validators of a form once, on an empty payload and on one that holds
   * every field the form declares. V8 compiles a function on its first call, and ajv's verdict
   * code nests one block per field: a large enough form compiles (ajv) but then overflows the
   * stack on every call (V8). Publishing runs this, so such a form is refused there instead of
   * failing every submission. Throws FormCompileError with the reason.
   */
  tryOut(key: string): void {
    const entry = this.entry(key);
    try {
      entry.explain ??= this.explainer.compile(entry.schema);
      for (const payload of [{}, everyField(entry.schema)]) {
        entry.validate(payload);
        entry.explain(payload);
      }
    } catch (error) {
      throw new FormCompileError(entry.form.id, (error as Error).message);
    }
  }

  private entry(key: string): CompiledForm {
    const defined = this.defined.get(key);
    if (defined) {
      this.defined.delete(key);
      this.compile(key, defined);
    }
    const entry = this.compiled.get(key);
    if (!entry) throw new Error(`form ${key} was never compiled`);
    return entry;
  }
}

/**
 * A payload that reaches every field the form declares (in every branch): an object where a
 * group is declared, a one-entry list where a list is, null elsewhere. Its values are wrong,
 * but the explaining validator checks every field anyway, so each part of its code runs.
 */
function everyField(schema: JsonSchema): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  walkFields(schema, ({ data, schema: declared }) => {
    let parent: unknown = root;
    for (let i = 0; i < data.length; i++) {
      if (parent === null || typeof parent !== 'object') return; // another branch made it a plain value
      // A group or a list: a list's first entry is its property '0'.
      const node = parent as Record<string, unknown>;
      const key = data[i] === '*' ? '0' : data[i];
      // Own properties only: a field may be called __proto__.
      if (!Object.hasOwn(node, key) || node[key] === null) setOwn(node, key, i + 1 < data.length ? (data[i + 1] === '*' ? [] : {}) : emptyOf(declared));
      parent = node[key];
    }
  }, { conditional: true });
  return root;
}

const emptyOf = (s: JsonSchema): unknown => (s.type === 'array' || s.items !== undefined ? [] : s.type === 'object' || s.properties !== undefined ? {} : null);
