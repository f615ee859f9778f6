import type { LocalizedText } from '../../forms/index.js';
import { ERRORS, errorMessage, type ErrorCode, type ErrorParams } from './error-catalogue.js';

/** What follows the code: its parameters (optional when it declares none), then the details clients may read. */
export type ErrorArgs<C extends ErrorCode> = Record<string, never> extends ErrorParams<C>
  ? [params?: ErrorParams<C>, details?: unknown]
  : [params: ErrorParams<C>, details?: unknown];

/**
 * An error the API answers with: a code from the catalogue, its message in both languages, details.
 * The code decides the parameters, so a missing or misspelt one fails the type check, not a reader.
 */
export class EngineError<C extends ErrorCode = ErrorCode> extends Error {
  readonly status: number;
  readonly messages: LocalizedText;
  readonly params: ErrorParams<C>;
  readonly details?: unknown;

  constructor(
    readonly code: C,
    ...[params, details]: ErrorArgs<C>
  ) {
    const given = (params ?? {}) as ErrorParams<C>;
    const messages = errorMessage(code, given);
    super(messages.en);
    this.status = ERRORS[code].status;
    this.messages = messages;
    this.params = given;
    this.details = details;
  }
}
