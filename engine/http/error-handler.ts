import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import { localizeZh } from '../../forms/ajv-zh.js';
import { EngineError } from '../errors/engine-error.js';
import { requestLocale } from './request-locale.js';

/** Fastify's own request validation, worded like our form errors: field, rule, both languages. */
function requestInvalid(error: FastifyError): EngineError {
  const errors = (error.validation ?? []) as ErrorObject[];
  const chinese = errors.map((e) => ({ ...e }));
  localizeZh(chinese);
  const where = error.validationContext ?? 'body';
  const fields = errors.map((e, i) => {
    const name = e.keyword === 'required' ? `${e.instancePath}/${e.params.missingProperty}` : e.instancePath;
    const field = `${where}${name}`.replace(/\//g, '.');
    return { field, rule: e.keyword, message: { 'zh-CN': `“${field}”${chinese[i].message}`, en: `"${field}" ${e.message}` } };
  });
  const first = fields[0]?.message ?? { 'zh-CN': error.message, en: error.message };
  return new EngineError('REQUEST_INVALID', { first: first['zh-CN'], firstEn: first.en }, { errors: fields });
}

/**
 * Every error leaves as { error: { code, message, messages, details } } in the caller's language.
 * sendWebApp, when given, answers unknown GET pages (not /api, not /docs) with the web app's
 * index.html, so the app's own routes (/inbox, /items/…) survive a reload.
 */
export function registerErrorHandler(app: FastifyInstance, sendWebApp?: (reply: FastifyReply) => unknown): void {
  app.setErrorHandler((raw: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    let error: EngineError;
    if (raw instanceof EngineError) error = raw;
    else if (raw.validation) error = requestInvalid(raw);
    else if (raw.statusCode === 413 || raw.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || raw.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || raw.statusCode === 400)
      error = new EngineError('REQUEST_INVALID', { first: raw.message, firstEn: raw.message });
    else {
      request.log.error(raw);
      error = new EngineError('INTERNAL');
    }
    const locale = requestLocale(request);
    const status = raw instanceof EngineError || raw.validation || error.code !== 'REQUEST_INVALID' ? error.status : (raw.statusCode ?? 400);
    reply.status(status).send({ error: { code: error.code, message: error.messages[locale], messages: error.messages, details: error.details } });
  });
  app.setNotFoundHandler((request, reply) => {
    if (sendWebApp && request.method === 'GET' && !/^\/(api|docs)(\/|$)/.test(request.url)) return sendWebApp(reply);
    const error = new EngineError('NOT_FOUND', { what: ` ${request.url}`, whatEn: request.url });
    reply.status(404).send({ error: { code: error.code, message: error.messages[requestLocale(request)], messages: error.messages } });
  });
}
