import { FormRuntime } from '../form-runtime.js';
import type { FormDefinition } from '../form-definition.js';

/** The browser's one form runtime: the same code and messages the engine validates with. */
export const browserRuntime = new FormRuntime();

/** Compiles a form version once and returns the key to validate it with. */
export function ensureCompiled(key: string, form: FormDefinition): string {
  browserRuntime.compile(key, form);
  return key;
}
