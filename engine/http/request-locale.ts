import type { FastifyRequest } from 'fastify';
import { pickLocale, type Locale } from '../../forms/index.js';

/** ?lang=en wins, then Accept-Language; Chinese by default. */
export function requestLocale(request: FastifyRequest): Locale {
  const lang = (request.query as Record<string, string> | undefined)?.lang;
  return pickLocale(lang ?? request.headers['accept-language']);
}
