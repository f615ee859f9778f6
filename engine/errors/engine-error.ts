import type { LocalizedText } from '../../forms/index.js';
import { ERRORS, errorMessage, type ErrorCode } from './error-catalogue.js';

/** An error the API answers with: a code from the catalogue, its message in both languages, details. */
export class EngineError extends Error {
  readonly status: number;
  readonly messages: LocalizedText;

  constructor(
    readonly code: ErrorCode,
    params: Record<string, unknown> = {},
    readonly details?: unknown,
  ) {
    const messages = errorMessage(code, params);
    super(messages.en);
    this.status = ERRORS[code].status;
    this.messages = messages;
  }
}
