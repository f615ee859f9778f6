import { expect } from 'vitest';
import { ERRORS, type ErrorCode } from '../../engine/errors/error-catalogue.js';

/**
 * A parsed JSON body as the suites read it: navigated freely, since an assertion on a wrong
 * path fails the test anyway. The one explicit any of the suites.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read freely by assertions
export type JsonBody = any;

/** An app.inject() answer, as the suites read it. */
export type InjectResponse = { statusCode: number; body: string; json(): JsonBody };

/** Asserts the status (showing the body when it differs) and returns the parsed body. */
export function expectOk(response: InjectResponse, status = 200): JsonBody {
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

/**
 * Asserts a coded refusal: the code (a code of the catalogue, so a misspelt one fails the type
 * check), the status (the catalogue's for that code unless given) and its message in both
 * languages. Returns the error.
 */
export function expectError(response: InjectResponse, code: ErrorCode, status: number = ERRORS[code].status): JsonBody {
  expect(response.statusCode, response.body).toBe(status);
  const { error } = response.json();
  expect(error.code, response.body).toBe(code);
  expect(error.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(error.messages.en).toMatch(/[a-z]/);
  return error;
}

/** expectError with the status first, as the older suites read it. */
export function expectRefused(response: InjectResponse, status: number, code: ErrorCode): JsonBody {
  return expectError(response, code, status);
}
