import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { COUNTY_SETTING } from './database-roles.js';

/** Transactions opened by inCounty, with the county each works for. */
const scopes = new WeakMap<Kysely<Database>, string>();

/** Connections (pools) that may send several statements in one round trip: PostgreSQL through pg. */
const batching = new WeakSet<Kysely<Database>>();

/**
 * Lets inCounty open its transactions on db with one round trip instead of two: `begin` and the
 * county setting go together in one simple-protocol message (pg sends a query without
 * parameters that way). PGlite runs in the process, where a statement costs no round trip.
 */
export function beginInOneRoundTrip(db: Kysely<Database>): void {
  batching.add(db);
}

/**
 * Runs work in one transaction that works for one county. Row-level security then shows and
 * accepts only that county's rows: a query that forgets its `where county_id = …` still cannot
 * reach another county (the second wall; every query names the county as well). The setting is
 * local to the transaction, so a pooled connection never carries it into someone else's work.
 *
 * Called with a transaction inCounty opened for the same county, the work joins it: a request
 * that reads, checks and writes does so in one transaction (Store.transaction), and the
 * repositories it uses do not each open their own.
 */
export function inCounty<T>(db: Kysely<Database>, countyId: string, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const joined = scopes.get(db);
  if (joined !== undefined) {
    // A programming error, never a user's: one county's transaction must not serve another.
    if (joined !== countyId) throw new Error(`a transaction for county ${joined} cannot work for county ${countyId}`);
    return work(db);
  }
  if (batching.has(db)) return inCountyBatched(db, countyId, work);
  return db.transaction().execute(async (trx) => {
    await sql`select set_config(${COUNTY_SETTING}, ${countyId}, true)`.execute(trx);
    scopes.set(trx, countyId);
    return work(trx);
  });
}

/** inCounty on one pooled connection, whose transaction starts with the county set in the same message. */
function inCountyBatched<T>(db: Kysely<Database>, countyId: string, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    // A literal, as the simple protocol (and SET) carries no parameters: escapeLiteral quotes any
    // text safely. SET LOCAL rather than set_config: Citus sends it on to the shards (ADR 0008).
    await sql.raw(`begin; set local ${COUNTY_SETTING} = ${pg.escapeLiteral(countyId)}`).execute(connection);
    scopes.set(connection, countyId);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    } finally {
      scopes.delete(connection);
    }
  });
}
