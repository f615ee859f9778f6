import fc from 'fast-check';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPGliteDialect } from '../../engine/store/dialects/serial-pglite-dialect.js';
import { createPostgresDialect } from '../../engine/store/dialects/postgres-dialect.js';
import type { OwnerDatabase } from '../../engine/store/owner-database.js';
import { sqlLiteral } from '../../engine/store/sql-literal.js';

// inCountyStatement writes a statement's values into its text (county-scope.ts). Whatever a user
// typed must come back from the database exactly as it went in, and never as SQL.

const databases: Array<[string, () => OwnerDatabase]> = [['pglite', () => new Kysely({ dialect: createPGliteDialect(undefined) })]];
if (process.env.DATABASE_URL) databases.push(['postgres', () => new Kysely({ dialect: createPostgresDialect(process.env.DATABASE_URL!) })]);

/** Text without NUL (which PostgreSQL text cannot hold), quotes, backslashes and Chinese included. */
const text = fc.string({ unit: fc.oneof(fc.constantFrom("'", '\\', '"', ',', '{', '}', ';', '$1', '--', '\n', '中', '人大'), fc.string({ unit: 'grapheme', maxLength: 1 })) }).filter((s) => !s.includes('\0'));

describe.each(databases)('values written as literals, on %s', (_, open) => {
  let db: OwnerDatabase;
  beforeAll(() => {
    db = open();
  });
  afterAll(() => db.destroy());

  it('text comes back as it was typed', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const { rows } = await sql<{ v: string }>`select ${sql.raw(sqlLiteral(value))}::text as v`.execute(db);
        expect(rows[0].v).toBe(value);
      }),
      { numRuns: 200 },
    );
  });

  it('text arrays come back element by element, nulls included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 6 }), async (value) => {
        const { rows } = await sql<{ v: Array<string | null> }>`select ${sql.raw(sqlLiteral(value))}::text[] as v`.execute(db);
        expect(rows[0].v).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });

  it('times, numbers, booleans and null keep their values', async () => {
    const at = new Date('2026-11-30T08:15:30.123Z');
    const { rows } = await sql<{ t: Date; n: number; b: boolean; z: null }>`select ${sql.raw(sqlLiteral(at))}::timestamptz as t,
      ${sql.raw(sqlLiteral(42))}::int as n, ${sql.raw(sqlLiteral(true))}::boolean as b, ${sql.raw(sqlLiteral(null))} as z`.execute(db);
    expect(rows[0]).toEqual({ t: at, n: 42, b: true, z: null });
  });

  it('refuses NUL and values it does not know how to write', () => {
    expect(() => sqlLiteral('a\0b')).toThrow(/NUL/);
    expect(() => sqlLiteral({ a: 1 })).toThrow(/kind/);
  });
});
