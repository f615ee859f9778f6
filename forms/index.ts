export * from './localized-text.js';
export * from './form-definition.js';
export * from './field-error.js';
export * from './normalize-payload.js';
export * from './form-runtime.js';
