import { sql } from 'kysely';
import { COUNTY_SETTING } from '../database-roles.js';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * record_item and record_event: the statements that record an item's creation and each of its
 * events, as functions (docs/adr/0011). Sent as one statement of text, the write was planned
 * anew on every event: in pgbench the engine's statements for an event ran at 511/s planned each
 * time and 1,196/s prepared. A PL/pgSQL function keeps its statements' plans for the life of the
 * connection, and one call with parameters is one round trip, as the single statement was.
 *
 * They run with the caller's rights (security invoker), so row-level security applies to every
 * statement in them as anywhere: the function sets the county for its transaction first, as
 * session_user_of does, and puts the setting back. Rows arrive as JSON with the tables' column
 * names (jsonb_populate_record reads them as the table's row type); sets of rows as JSON arrays,
 * or null when there are none.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  const county = sql.lit(COUNTY_SETTING);
  // What an item's statement writes beside the item, its event, its search row and its draft.
  await sql`create function record_item_effects(p_county text, p_item_id text, p_counts jsonb, p_link_counts jsonb,
      p_station jsonb, p_links_add jsonb, p_links_remove jsonb, p_units text[])
    returns void language plpgsql security invoker as $$
    begin
      -- Counts in the order given (key order: two writers lock the same rows in the same order).
      if p_counts is not null then
        insert into item_counts (county_id, pack_id, pack_version, flow_id, status, path, assignee, n)
        select c.county_id, c.pack_id, c.pack_version, c.flow_id, c.status, c.path, c.assignee, c.n
        from jsonb_array_elements(p_counts) with ordinality as e (row, at), jsonb_populate_record(null::item_counts, e.row) c
        order by e.at
        on conflict (county_id, pack_id, pack_version, flow_id, status, path, assignee) do update set n = item_counts.n + excluded.n;
      end if;
      if p_link_counts is not null then
        insert into link_counts (county_id, kind, target_id, station_id, status, n)
        select c.county_id, c.kind, c.target_id, c.station_id, c.status, c.n
        from jsonb_array_elements(p_link_counts) with ordinality as e (row, at), jsonb_populate_record(null::link_counts, e.row) c
        order by e.at
        on conflict (county_id, kind, target_id, station_id, status) do update set n = link_counts.n + excluded.n;
      end if;
      -- The station the item registers: created, or changed as the flow says (never its closing or creation).
      if p_station is not null then
        insert into stations (county_id, id, station_type, name, parent_id, attributes, villages, opened_on, created_at)
        select s.county_id, s.id, s.station_type, s.name, s.parent_id, s.attributes, s.villages, s.opened_on, s.created_at
        from jsonb_populate_record(null::stations, p_station) s
        on conflict (county_id, id) do update set station_type = excluded.station_type, name = excluded.name,
          parent_id = excluded.parent_id, attributes = excluded.attributes, villages = excluded.villages, opened_on = excluded.opened_on;
      end if;
      if p_links_remove is not null then
        delete from item_links l using jsonb_populate_recordset(null::item_links, p_links_remove) r
        where l.county_id = p_county and l.item_id = p_item_id and l.kind = r.kind and l.target_id = r.target_id;
      end if;
      if p_links_add is not null then
        insert into item_links (county_id, item_id, kind, target_id)
        select p_county, p_item_id, r.kind, r.target_id from jsonb_populate_recordset(null::item_links, p_links_add) r
        on conflict do nothing;
      end if;
      if p_units is not null then
        insert into unit_items (county_id, unit_id, item_id) select distinct p_county, u, p_item_id from unnest(p_units) u
        on conflict do nothing;
      end if;
    end $$`.execute(db);

  await sql`create function record_item(p_county text, p_item jsonb, p_event jsonb, p_search_body text, p_search_tokens text[],
      p_counts jsonb, p_link_counts jsonb, p_station jsonb, p_links_add jsonb, p_units text[], p_draft_user text, p_draft_key text)
    returns void language plpgsql security invoker as $$
    declare
      before text := current_setting(${county}, true);
      created items := jsonb_populate_record(null::items, p_item);
    begin
      perform set_config(${county}, p_county, true);
      insert into items select created.*;
      insert into item_search (county_id, item_id, body, tokens) values (p_county, created.id, p_search_body, p_search_tokens);
      perform record_item_effects(p_county, created.id, p_counts, p_link_counts, p_station, p_links_add, null, p_units);
      delete from drafts where county_id = p_county and user_id = p_draft_user and draft_key = p_draft_key;
      insert into events select * from jsonb_populate_record(null::events, p_event);
      perform set_config(${county}, coalesce(before, ''), true);
    end $$`.execute(db);

  // The item moves only from the version it was read at; otherwise nothing is written and the answer is false.
  await sql`create function record_event(p_county text, p_item_id text, p_version integer, p_change jsonb, p_event jsonb,
      p_search_body text, p_search_tokens text[], p_counts jsonb, p_link_counts jsonb, p_station jsonb,
      p_links_add jsonb, p_links_remove jsonb, p_units text[], p_draft_user text, p_draft_key text)
    returns boolean language plpgsql security invoker as $$
    declare
      before text := current_setting(${county}, true);
      changed items := jsonb_populate_record(null::items, p_change);
    begin
      perform set_config(${county}, p_county, true);
      update items set snapshot = changed.snapshot, state_paths = changed.state_paths, status = changed.status,
        title = changed.title, deadlines = changed.deadlines, due_at = changed.due_at, updated_at = changed.updated_at,
        head_hash = changed.head_hash, assignee = changed.assignee, version = p_version + 1
      where county_id = p_county and id = p_item_id and version = p_version;
      if not found then
        perform set_config(${county}, coalesce(before, ''), true);
        return false;
      end if;
      -- The search row is rewritten only when the text changed: most events add no words.
      insert into item_search (county_id, item_id, body, tokens) values (p_county, p_item_id, p_search_body, p_search_tokens)
      on conflict (county_id, item_id) do update set body = excluded.body, tokens = excluded.tokens
      where item_search.body <> excluded.body;
      perform record_item_effects(p_county, p_item_id, p_counts, p_link_counts, p_station, p_links_add, p_links_remove, p_units);
      delete from drafts where county_id = p_county and user_id = p_draft_user and draft_key = p_draft_key;
      insert into events select * from jsonb_populate_record(null::events, p_event);
      perform set_config(${county}, coalesce(before, ''), true);
      return true;
    end $$`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await sql`drop function record_event(text, text, integer, jsonb, jsonb, text, text[], jsonb, jsonb, jsonb, jsonb, jsonb, text[], text, text)`.execute(db);
  await sql`drop function record_item(text, jsonb, jsonb, text, text[], jsonb, jsonb, jsonb, jsonb, text[], text, text)`.execute(db);
  await sql`drop function record_item_effects(text, text, jsonb, jsonb, jsonb, jsonb, jsonb, text[])`.execute(db);
}
