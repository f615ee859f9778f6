import { sql } from 'kysely';
import { COUNTY_SETTING } from '../database-roles.js';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * Runs a migration's work on each county's rows in turn. Row-level security binds the owner
 * too (forced), so each county's rows are reached under its own setting. Migrations run inside
 * one transaction (kysely's Migrator, on both databases), where a nested transaction cannot be
 * begun: the setting is local to that transaction and set again for each county.
 */
export async function forEachCounty(db: OwnerDatabase, work: (db: OwnerDatabase, countyId: string) => Promise<void>): Promise<void> {
  const run = async (trx: OwnerDatabase) => {
    for (const { id } of await trx.selectFrom('counties').select('id').orderBy('id').execute()) {
      await sql`select set_config(${COUNTY_SETTING}, ${id as string}, true)`.execute(trx);
      await work(trx, id as string);
    }
  };
  await (db.isTransaction ? run(db) : db.transaction().execute(run));
}
