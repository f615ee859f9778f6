import { sql } from 'kysely';
import { COUNTY_SETTING } from '../database-roles.js';
import type { OwnerDatabase } from '../owner-database.js';
import * as recordingFunctions from './0018-recording-functions.js';

/**
 * Durable timers (flows/schedule.ts, runtime/timer-worker.ts).
 * - items.schedule: the item's timers still to fire, its stopped clock, its extensions; derived
 *   from its events like its deadlines, and verified by replay like them.
 * - timers: the armed timers of every item, one row each, written by the statement that records
 *   the event that arms or cancels them, so an acknowledged event never loses its timer. Engine
 *   processes claim the due ones (FOR UPDATE SKIP LOCKED, with a lease) and fire them as events.
 * - events.actor_id may be null: the event the engine sent itself (a timer), and so may
 *   items.created_by (an item the engine starts). The key a timer's
 *   event carries is unique per item among the system's events, so a timer fired twice (two
 *   processes, a lease that ran out) is recorded once.
 * - record_item and record_event take the item's armed timers (null: unchanged) and the outbox
 *   messages an event sends (notifications, migration 0021), written in the same transaction.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  const county = sql.lit(COUNTY_SETTING);
  // A default that is a constant: the column is added without rewriting a table of a million items.
  await db.schema.alterTable('items').addColumn('schedule', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)).execute();
  await sql`alter table items alter column schedule set statistics 0`.execute(db);
  await sql`alter table events alter column actor_id drop not null`.execute(db);
  await sql`alter table items alter column created_by drop not null`.execute(db);
  await sql`create unique index events_system_key_uq on events (county_id, item_id, idempotency_key) where actor_id is null`.execute(db);

  await db.schema
    .createTable('timers')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lease_until', 'timestamptz')
    .addPrimaryKeyConstraint('timers_pk', ['county_id', 'item_id', 'event_type'])
    .addForeignKeyConstraint('timers_item_fk', ['county_id', 'item_id'], 'items', ['county_id', 'id'])
    .execute();
  // What the worker asks: a county's timers due by now, earliest first.
  await db.schema.createIndex('timers_due_idx').on('timers').columns(['county_id', 'due_at']).execute();

  await sql`drop function record_event(text, text, integer, jsonb, jsonb, text, text[], jsonb, jsonb, jsonb, jsonb, jsonb, text[], text, text)`.execute(db);
  await sql`drop function record_item(text, jsonb, jsonb, text, text[], jsonb, jsonb, jsonb, jsonb, text[], text, text)`.execute(db);

  // The item's armed timers replaced by the set given (an empty array: none), and its outbox messages.
  await sql`create function record_item_timers(p_county text, p_item_id text, p_timers jsonb, p_outbox jsonb)
    returns void language plpgsql security invoker as $$
    begin
      if p_timers is not null then
        delete from timers where county_id = p_county and item_id = p_item_id;
        insert into timers (county_id, item_id, event_type, due_at)
        select p_county, p_item_id, t.key, (t.value #>> '{}')::timestamptz from jsonb_each(p_timers) t;
      end if;
      if p_outbox is not null then
        insert into outbox select * from jsonb_populate_recordset(null::outbox, p_outbox);
      end if;
    end $$`.execute(db);

  await sql`create function record_item(p_county text, p_item jsonb, p_event jsonb, p_search_body text, p_search_tokens text[],
      p_counts jsonb, p_link_counts jsonb, p_station jsonb, p_links_add jsonb, p_units text[], p_draft_user text, p_draft_key text,
      p_timers jsonb, p_outbox jsonb)
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
      perform record_item_timers(p_county, created.id, p_timers, p_outbox);
      perform set_config(${county}, coalesce(before, ''), true);
    end $$`.execute(db);

  // As in 0018, and the schedule, the timers and the outbox written with the event.
  await sql`create function record_event(p_county text, p_item_id text, p_version integer, p_change jsonb, p_event jsonb,
      p_search_body text, p_search_tokens text[], p_counts jsonb, p_link_counts jsonb, p_station jsonb,
      p_links_add jsonb, p_links_remove jsonb, p_units text[], p_draft_user text, p_draft_key text, p_timers jsonb, p_outbox jsonb)
    returns boolean language plpgsql security invoker as $$
    declare
      before text := current_setting(${county}, true);
      changed items := jsonb_populate_record(null::items, p_change);
    begin
      perform set_config(${county}, p_county, true);
      update items set snapshot = changed.snapshot, state_paths = changed.state_paths, status = changed.status,
        title = changed.title, deadlines = changed.deadlines, due_at = changed.due_at, schedule = changed.schedule,
        updated_at = changed.updated_at, head_hash = changed.head_hash, assignee = changed.assignee, version = p_version + 1
      where county_id = p_county and id = p_item_id and version = p_version;
      if not found then
        perform set_config(${county}, coalesce(before, ''), true);
        return false;
      end if;
      insert into item_search (county_id, item_id, body, tokens) values (p_county, p_item_id, p_search_body, p_search_tokens)
      on conflict (county_id, item_id) do update set body = excluded.body, tokens = excluded.tokens
      where item_search.body <> excluded.body;
      perform record_item_effects(p_county, p_item_id, p_counts, p_link_counts, p_station, p_links_add, p_links_remove, p_units);
      delete from drafts where county_id = p_county and user_id = p_draft_user and draft_key = p_draft_key;
      insert into events select * from jsonb_populate_record(null::events, p_event);
      perform record_item_timers(p_county, p_item_id, p_timers, p_outbox);
      perform set_config(${county}, coalesce(before, ''), true);
      return true;
    end $$`.execute(db);
}

export async function down(db: OwnerDatabase): Promise<void> {
  await sql`drop function record_event(text, text, integer, jsonb, jsonb, text, text[], jsonb, jsonb, jsonb, jsonb, jsonb, text[], text, text, jsonb, jsonb)`.execute(db);
  await sql`drop function record_item(text, jsonb, jsonb, text, text[], jsonb, jsonb, jsonb, jsonb, text[], text, text, jsonb, jsonb)`.execute(db);
  await sql`drop function record_item_timers(text, text, jsonb, jsonb)`.execute(db);
  await sql`drop function record_item_effects(text, text, jsonb, jsonb, jsonb, jsonb, jsonb, text[])`.execute(db);
  await recordingFunctions.up(db); // the functions as they were
  await db.schema.dropTable('timers').execute();
  await sql`drop index events_system_key_uq`.execute(db);
  await db.schema.alterTable('items').dropColumn('schedule').execute();
  // Events the system recorded keep their null actor: the column stays nullable.
}
