import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { applyComputedFields } from './computed-fields.js';
import { FORM_KEYWORDS, type FormDefinition, type JsonSchema } from './form-definition.js';
import { toFieldErrors, type FieldError } from './field-error.js';
import { normalizePayload } from './normalize-payload.js';

const ATTACHMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ValidationResult =
  | { valid: true; value: unknown }
  | { valid: false; errors: FieldError[] };

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
 * The one form runtime the engine and the browser share: one ajv instance (JSON Schema
 * 2020-12, strict, our x- keywords registered) and a cache of compiled validators keyed by
 * the caller's form key (county/pack@version#form), so each form version compiles once.
 */
export class FormRuntime {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, { validate: ValidateFunction; form: FormDefinition }>();

  constructor() {
    this.ajv = new Ajv2020({
      strict: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false, // if/then may require a field declared on the parent: the usual conditional-field pattern
      allErrors: true, // a form shows every wrong field at once; request size is bounded before we get here
      verbose: true, // errors carry parentSchema, which gives each field its title
      validateFormats: true,
    });
    addFormats.default(this.ajv);
    // An attachment field holds the id the upload endpoint returned (a UUID), never file content.
    this.ajv.addFormat('attachment', ATTACHMENT_ID);
    for (const keyword of FORM_KEYWORDS) this.ajv.addKeyword({ keyword, schemaType: ['object', 'string', 'boolean'] });
  }

  /** Compiles a form once per key; later calls with the same key reuse the validator. */
  compile(key: string, form: FormDefinition): void {
    if (this.compiled.has(key)) return;
    // Each validator is kept by our key, not by a $id the admin may have copied between packs.
    const { $id: _ignored, ...schema } = form.schema as JsonSchema;
    try {
      this.compiled.set(key, { validate: this.ajv.compile(schema), form });
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
    const value = applyComputedFields(entry.form.schema, normalizePayload(payload ?? {}));
    if (entry.validate(value)) return { valid: true, value };
    return { valid: false, errors: toFieldErrors(entry.validate.errors ?? [], entry.form.title, entry.form.schema) };
  }
}
