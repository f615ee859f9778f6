import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { localizeZh } from '../../forms/ajv-zh.js';
import type { LocalizedText } from '../../forms/index.js';
import { EngineError } from '../errors/engine-error.js';
import { requestLocale } from './request-locale.js';

/** Fastify's own request validation, worded like our form errors: field, rule, both languages. */
function requestInvalid(error: FastifyError): EngineError {
  const errors = (error.validation ?? []) as ErrorObject[];
  const chinese = errors.map((e) => ({ ...e }));
  localizeZh(chinese);
  const where = error.validationContext ?? 'body';
  const fields = errors.map((e, i) => {
    // A missing or an unknown field is named itself, not the object around it.
    const name =
      e.keyword === 'required' ? `${e.instancePath}/${e.params.missingProperty}` : e.keyword === 'additionalProperties' ? `${e.instancePath}/${e.params.additionalProperty}` : e.instancePath;
    const field = `${where}${name}`.replace(/\//g, '.');
    return { field, rule: e.keyword, message: { 'zh-CN': `“${field}”${chinese[i].message}`, en: `"${field}" ${e.message}` } };
  });
  const first = fields[0]?.message ?? { 'zh-CN': error.message, en: error.message };
  return new EngineError('REQUEST_INVALID', { first }, { errors: fields });
}

/** Fastify's own errors (bad JSON, too large, wrong content type) as coded errors in both languages. */
function toEngineError(raw: FastifyError, bodyLimit: number): EngineError {
  if (raw instanceof EngineError) return raw;
  if (raw.validation) return requestInvalid(raw);
  if (raw.statusCode === 413) return new EngineError('REQUEST_TOO_LARGE', { limitKiB: Math.round(bodyLimit / 1024) });
  if (raw.statusCode === 415) return new EngineError('UNSUPPORTED_MEDIA_TYPE');
  if (raw.statusCode && raw.statusCode >= 400 && raw.statusCode < 500) {
    // e.g. a body that is not valid JSON: say what the parser said, in both messages
    return new EngineError('REQUEST_INVALID', { first: { 'zh-CN': raw.message, en: raw.message } });
  }
  return new EngineError('INTERNAL');
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: EngineError) {
  const locale = requestLocale(request);
  return reply.status(error.status).send({ error: { code: error.code, message: error.messages[locale], messages: error.messages, details: error.details } });
}

/** The URLs Fastify's router refuses before any route or hook runs, worded for people. */
const URL_PROBLEMS: Record<string, LocalizedText> = {
  FST_ERR_BAD_URL: { 'zh-CN': '网址中有无效的百分号编码（%）', en: 'the URL has an invalid percent-encoding (%)' },
  FST_ERR_MAX_PARAM_LENGTH: { 'zh-CN': '网址中的一段过长', en: 'a part of the URL is too long' },
};

/** Fastify's frameworkErrors option: the router's refusals leave coded, like every other error. */
export function answerFrameworkError(raw: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem = URL_PROBLEMS[raw.code];
  if (!problem) request.log.error(raw);
  return sendError(request, reply, problem ? new EngineError('REQUEST_INVALID', { first: problem }) : new EngineError('INTERNAL'));
}

/**
 * Every error leaves as { error: { code, message, messages, details } } in the caller's language.
 * sendWebApp, when given, answers unknown GET pages (not /api, not /docs) with the web app's
 * index.html, so the app's own routes (/inbox, /items/…) survive a reload.
 */
export function registerErrorHandler(app: FastifyInstance, sendWebApp?: (reply: FastifyReply) => unknown): void {
  app.setErrorHandler((raw: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // A route may take more than the app's default (a pack in one file): its own limit is the one broken.
    const error = toEngineError(raw, request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0);
    if (error.code === 'INTERNAL') request.log.error(raw);
    return sendError(request, reply, error);
  });
  app.setNotFoundHandler((request, reply) => {
    if (sendWebApp && request.method === 'GET' && !/^\/(api|docs)(\/|$)/.test(request.url)) return sendWebApp(reply);
    const error = new EngineError('NOT_FOUND', { what: { 'zh-CN': ` ${request.url}`, en: request.url } });
    reply.status(404).send({ error: { code: error.code, message: error.messages[requestLocale(request)], messages: error.messages } });
  });
}
