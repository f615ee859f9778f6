/**
 * A statement parameter written as an SQL literal, for a message that carries no parameters
 * (county-scope.ts). Untyped, as a parameter is: the context gives the literal its type. Only the
 * values the repositories bind: text, numbers, booleans, times, text arrays and null.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return quote(literalText(value));
}

/**
 * Quotes text as pg's escapeLiteral does — quotes doubled, and with a backslash present the E''
 * form with backslashes doubled, so the literal means the same whatever standard_conforming_strings
 * says — but with one regular-expression pass instead of a loop per character: statements carry
 * whole snapshots, and this runs on every event.
 */
function quote(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}

function literalText(value: unknown): string {
  if (typeof value === 'string') {
    // PostgreSQL text cannot hold NUL; as a parameter it is refused the same way.
    if (value.includes('\0')) throw new Error('a statement value holds a NUL character');
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  throw new Error(`a statement value of a kind not written as a literal (${typeof value})`);
}

/** An element of an array literal: NULL, or double-quoted with its quotes and backslashes escaped. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  return `"${literalText(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
