import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database-schema.js';
import { COUNTY_SETTING } from './database-roles.js';

/**
 * Runs work in one transaction that works for one county. Row-level security then shows and
 * accepts only that county's rows: a query that forgets its `where county_id = …` still cannot
 * reach another county (the second wall; every query names the county as well). The setting is
 * local to the transaction, so a pooled connection never carries it into someone else's work.
 */
export function inCounty<T>(db: Kysely<Database>, countyId: string, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config(${COUNTY_SETTING}, ${countyId}, true)`.execute(trx);
    return work(trx);
  });
}
