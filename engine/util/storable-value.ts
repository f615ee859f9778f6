import type { TextRule } from '../errors/error-catalogue.js';

/**
 * How deep a JSON value may nest. Forms nest a few levels; this bound keeps every reader of a
 * value (ajv, JSON.stringify, the form runtime, jsonb) far from its recursion limits.
 */
export const MAX_BODY_DEPTH = 32;

/** Something in a value the store cannot keep or no reader should get: where, and the code and rule it breaks. */
export type Unstorable = { path: string[] } & (
  | { code: 'REQUEST_TEXT_INVALID'; rule: TextRule }
  | { code: 'NUMBER_NOT_FINITE'; rule: 'finite' }
  | { code: 'REQUEST_TOO_DEEP'; rule: 'maxDepth' }
);

/**
 * PostgreSQL refuses NUL in text and jsonb, and jsonb refuses unpaired surrogates; neither is
 * text a person typed. In a u-mode regex \p{Cs} matches only unpaired surrogates: a pair is one
 * code point (an emoji), not Cs.
 */
export function textRule(text: string): TextRule | undefined {
  if (text.includes('\u0000')) return 'noNul';
  if (/\p{Cs}/u.test(text)) return 'wellFormed';
  return undefined;
}

/** The keys that reach an object's prototype when a body is merged into one (prototype pollution). */
const isPrototypeKey = (key: string, path: string[]) => key === '__proto__' || (key === 'prototype' && path.at(-1) === 'constructor');

/** The first thing in a value (a parsed part of a request, JSON from a file) the engine refuses to take, or undefined. */
export function findUnstorable(value: unknown, path: string[], depth: number): Unstorable | undefined {
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
    const found = findUnstorable(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

