import type { FastifyRequest } from 'fastify';
import { pickLocale, type Locale } from '../../forms/index.js';

/**
 * ?lang=en wins, then Accept-Language; Chinese by default. Error answers call this too, so it
 * reads whatever was sent: a repeated ?lang= is a list (the first one counts).
 */
export function requestLocale(request: FastifyRequest): Locale {
  const lang = (request.query as Record<string, unknown> | null | undefined)?.lang;
  const first = Array.isArray(lang) ? lang[0] : lang;
  return pickLocale(typeof first === 'string' ? first : request.headers['accept-language']);
}
