import { randomBytes } from 'node:crypto';
import { sha256 } from '../util/sha256.js';

export const SESSION_COOKIE = 'renda_session';
export const SESSION_DAYS = 7;

/**
 * The cookie carries the county and a random token: the county says which tenant's session
 * table to look in (keys start with county_id); only the token's hash is stored.
 */
export function newSessionToken(countyId: string): { cookie: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { cookie: `${countyId}.${token}`, tokenHash: sha256(token) };
}

export function parseSessionCookie(cookie: string | undefined): { countyId: string; tokenHash: string } | undefined {
  if (!cookie) return undefined;
  const dot = cookie.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return { countyId: cookie.slice(0, dot), tokenHash: sha256(cookie.slice(dot + 1)) };
}
