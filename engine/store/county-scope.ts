import { CompiledQuery, sql, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './database-schema.js';
import { COUNTY_SETTING } from './database-roles.js';
import { sqlLiteral } from './sql-literal.js';

/** How inCountyStatement's texts begin (the PGlite driver runs them with exec). */
export const COUNTY_STATEMENT = `set local ${COUNTY_SETTING} = `;

/**
 * Connections (pools) that send several statements in one message: PostgreSQL through pg, which
 * sends a query without parameters in the simple protocol. (PGlite runs in the process, where a
 * statement costs no round trip, but does the same with exec for inCountyStatement.)
 */
const batching = new WeakSet<Kysely<Database>>();

/** Lets inCounty open its transactions on db in one round trip instead of two: `begin` and the county setting together. */
export function beginInOneRoundTrip(db: Kysely<Database>): void {
  batching.add(db);
}

/**
 * Runs one statement for one county: the same wall as inCounty, in one round trip instead of
 * four (begin, setting, statement, commit). The setting and the statement go in one message,
 * which the database runs as one implicit transaction — the setting ends with it, and the
 * statement commits or fails whole. Such a message carries no parameters, so the values are
 * written into it as literals, each quoted as pg's escapeLiteral quotes (sql-literal.ts).
 */
export async function inCountyStatement<R>(db: Kysely<Database>, countyId: string, statement: Compilable<R>): Promise<QueryResult<R>> {
  // A programming error: inside a transaction, PGlite's exec would wait for the transaction's lock.
  if (db.isTransaction) throw new Error('inCountyStatement runs on its own, not inside a transaction');
  const { sql: text, parameters } = statement.compile();
  // $n only ever stands for a parameter here: kysely writes values as parameters, never into the text.
  const inlined = text.replace(/\$(\d+)/g, (_, n: string) => sqlLiteral(parameters[Number(n) - 1]));
  return db.executeQuery<R>(CompiledQuery.raw(`${COUNTY_STATEMENT}${sqlLiteral(countyId)}; ${inlined}`, []));
}

/**
 * Runs work in one transaction that works for one county. Row-level security then shows and
 * accepts only that county's rows: a query that forgets its `where county_id = …` still cannot
 * reach another county (the second wall; every query names the county as well). The setting is
 * local to the transaction, so a pooled connection never carries it into someone else's work.
 */
export function inCounty<T>(db: Kysely<Database>, countyId: string, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (batching.has(db)) return inCountyBatched(db, countyId, work);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config(${COUNTY_SETTING}, ${countyId}, true)`.execute(trx);
    return work(trx);
  });
}

/** inCounty on one pooled connection, whose transaction starts with the county set in the same message. */
function inCountyBatched<T>(db: Kysely<Database>, countyId: string, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    // A literal, as the simple protocol (and SET) carries no parameters: sqlLiteral quotes any
    // text safely. SET LOCAL rather than set_config: Citus sends it on to the shards (ADR 0008).
    await sql.raw(`begin; set local ${COUNTY_SETTING} = ${sqlLiteral(countyId)}`).execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}
