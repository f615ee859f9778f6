import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { FormRuntime } from '../../forms/index.js';
import { surveyPayload } from '../../forms/payload-survey.js';
import { generateForm, invalidPayload, validPayload, withoutFormKeywords } from './generated-form.js';
import { compareOpsPerSecond, median } from './timing.js';

// Benchmark 1: what the server pays per submission for our form runtime (the walk over the
// payload, normalising, computed fields, ajv, field errors in zh-CN/en) against ajv alone on the
// same schema and payload, compiled the way our verdict is (without allErrors); ajv with
// allErrors is a second row.

export const VALIDATION_FIELDS = 100;
/** Issue 9's target: our validate() at least 0.8 of the ops/sec of raw ajv compiled as our verdict is. */
export const VALIDATION_TARGET = 0.8;

export interface ValidationRow {
  payload: 'valid' | 'invalid';
  oursOps: number;
  /**
   * The baseline: ajv compiled as our verdict is, without allErrors (it stops at the first
   * failure and builds no error objects). Like for like: on a valid payload both run the same
   * kind of code, and what ours adds is its own work (the walk over the payload, normalising).
   */
  ajvOps: number;
  /** A second comparison: ajv compiled with allErrors, as a form that lists every wrong field would use it alone. */
  ajvAllErrorsOps: number;
  /** For the profile: surveyPayload alone, the walk ours makes over every payload before ajv. */
  walkOps: number;
  /** What each side returned, to show the comparison is like for like. */
  oursResult: string;
  ajvResult: string;
}

export const VALIDATION_OPTIONS = { warmupMs: 1000, roundMs: 300, rounds: 15 };

/** Plain ajv as anyone would use it: the standard formats, and the schema without our x- keywords (which it would refuse). */
function plainAjv(schema: unknown, allErrors: boolean): ValidateFunction {
  const ajv = new Ajv2020({ allErrors });
  addFormats.default(ajv);
  return ajv.compile(withoutFormKeywords(schema) as object);
}

export function runValidationBenchmark(): ValidationRow[] {
  const form = generateForm(VALIDATION_FIELDS);
  const runtime = new FormRuntime();
  runtime.compile('bench', form);
  const ajvValidate = plainAjv(form.schema, false);
  const ajvAllErrors = plainAjv(form.schema, true);

  // As the server receives them: parsed from the request's JSON (V8 lays these out differently
  // from objects built in code, and ajv's speed depends on it).
  const received = (payload: unknown) => JSON.parse(JSON.stringify(payload));
  const payloads = { valid: received(validPayload(form)), invalid: received(invalidPayload(form)) };

  return (['valid', 'invalid'] as const).map((kind) => {
    const payload = payloads[kind];
    const ours = runtime.validate('bench', payload);
    const raw = ajvValidate(payload);
    // All must agree, or one of them is measuring a different job.
    if (ours.valid !== (kind === 'valid') || raw !== (kind === 'valid') || ajvAllErrors(payload) !== raw)
      throw new Error(`the ${kind} payload is judged differently: ours ${ours.valid}, ajv ${raw}`);
    ajvAllErrors(payload);
    const allErrorsCount = ajvAllErrors.errors?.length ?? 0;
    const results = compareOpsPerSecond(
      {
        ours: () => runtime.validate('bench', payload),
        ajv: () => ajvValidate(payload),
        ajvAllErrors: () => ajvAllErrors(payload),
        // What ours does before ajv on every payload, alone: where the difference goes.
        walk: () => surveyPayload(payload),
      },
      VALIDATION_OPTIONS,
    );
    return {
      payload: kind,
      oursOps: median(results.ours),
      ajvOps: median(results.ajv),
      ajvAllErrorsOps: median(results.ajvAllErrors),
      walkOps: median(results.walk),
      oursResult: ours.valid ? 'valid, normalised value' : `${ours.errors.length} field errors, zh-CN + en`,
      ajvResult: raw ? 'true' : `false and its first error (allErrors: ${allErrorsCount} raw errors)`,
    };
  });
}
