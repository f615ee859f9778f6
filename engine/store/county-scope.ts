import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database-schema.js';
import { COUNTY_SETTING } from './database-roles.js';

/** Transactions opened by inCounty, with the county each works for. */
const scopes = new WeakMap<Kysely<Database>, string>();

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
export function inCounty<T>(db: Kysely<Database>, countyId: string, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const joined = scopes.get(db);
  if (joined !== undefined) {
    // A programming error, never a user's: one county's transaction must not serve another.
    if (joined !== countyId) throw new Error(`a transaction for county ${joined} cannot work for county ${countyId}`);
    return work(db as Transaction<Database>);
  }
  return db.transaction().execute(async (trx) => {
    await sql`select set_config(${COUNTY_SETTING}, ${countyId}, true)`.execute(trx);
    scopes.set(trx, countyId);
    return work(trx);
  });
}
