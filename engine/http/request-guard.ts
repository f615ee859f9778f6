import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { EngineError, type ErrorArgs } from '../errors/engine-error.js';
import { errorMessage, type ErrorCode, type ErrorParams } from '../errors/error-catalogue.js';
import { findUnstorable, MAX_BODY_DEPTH, type Unstorable } from '../util/storable-value.js';

type Part = 'params' | 'querystring' | 'headers' | 'body';

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

/** A field name people can read even when its key is the bad text. */
const fieldName = (path: string[]) => path.map((key) => key.replaceAll('\0', '\\0').replace(/\p{Cs}/gu, '\uFFFD')).join('.');

function refusal(problem: Unstorable): EngineError {
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
    const problem = findUnstorable(value, [part], 1);
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
