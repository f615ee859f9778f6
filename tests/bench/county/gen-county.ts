/**
 * Builds a large county for the list benchmarks (P6): `npm run gen:county -- --items 1000000`
 * into the PostgreSQL database named by DATABASE_URL (its owner's URL, as the engine takes it).
 *
 * Items are made by the engine's own code: each runs through its flow's machine (XState), its
 * payloads pass the forms' validation (computed fields filled), its row fields come from
 * deriveFields and its events are hashed and sealed by sealEvent with the bench signing key, so
 * the generated record verifies like one written through the API. Only the writing is bulk:
 * batches of rows as one jsonb_populate_recordset INSERT each, with the foreign-key triggers
 * off for the load (session_replication_role = replica: the rows are consistent by construction).
 *
 * Made one by one, items cost about 1.5 ms of CPU each; on a busy 2-core machine that is an hour
 * for a million. So the engine makes --engine-items of them (50,000 by default) and the rest are
 * copies made in SQL: each copy of an engine-made item gets a new id, another station (and that
 * station's people in place of the original's), and its times moved back by a random span.
 * Copies have the same shape, text and spread of states, but their hashes do not verify (the
 * item id is hashed): verification tests run on engine-made data, not on this set.
 *
 * Options: --items N (default 1,000,000), --engine-items N (50,000), --stations N (200),
 * --seed N (1), --county id (yunan).
 */
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { JsonSchema } from '../../../forms/index.js';
import { hashPassword } from '../../../engine/auth/passwords.js';
import { DEFAULT_PACKS_DIR } from '../../../engine/engine.js';
import type { EventRecord } from '../../../engine/domain/event-record.js';
import type { ItemRecord } from '../../../engine/domain/item-record.js';
import { assignmentOf, mayActOn } from '../../../engine/domain/assignment.js';
import { enabledEvents } from '../../../engine/flows/flow-inspection.js';
import { listPackFolders, readPackFolder } from '../../../engine/packs/pack-reader.js';
import { PackRegistry, type RuntimeFlow, type RuntimePack } from '../../../engine/packs/pack-registry.js';
import { RecordKeys } from '../../../engine/record/record-keys.js';
import { CHAIN_START, sealEvent } from '../../../engine/runtime/event-chain.js';
import { deriveFields, persist, type DerivedFields } from '../../../engine/runtime/item-derivation.js';
import { publishPack } from '../../../engine/runtime/pack-publisher.js';
import { CREATE_EVENT } from '../../../engine/runtime/replay.js';
import { DEMO_PASSWORD, seedDemo } from '../../../engine/seed/demo-seed.js';
import { searchBody, textTokens } from '../../../engine/store/search-text.js';
import { recountItems } from '../../../engine/store/item-counts.js';
import { Store } from '../../../engine/store/store.js';
import { COUNTY_SETTING } from '../../../engine/store/database-roles.js';
import { BENCH_SIGNING_SECRET, countyUsers, type GeneratedUser } from './county-people.js';
import { personName, pick, randomPlace, remark, seededRandom, suggestionText, type Place } from './county-text.js';
import { CountyCalendars } from '../../../engine/runtime/county-calendars.js';

const BATCH = 1000;
/** Items are created over this many days before now; older ones have gone further through their flows. */
const HISTORY_DAYS = 3 * 365;
/** After each event an item moves on with this chance (while it can): about 4.3 events per item with the demo flows. */
const MOVE_ON = 0.95;

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    stations: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    county: { type: 'string', default: 'yunan' },
    'engine-items': { type: 'string', default: '50000' },
  },
});
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL (postgres://…) is required: the data set is built in PostgreSQL');
  process.exit(2);
}
const itemCount = Number(values.items);
const engineItems = Math.min(itemCount, Number(values['engine-items']));
const stationCount = Number(values.stations);
const countyId = values.county!;
const random = seededRandom(Number(values.seed));

const keys = new RecordKeys(BENCH_SIGNING_SECRET);
const registry = new PackRegistry();
const store = await Store.open({ databaseUrl }, keys);
await seedDemo(store);
// The county's working calendar as the engine reads it: deadlines in working days count with it.
const calendars = new CountyCalendars(store);
await calendars.loadAll();
for (const folder of await listPackFolders(DEFAULT_PACKS_DIR)) await publishPack(store, registry, await readPackFolder(folder));
const packs = registry.countyVersions(countyId);
if (!packs.length) throw new Error(`no pack for county ${countyId}`);

// Stations and people.
const stations = Array.from({ length: stationCount }, (_, i) => {
  const place = randomPlace(random);
  return { id: `station-${String(i + 1).padStart(3, '0')}`, name: `${place.town}${place.village}人大代表联络站`, place };
});
for (const s of stations) await store.counties.upsertStation({ countyId, id: s.id, stationType: 'village-station', name: s.name, parentId: null, attributes: {} });
// The county's units (the demo seed's 承办单位): each department's people work for one of them.
const units = await store.units.listUnits(countyId);
const unitOf = (u: GeneratedUser, i: number) => (u.roles.includes('department') && units.length ? units[i % units.length].id : null);
const people = countyUsers(countyId, stations.map((s) => s.id));
const passwordHash = await hashPassword(DEMO_PASSWORD);
const known = new Set((await store.users.listUsers(countyId)).map((u) => u.username));
for (const [i, u] of people.entries()) if (!known.has(u.username)) await store.users.createUser({ ...u, displayName: personName(random), passwordHash, unitId: unitOf(u, i) });
const users = new Map((await store.users.listUsers(countyId)).map((u) => [u.username, u]));
const idOf = (u: GeneratedUser) => users.get(u.username)!.id;
const byRoleAt = (role: string, stationId: string) => people.filter((p) => p.roles.includes(role) && (p.stationIds.length === 0 || p.stationIds.includes(stationId)));
/** Whether someone may act on an item's assigned work (a member of its unit, a supervisor), as the engine checks. */
const mayAct = (context: Record<string, unknown>, u: GeneratedUser) => {
  const assignment = assignmentOf(context);
  return !assignment || mayActOn(assignment, users.get(u.username)!, { countyWide: true }) === 'yes';
};
await store.close();

// Flows to start, weighted like a county's work: mostly suggestions.
const flows: Array<{ runtime: RuntimeFlow; weight: number }> = packs.flatMap((pack) =>
  Object.values(pack.content.flows).map((flow) => ({ runtime: registry.flow(pack, flow.id)!, weight: flow.id === 'suggestion' ? 3 : 1 })),
);
const flowTotal = flows.reduce((s, f) => s + f.weight, 0);
function pickFlow(): RuntimeFlow {
  let r = random() * flowTotal;
  for (const f of flows) if ((r -= f.weight) < 0) return f.runtime;
  return flows[0].runtime;
}

/** A payload for a form from its schema: choices picked, numbers in range, Chinese text; then the form's own validation (computed fields). */
function payloadFor(pack: RuntimePack, formId: string | null | undefined, place: Place, at: Date, everyField = false): Record<string, unknown> {
  if (!formId) return {};
  const schema = registry.form(pack, formId)!.schema as JsonSchema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const text = suggestionText(random, place);
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(properties)) {
    if (p['x-source'] === 'units' && units.length) {
      out[name] = pick(random, units).id; // a unit of the county's directory, as a form's picker offers
      continue;
    }
    if (p.readOnly || p['x-source'] || p.type === 'array') continue;
    if (!everyField && !required.has(name) && random() < 0.4) continue;
    const choices = Array.isArray(p.oneOf) ? (p.oneOf as JsonSchema[]).map((o) => o.const) : (p.enum as unknown[] | undefined);
    if (choices) out[name] = pick(random, choices);
    else if (p.type === 'integer') out[name] = Math.round(Number(p.minimum ?? 0) + random() * Math.min(50, Number(p.maximum ?? 50) - Number(p.minimum ?? 0)));
    else if (p.type === 'boolean') out[name] = random() < 0.5;
    else if (p.format === 'date') out[name] = at.toISOString().slice(0, 10);
    else if (p['x-personal'] === 'phone') out[name] = `13${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
    else if (p['x-personal'] === 'name') out[name] = personName(random);
    else if (name === 'title') out[name] = text.title;
    else if (name === 'content') out[name] = text.content;
    else if (name === 'location') out[name] = `${place.town}${place.village}`;
    else out[name] = remark(random, place);
  }
  const result = registry.forms.validate(registry.formKey(pack, formId), out);
  if (!result.valid && !everyField) return payloadFor(pack, formId, place, at, true); // a field required only with some choices
  if (!result.valid) throw new Error(`generated payload for ${formId} is invalid: ${JSON.stringify(result.errors)}`);
  return result.value as Record<string, unknown>;
}

interface Rows {
  items: unknown[];
  events: unknown[];
  search: unknown[];
}

/** One item through its flow: a creation event, then events picked among those enabled, each by someone allowed to send it. */
function generateItem(rows: Rows, now: number): number {
  const runtime = pickFlow();
  const { pack, flow, machine } = runtime;
  const station = pick(random, stations);
  const role = pick(random, flow.meta.start.roles);
  const creator = pick(random, byRoleAt(role, station.id));
  let at = new Date(now - random() * HISTORY_DAYS * 86_400_000);
  const itemId = uuidv7({ msecs: at.getTime() });
  const payload = payloadFor(pack, flow.meta.start.form, station.place, at);
  let [snapshot]: [AnyMachineSnapshot, unknown] = initialTransition(machine, { payload, actor: { id: idOf(creator), role }, at: at.toISOString() });
  let stored = persist(runtime, snapshot);
  let fields: DerivedFields = deriveFields(runtime, stored, undefined, { at, calendar: calendars.of(countyId) });
  const first = sealEvent(
    {
      countyId, itemId, seq: 1, type: CREATE_EVENT, actorId: idOf(creator), role, payload, stateBefore: null, stateAfter: stored.value, snapshotAfter: stored,
      packVersion: pack.version, createdAt: at, idempotencyKey: null, prevHash: CHAIN_START, origin: { packId: pack.packId, flowId: flow.id, stationId: station.id },
    },
    keys,
  );
  const events: EventRecord[] = [first];
  while (random() < MOVE_ON) {
    const next = new Date(at.getTime() + (1 + random() * 72) * 3_600_000);
    if (next.getTime() > now) break;
    const choices = enabledEvents(snapshot).flatMap((e) => {
      const senders =
        e.meta.actor === 'creator'
          ? e.meta.roles.some((r) => creator.roles.includes(r))
            ? [creator]
            : []
          : e.meta.roles.flatMap((r) => byRoleAt(r, station.id)).filter((u) => mayAct(stored.context, u));
      return senders.length ? [{ event: e, senders }] : [];
    });
    if (!choices.length) break;
    const { event, senders } = pick(random, choices);
    const sender = pick(random, senders);
    const senderRole = sender.roles.find((r) => event.meta.roles.includes(r))!;
    const flowEvent = { type: event.type, payload: payloadFor(pack, event.meta.form, station.place, next), actor: { id: idOf(sender), role: senderRole }, at: next.toISOString() };
    if (!snapshot.can(flowEvent)) continue; // a guard said no: pick again
    at = next;
    const before = stored;
    [snapshot] = transition(machine, snapshot, flowEvent);
    stored = persist(runtime, snapshot);
    fields = deriveFields(runtime, stored, fields, { eventType: flowEvent.type, at, calendar: calendars.of(countyId) });
    events.push(
      sealEvent(
        {
          countyId, itemId, seq: events.length + 1, type: event.type, actorId: idOf(sender), role: senderRole, payload: flowEvent.payload, stateBefore: before.value,
          stateAfter: stored.value, snapshotAfter: stored, packVersion: pack.version, createdAt: at, idempotencyKey: null, prevHash: events[events.length - 1].hash, origin: null,
        },
        keys,
      ),
    );
  }
  const item: ItemRecord = {
    countyId, id: itemId, packId: pack.packId, packVersion: pack.version, flowId: flow.id, stationId: station.id, snapshot: stored, ...fields,
    version: events.length, createdBy: idOf(creator), createdAt: first.createdAt, updatedAt: at, headHash: events[events.length - 1].hash,
  };
  rows.items.push({
    county_id: item.countyId, id: item.id, pack_id: item.packId, pack_version: item.packVersion, flow_id: item.flowId, station_id: item.stationId, snapshot: item.snapshot,
    state_paths: item.statePaths, status: item.status, version: item.version, title: item.title, created_by: item.createdBy, created_at: item.createdAt,
    updated_at: item.updatedAt, deadlines: item.deadlines, due_at: item.dueAt, head_hash: item.headHash, assignee: item.assignee, schedule: item.schedule,
  });
  for (const e of events)
    rows.events.push({
      county_id: e.countyId, item_id: e.itemId, seq: e.seq, type: e.type, actor_id: e.actorId, role: e.role, payload: e.payload, state_before: e.stateBefore,
      state_after: e.stateAfter, snapshot_after: e.snapshotAfter, pack_version: e.packVersion, created_at: e.createdAt, idempotency_key: e.idempotencyKey,
      prev_hash: e.prevHash, hash: e.hash, seal: e.seal, origin: e.origin,
    });
  const body = searchBody(stored.context);
  rows.search.push({ county_id: countyId, item_id: itemId, body, tokens: textTokens(body) });
  return events.length;
}

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
async function write(rows: Rows): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select set_config($1, $2, true)', [COUNTY_SETTING, countyId]);
    await client.query('set local session_replication_role = replica');
    for (const table of ['items', 'events', 'item_search'] as const) {
      const list = table === 'items' ? rows.items : table === 'events' ? rows.events : rows.search;
      await client.query(`insert into ${table} select * from jsonb_populate_recordset(null::${table}, $1::jsonb)`, [JSON.stringify(list)]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The items past --engine-items, as copies of engine-made ones (see the top of this file), in
 * chunks of one copy of every engine-made item. Station-bound people are named after their
 * station's number (county-people.ts), so a copy's creator and actors become the people with the
 * same part at the copy's station.
 */
async function copyItems(count: number): Promise<void> {
  const client = await pool.connect();
  try {
    for (let made = 0; made < count; ) {
      const size = Math.min(engineItems, count - made);
      const t = performance.now();
      await client.query('begin');
      await client.query('select set_config($1, $2, true)', [COUNTY_SETTING, countyId]);
      await client.query('set local session_replication_role = replica');
      await client.query(`create temp table copy_map on commit drop as
        select id as old_id, gen_random_uuid()::text as new_id,
          lpad((1 + floor(random() * $1))::int::text, 3, '0') as station_no,
          (random() * $2) * interval '1 day' as shift
        from (select id from items where county_id = $3 and id not like '%-copy' order by id limit $4) base`, [stationCount, HISTORY_DAYS / 2, countyId, size]);
      // The copies' own ids end in -copy, so a later chunk copies only engine-made items.
      await client.query(`update copy_map set new_id = new_id || '-copy'`);
      const person = (column: string) => `case when ${column} ~ '^u-(staff|deputy)-[0-9]{3}' then regexp_replace(${column}, '[0-9]{3}', m.station_no) else ${column} end`;
      await client.query(`insert into items (county_id, id, pack_id, pack_version, flow_id, station_id, snapshot, state_paths, status, version, title, created_by, created_at, updated_at, deadlines, due_at, head_hash, assignee, schedule)
        select i.county_id, m.new_id, i.pack_id, i.pack_version, i.flow_id, 'station-' || m.station_no, i.snapshot, i.state_paths, i.status, i.version, i.title,
          ${person('i.created_by')}, i.created_at - m.shift, i.updated_at - m.shift, i.deadlines, i.due_at - m.shift, i.head_hash, i.assignee, i.schedule
        from items i join copy_map m on m.old_id = i.id where i.county_id = $1`, [countyId]);
      await client.query(`insert into events (county_id, item_id, seq, type, actor_id, role, payload, state_before, state_after, snapshot_after, pack_version, created_at, idempotency_key, prev_hash, hash, seal, origin)
        select e.county_id, m.new_id, e.seq, e.type, ${person('e.actor_id')}, e.role, e.payload, e.state_before, e.state_after, e.snapshot_after, e.pack_version,
          e.created_at - m.shift, null, e.prev_hash, e.hash, e.seal,
          case when e.origin is null then null else jsonb_set(e.origin, '{stationId}', to_jsonb('station-' || m.station_no)) end
        from events e join copy_map m on m.old_id = e.item_id where e.county_id = $1`, [countyId]);
      await client.query(`insert into item_search (county_id, item_id, body, tokens)
        select s.county_id, m.new_id, s.body, s.tokens from item_search s join copy_map m on m.old_id = s.item_id where s.county_id = $1`, [countyId]);
      await client.query('commit');
      made += size;
      console.log(`${engineItems + made} items (${made} copies, chunk ${((performance.now() - t) / 1000).toFixed(0)} s)`);
    }
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

const started = performance.now();
const now = Date.now();
let eventCount = 0;
let pending: Promise<void> = Promise.resolve();
for (let done = 0; done < engineItems; ) {
  const rows: Rows = { items: [], events: [], search: [] };
  const size = Math.min(BATCH, engineItems - done);
  for (let i = 0; i < size; i++) eventCount += generateItem(rows, now);
  await pending; // one batch is written while the next is made
  pending = write(rows);
  done += size;
  if (done % 10_000 === 0 || done === engineItems) {
    const s = (performance.now() - started) / 1000;
    console.log(`${done} items, ${eventCount} events (${(eventCount / done).toFixed(2)}/item), ${s.toFixed(0)} s, ${Math.round(done / s)} items/s`);
  }
}
await pending;
if (itemCount > engineItems) {
  await copyItems(itemCount - engineItems);
  // The copies were made without the engine's statements, which keep the county's item counts.
  const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  await owner.transaction().execute(async (trx) => {
    await sql`select set_config(${COUNTY_SETTING}, ${countyId}, true)`.execute(trx);
    await recountItems(trx, countyId);
  });
}
// The units' items (migration 0016 fills them from what is there when it runs; these came later).
await pool.query(
  `insert into unit_items (county_id, unit_id, item_id)
   select distinct e.county_id, u.unit_id, e.item_id from events e join users u on u.county_id = e.county_id and u.id = e.actor_id where e.county_id = $1 and u.unit_id is not null
   union select county_id, substr(assignee, 6), id from items where county_id = $1 and assignee like 'unit:%'
   on conflict do nothing`,
  [countyId],
);
console.log('analyze and vacuum…');
for (const table of ['items', 'events', 'item_search', 'item_counts', 'unit_items']) await pool.query(`vacuum analyze ${table}`);
await pool.end();
console.log(`done: ${itemCount} items (${engineItems} made by the engine, with ${eventCount} events; the rest copies) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
