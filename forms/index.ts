export * from './localized-text.js';
export * from './wording.js';
export * from './form-definition.js';
export * from './field-error.js';
export * from './field-rule-catalogue.js';
export * from './normalize-payload.js';
export * from './form-runtime.js';
export * from './json-pointer.js';
export * from './schema-walk.js';
export * from './schema-problem.js';
export * from './computed-fields.js';
export * from './form-defaults.js';
export * from './payload-bounds.js';
export * from './personal-fields.js';
// schema-safety.ts is Node only (recheck) and deliberately not exported here: import it directly.
