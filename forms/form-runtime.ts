import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { applyComputedFields, hasComputedFields } from './computed-fields.js';
import { FORM_KEYWORDS, type FormDefinition, type JsonSchema } from './form-definition.js';
import { toFieldErrors, type FieldError } from './field-error.js';
import { normalizePayload } from './normalize-payload.js';

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

  /** Compiles a form once per key; later calls with the same key reuse the validator. */
  compile(key: string, form: FormDefinition): void {
    if (this.compiled.has(key)) return;
    // Each validator is kept by our key, not by a $id the admin may have copied between packs.
    const { $id: _ignored, ...schema } = form.schema as JsonSchema;
    try {
      // Most forms compute nothing: decided once here, so their submissions skip that pass (and its copy).
      this.compiled.set(key, { form, schema, validate: this.ajv.compile(schema), computes: hasComputedFields(form.schema) });
    } catch (error) {
      throw new FormCompileError(form.id, (error as Error).message);
    }
  }

  has(key: string): boolean {
    return this.compiled.has(key);
  }

  /**
   * Validates a payload as the browser would submit it; on success returns the normalised
   * payload with every computed field computed here, whatever the client sent for it.
   */
  validate(key: string, payload: unknown): ValidationResult {
    const entry = this.compiled.get(key);
    if (!entry) throw new Error(`form ${key} was never compiled`);
    // normalizePayload returns a fresh copy, so without computed fields it is the value itself.
    const normalized = normalizePayload(payload ?? {});
    const value = entry.computes ? applyComputedFields(entry.form.schema, normalized) : normalized;
    if (entry.validate(value)) return { valid: true, value };
    // Same rules, same errors in the same order, plus parentSchema: the schema compiled above, so this cannot throw.
    entry.explain ??= this.explainer.compile(entry.schema);
    entry.explain(value);
    return { valid: false, errors: toFieldErrors(entry.explain.errors ?? [], entry.form.title, entry.form.schema) };
  }
}
