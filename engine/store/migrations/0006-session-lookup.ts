import { sql } from 'kysely';
import { COUNTY_SETTING } from '../database-roles.js';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * Every request starts by finding the user of its session cookie. As one county's transaction
 * that took four round trips (begin, the county setting, the query, commit); this function does
 * the same in one statement. It runs with the caller's rights, so row-level security applies as
 * anywhere: it sets the county for the statement (local to its transaction, which outside an
 * explicit one is the statement itself), reads, and puts back what was set before.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await sql`create function session_user_of(county text, token_hash text)
    returns table (county_id text, id text, username text, display_name text, roles text[], station_ids text[], expires_at timestamptz)
    language plpgsql security invoker as $$
    declare
      before text := current_setting(${sql.lit(COUNTY_SETTING)}, true);
    begin
      perform set_config(${sql.lit(COUNTY_SETTING)}, county, true);
      return query
        select u.county_id, u.id, u.username, u.display_name, u.roles, u.station_ids, s.expires_at
        from sessions s join users u on u.county_id = s.county_id and u.id = s.user_id
        where s.county_id = county and s.id = token_hash;
      perform set_config(${sql.lit(COUNTY_SETTING)}, coalesce(before, ''), true);
    end $$`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await sql`drop function if exists session_user_of(text, text)`.execute(db);
}
