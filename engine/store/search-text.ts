/**
 * Free-text search over an item's data, the same on PostgreSQL and PGlite. Chinese has no
 * spaces and pg_trgm's behaviour depends on the database's locale, so the tokens are made here,
 * in TypeScript: each run of Han characters gives its characters and their bigrams, each run of
 * other letters and digits its trigrams, all lowercased. A text
 * containing the query contains every token of the query, so `tokens @> query tokens` (a GIN
 * index) finds a superset and a LIKE over the stored lowercased text keeps the exact matches.
 */

/** Text longer than this is searched only in its first part (a reply of 5,000 characters is kept whole). */
const MAX_BODY = 20_000;

const RUN = /(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu;

/**
 * Values the engine writes for its own use, which no one types or reads: ids (of people,
 * stations, attachments) and instants. Left out, or a search for "bc" finds every item whose
 * data holds a hexadecimal id with those letters in it.
 */
const MACHINE_VALUE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)$/i;

/** Every string a person wrote or chose in an item's data, in order, lowercased: what a search looks in. */
export function searchBody(context: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (!MACHINE_VALUE.test(value)) parts.push(value);
    }
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(context);
  return parts.join('\n').toLowerCase().slice(0, MAX_BODY);
}

/** The tokens of a lowercased text: what the index holds for an item. */
export function textTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const [, han, word] of text.matchAll(RUN)) {
    if (han) {
      const chars = [...han];
      chars.forEach((c, i) => {
        tokens.add(c);
        if (i + 1 < chars.length) tokens.add(c + chars[i + 1]);
      });
    } else if (word) {
      const chars = [...word];
      for (let i = 0; i + 3 <= chars.length; i++) tokens.add(chars.slice(i, i + 3).join(''));
    }
  }
  return [...tokens];
}

/**
 * The tokens every item containing the query must have. A short word (one or two letters or
 * digits) may be part of a longer word, whose tokens are its trigrams, so it asks for nothing;
 * Han characters are indexed one by one as well, so a single character still uses the index.
 */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>();
  for (const [, han, word] of query.toLowerCase().matchAll(RUN)) {
    const chars = [...(han ?? word)];
    if (han) {
      if (chars.length === 1) tokens.add(han);
      for (let i = 0; i + 1 < chars.length; i++) tokens.add(chars[i] + chars[i + 1]);
    } else if (chars.length >= 3) {
      for (let i = 0; i + 3 <= chars.length; i++) tokens.add(chars.slice(i, i + 3).join(''));
    }
  }
  return [...tokens];
}

/** A LIKE pattern finding the query anywhere in a lowercased body; LIKE's wildcards typed by users are literal. */
export function containsPattern(query: string): string {
  return `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
