export { JsonForm, type JsonFormProps, type DraftStore } from './JsonForm.js';
export type { FormServices, AttachmentInfo, SourceOption } from './form-context.js';
export { localizeSchema } from './localize-schema.js';
export { browserRuntime, ensureCompiled } from './shared-runtime.js';
