/**
 * Browser entry of the forms parity suite (tests/browser/form-parity.test.ts). Vite bundles
 * it as the web app would bundle forms/ (browser conditions, CommonJS interop, minified) and
 * the suite runs it in Chromium, so the verdicts compared are the ones a browser computes.
 */
import { FormRuntime, type FormDefinition, type ValidationResult } from '../../../forms/index.js';

/** One payload to validate against the form compiled under `form` (a key of the forms map). */
export interface ParityCase {
  form: string;
  payload: unknown;
}

declare global {
  interface Window {
    validateForms(forms: Record<string, FormDefinition>, cases: ParityCase[]): ValidationResult[];
  }
}

// A fresh runtime per call, as a freshly loaded page has: nothing cached from an earlier run.
window.validateForms = (forms, cases) => {
  const runtime = new FormRuntime();
  for (const [key, form] of Object.entries(forms)) runtime.compile(key, form);
  return cases.map((c) => runtime.validate(c.form, c.payload));
};
