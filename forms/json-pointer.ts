// JSON pointers (RFC 6901) into form data, where the segment "*" stands for every entry of a
// list (or every value of a map): "/visits/*/people" is the people field of every visit.
export const WILDCARD = '*';

export const escapeSegment = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');
export const unescapeSegment = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** The segments of a pointer ("" is the whole document), or undefined if it is not a pointer. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  const raw = pointer.slice(1).split('/');
  // "~" must be followed by 0 or 1: anything else is a malformed escape.
  if (raw.some((s) => /~(?![01])/.test(s))) return undefined;
  return raw.map(unescapeSegment);
}

export const formatPointer = (segments: readonly string[]): string => segments.map((s) => `/${escapeSegment(s)}`).join('');

/** A value found in the data, with the concrete path (no wildcards) where it was found. */
export interface Located {
  path: string[];
  value: unknown;
}

/** Every value at a pointer pattern; absent values are simply not found. */
export function locate(data: unknown, segments: readonly string[]): Located[] {
  let found: Located[] = [{ path: [], value: data }];
  for (const segment of segments) {
    const next: Located[] = [];
    for (const { path, value } of found) {
      if (value === null || typeof value !== 'object') continue;
      if (segment === WILDCARD) {
        const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
        for (const [key, inner] of entries) next.push({ path: [...path, key], value: inner });
      } else if (Object.hasOwn(value, segment) && (!Array.isArray(value) || /^(0|[1-9]\d*)$/.test(segment))) {
        next.push({ path: [...path, segment], value: (value as Record<string, unknown>)[segment] });
      }
    }
    found = next;
  }
  return found.filter((f) => f.value !== undefined);
}

/** Whether two pointer patterns can name the same place ("*" matches any one segment). */
export function patternsOverlap(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i] || s === WILDCARD || b[i] === WILDCARD);
}
