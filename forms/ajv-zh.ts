import type { ErrorObject } from 'ajv';
import localizeModule from 'ajv-i18n/localize/zh/index.js';

/**
 * ajv-i18n's Chinese messages. The package is CommonJS: depending on the loader its default
 * import is the function itself or a namespace holding it.
 */
export const localizeZh: (errors?: ErrorObject[] | null) => void =
  typeof localizeModule === 'function' ? localizeModule : (localizeModule as unknown as { default: (errors?: ErrorObject[] | null) => void }).default;
