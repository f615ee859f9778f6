import { randomBytes } from 'node:crypto';
import { sha256 } from '../util/sha256.js';

export const SESSION_COOKIE = 'renda_session';
export const SESSION_DAYS = 7;
const TOKEN_BYTES = 32;

/** What newSessionToken issues: a county id (as packs name counties), a dot, the token in base64url. */
const COOKIE_SHAPE = new RegExp(`^[a-z][a-z0-9-]{1,62}\\.[A-Za-z0-9_-]{${Math.ceil((TOKEN_BYTES * 4) / 3)}}$`);

/**
 * The cookie carries the county and a random token: the county says which tenant's session
 * table to look in (keys start with county_id); only the token's hash is stored.
 */
export function newSessionToken(countyId: string): { cookie: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { cookie: `${countyId}.${token}`, tokenHash: sha256(token) };
}

/**
 * An operator's session (platform-level, no county) is in the same cookie, so a browser holds one
 * session or the other, never both: its value starts with this prefix instead of a county id. A
 * county id starts with a letter, so no county's cookie can be read as an operator's, nor the other way.
 */
const OPERATOR_PREFIX = '_operator';
const OPERATOR_COOKIE_SHAPE = new RegExp(`^${OPERATOR_PREFIX}\\.[A-Za-z0-9_-]{${Math.ceil((TOKEN_BYTES * 4) / 3)}}$`);

/** A new operator's session: the cookie value (prefix, dot, token) and the token's hash, which alone is stored. */
export function newOperatorSessionToken(): { cookie: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { cookie: `${OPERATOR_PREFIX}.${token}`, tokenHash: sha256(token) };
}

/** The operator's session a cookie names; undefined when it names none (a county's cookie, or none we issue). */
export function parseOperatorCookie(cookie: string | undefined): { tokenHash: string } | undefined {
  if (!cookie || !OPERATOR_COOKIE_SHAPE.test(cookie)) return undefined;
  return { tokenHash: sha256(cookie.slice(OPERATOR_PREFIX.length + 1)) };
}

/** The session a cookie names; undefined when there is none, or when it is not a cookie we issue. */
export function parseSessionCookie(cookie: string | undefined): { countyId: string; tokenHash: string } | undefined {
  if (!cookie || !COOKIE_SHAPE.test(cookie)) return undefined;
  const dot = cookie.lastIndexOf('.');
  return { countyId: cookie.slice(0, dot), tokenHash: sha256(cookie.slice(dot + 1)) };
}
