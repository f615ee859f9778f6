import { sql } from 'kysely';
import { COUNTY_SETTING } from '../database-roles.js';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * The county's directory as the administrator manages it (issue 10):
 *  - units (承办单位, 市直单位 …), each person a member of at most one;
 *  - people gain their unit, their deputy level, whether they are disabled, and whether they
 *    must choose a new password at their next login (a new account, or a reset);
 *  - stations gain the villages they serve and the dates they opened and closed.
 * The session lookup (migrations 0006, 0010) answers the new columns and finds no one who is
 * disabled: their sessions end at the next request, as a disabled county's do.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .addPrimaryKeyConstraint('units_pk', ['county_id', 'id'])
    .addUniqueConstraint('units_name_uq', ['county_id', 'name'])
    .execute();

  await db.schema
    .alterTable('users')
    .addColumn('unit_id', 'text')
    .addColumn('deputy_level', 'text', (c) => c.check(sql`deputy_level in ('national', 'provincial', 'city', 'county', 'township')`))
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable('users')
    .addForeignKeyConstraint('users_unit_fk', ['county_id', 'unit_id'], 'units', ['county_id', 'id'])
    .execute();
  // A unit's members, found without reading every person of the county.
  await db.schema.createIndex('users_unit_idx').on('users').columns(['county_id', 'unit_id']).where(sql.ref('unit_id'), 'is not', null).execute();

  await db.schema
    .alterTable('stations')
    .addColumn('villages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('opened_on', 'date')
    .addColumn('closed_on', 'date')
    .execute();

  await sql`drop function session_user_of(text, text)`.execute(db);
  await sql`create function session_user_of(county text, token_hash text)
    returns table (county_id text, id text, username text, display_name text, roles text[], station_ids text[],
                   unit_id text, must_change_password boolean, expires_at timestamptz)
    language plpgsql security invoker as $$
    declare
      before text := current_setting(${sql.lit(COUNTY_SETTING)}, true);
    begin
      perform set_config(${sql.lit(COUNTY_SETTING)}, county, true);
      return query
        select u.county_id, u.id, u.username, u.display_name, u.roles, u.station_ids, u.unit_id, u.must_change_password, s.expires_at
        from sessions s join users u on u.county_id = s.county_id and u.id = s.user_id
        join counties c on c.id = s.county_id
        where s.county_id = county and s.id = token_hash and c.disabled_at is null and u.disabled_at is null;
      perform set_config(${sql.lit(COUNTY_SETTING)}, coalesce(before, ''), true);
    end $$`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await sql`drop function session_user_of(text, text)`.execute(db);
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
        join counties c on c.id = s.county_id
        where s.county_id = county and s.id = token_hash and c.disabled_at is null;
      perform set_config(${sql.lit(COUNTY_SETTING)}, coalesce(before, ''), true);
    end $$`.execute(db);
  await db.schema.alterTable('stations').dropColumn('villages').dropColumn('opened_on').dropColumn('closed_on').execute();
  await db.schema.alterTable('users').dropConstraint('users_unit_fk').execute();
  await db.schema.alterTable('users').dropColumn('unit_id').dropColumn('deputy_level').dropColumn('disabled_at').dropColumn('must_change_password').execute();
  await db.schema.dropTable('units').execute();
}
