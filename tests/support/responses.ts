import { expect } from 'vitest';

/** An app.inject() answer, as the suites read it. */
export type InjectResponse = { statusCode: number; body: string; json(): any };

/** Asserts the status (showing the body when it differs) and returns the parsed body. */
export function expectOk(response: InjectResponse, status = 200): any {
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

/** Asserts a coded refusal with its message in both languages; returns the error. */
export function expectRefused(response: InjectResponse, status: number, code: string): any {
  expect(response.statusCode, response.body).toBe(status);
  const { error } = response.json();
  expect(error.code).toBe(code);
  expect(error.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(error.messages.en).toMatch(/[a-z]/);
  return error;
}
