import { ErrorSchemaBuilder, type ErrorSchema } from '@rjsf/utils';
import type { FieldError } from '../field-error.js';
import type { Locale } from '../localized-text.js';

/** Our field errors (JSON pointers) as rjsf's error tree, so each message shows under its field. */
export function toErrorSchema(errors: FieldError[], locale: Locale): ErrorSchema {
  const builder = new ErrorSchemaBuilder();
  for (const error of errors) {
    const path = error.field
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    builder.addErrors(error.message[locale], path.length ? path : undefined);
  }
  return builder.ErrorSchema;
}
