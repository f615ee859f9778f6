import { sql } from 'kysely';
import { COUNTY_SETTING } from '../database-roles.js';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * The operator can disable a county (issue 10): its people can no longer log in and the
 * sessions they hold end at their next request. The session lookup (migration 0006) learns to
 * find no user in a disabled county; the login's lookup does the same in user-repository.ts.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema.alterTable('counties').addColumn('disabled_at', 'timestamptz').execute();
  await sessionLookup(db, sql`and c.disabled_at is null`);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await sessionLookup(db, sql``);
  await db.schema.alterTable('counties').dropColumn('disabled_at').execute();
}

/** session_user_of as migration 0006 made it, with a further condition on the county. */
async function sessionLookup(db: OwnerDatabase, countyCondition: ReturnType<typeof sql>): Promise<void> {
  await sql`create or replace function session_user_of(county text, token_hash text)
    returns table (county_id text, id text, username text, display_name text, roles text[], station_ids text[], expires_at timestamptz)
    language plpgsql security invoker as $$
    declare
      before text := current_setting(${sql.lit(COUNTY_SETTING)}, true);
    begin
      perform set_config(${sql.lit(COUNTY_SETTING)}, county, true);
      return query
        select u.county_id, u.id, u.username, u.display_name, u.roles, u.station_ids, s.expires_at
        from sessions s join users u on u.county_id = s.county_id and u.id = s.user_id
        join counties c on c.id = s.county_id
        where s.county_id = county and s.id = token_hash ${countyCondition};
      perform set_config(${sql.lit(COUNTY_SETTING)}, coalesce(before, ''), true);
    end $$`.execute(db);
}
