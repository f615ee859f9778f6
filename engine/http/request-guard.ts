import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { EngineError, type ErrorArgs } from '../errors/engine-error.js';
import { errorMessage, type ErrorCode, type ErrorParams, type TextRule } from '../errors/error-catalogue.js';

/**
 * How deep a JSON body may nest. Forms nest a few levels; this bound keeps every reader of a
 * body (ajv, JSON.stringify, the form runtime, jsonb) far from its recursion limits.
 */
export const MAX_BODY_DEPTH = 32;

type Part = 'params' | 'querystring' | 'headers' | 'body';

/** Something in a request no route may receive: where, and the code and rule it breaks. */
type Problem = { path: string[] } & (
  | { code: 'REQUEST_TEXT_INVALID'; rule: TextRule }
  | { code: 'NUMBER_NOT_FINITE'; rule: 'finite' }
  | { code: 'REQUEST_TOO_DEEP'; rule: 'maxDepth' }
);

/** The codes whose message names one field of the request. */
type FieldCode = { [C in ErrorCode]: ErrorParams<C> extends { field: string } ? C : never }[ErrorCode];

/**
 * A refusal that names one field of the request the way route schema errors do
 * (querystring.from, body.payload.title) and the rule it breaks, in both languages.
 */
export function fieldRefused<C extends FieldCode>(code: C, field: string, rule: string, params: Omit<ErrorParams<C>, 'field'>): EngineError {
  // Generic code: TypeScript cannot see that adding the field completes the code's parameters.
  const all = { ...params, field } as ErrorParams<C>;
  const args = [all, { errors: [{ field, rule, message: errorMessage(code, all) }] }] as ErrorArgs<C>;
  return new EngineError(code, ...args);
}

/**
 * PostgreSQL refuses NUL in text and jsonb, and jsonb refuses unpaired surrogates; neither is
 * text a person typed. In a u-mode regex \p{Cs} matches only unpaired surrogates: a pair is one
 * code point (an emoji), not Cs.
 */
function textRule(text: string): TextRule | undefined {
  if (text.includes('\u0000')) return 'noNul';
  if (/\p{Cs}/u.test(text)) return 'wellFormed';
  return undefined;
}

/** The keys that reach an object's prototype when a body is merged into one (prototype pollution). */
const isPrototypeKey = (key: string, path: string[]) => key === '__proto__' || (key === 'prototype' && path.at(-1) === 'constructor');

/** The first thing in a parsed part of a request that no route may receive, or undefined. */
function findProblem(value: unknown, path: string[], depth: number): Problem | undefined {
  if (typeof value === 'string') {
    const rule = textRule(value);
    return rule && { path, code: 'REQUEST_TEXT_INVALID', rule };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, code: 'NUMBER_NOT_FINITE', rule: 'finite' };
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > MAX_BODY_DEPTH) return { path, code: 'REQUEST_TOO_DEEP', rule: 'maxDepth' };
  for (const [key, inner] of Object.entries(value)) {
    const keyRule = textRule(key) ?? (isPrototypeKey(key, path) ? 'noPrototypeKey' : undefined);
    if (keyRule) return { path: [...path, key], code: 'REQUEST_TEXT_INVALID', rule: keyRule };
    const found = findProblem(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A field name people can read even when its key is the bad text. */
const fieldName = (path: string[]) => path.map((key) => key.replaceAll('\0', '\\0').replace(/\p{Cs}/gu, '\uFFFD')).join('.');

function refusal(problem: Problem): EngineError {
  const field = fieldName(problem.path);
  if (problem.code === 'REQUEST_TEXT_INVALID') return fieldRefused(problem.code, field, problem.rule, { rule: problem.rule });
  if (problem.code === 'REQUEST_TOO_DEEP') return fieldRefused(problem.code, field, problem.rule, { maxDepth: MAX_BODY_DEPTH });
  return fieldRefused(problem.code, field, problem.rule, {});
}

function checkRequest(request: FastifyRequest): void {
  // Every parameter of the API is a single value; a repeat is a mistake (or a probe), not a list.
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (Array.isArray(value)) throw fieldRefused('PARAM_REPEATED', fieldName(['querystring', name]), 'single', {});
  }
  const parts: Array<[Part, unknown]> = [
    ['params', request.params],
    ['querystring', request.query],
    ['headers', request.headers],
    ['body', request.body],
  ];
  for (const [part, value] of parts) {
    const problem = findProblem(value, [part], 1);
    if (problem) throw refusal(problem);
  }
}

/**
 * One guard for every route, before any of them reads a request: path parameters, query
 * string, headers and JSON body may not carry text the store cannot keep (NUL, unpaired
 * surrogates), prototype keys, numbers that are not finite, repeated parameters, or nesting
 * deeper than MAX_BODY_DEPTH. Each is a coded 400 naming the field and the rule.
 */
export const requestGuard = fp(async (app: FastifyInstance) => {
  // Plain JSON.parse (V8's parser does not recurse, so any depth parses); the guard then looks
  // at the result. The default parser would refuse __proto__ keys as "not valid JSON", unnamed.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, JSON.parse(text as string));
    } catch {
      const message = { first: { 'zh-CN': '请求体不是有效的 JSON', en: 'the body is not valid JSON' } };
      done(new EngineError('REQUEST_INVALID', message, { errors: [{ field: 'body', rule: 'json', message: errorMessage('REQUEST_INVALID', message) }] }), undefined);
    }
  });
  app.addHook('preValidation', async (request) => checkRequest(request));
  // Again after validation: ajv coerces query strings, and turns "1e400" into Infinity.
  app.addHook('preHandler', async (request) => checkRequest(request));
});
