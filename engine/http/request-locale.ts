import type { FastifyRequest } from 'fastify';
import { pickLocale, type Locale } from '../../forms/index.js';

/**
 * ?lang=en wins, then Accept-Language; Chinese by default. Error answers call this too, so it
 * reads whatever was sent: a repeated ?lang= is a list (the first one counts).
 */
export function requestLocale(request: FastifyRequest): Locale {
  // Any route's query, or none (a 404, a refused URL): read as whatever it is.
  const query: unknown = request.query;
  const lang = query !== null && typeof query === 'object' && 'lang' in query ? query.lang : undefined;
  const first = Array.isArray(lang) ? lang[0] : lang;
  return pickLocale(typeof first === 'string' ? first : request.headers['accept-language']);
}
