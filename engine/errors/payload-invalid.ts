import type { FieldError } from '../../forms/index.js';
import { EngineError } from './engine-error.js';

/** A form's payload refused: how many fields are wrong and the first one's message; every field error in the details. */
export function payloadInvalid(errors: FieldError[]): EngineError {
  return new EngineError('PAYLOAD_INVALID', { count: errors.length, first: errors[0].message }, { errors });
}
