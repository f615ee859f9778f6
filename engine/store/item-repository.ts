import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { EventRecord } from '../domain/event-record.js';
import { NO_DIRECTORY_CHANGE, type DirectoryChange, type ItemLink } from '../domain/item-directory.js';
import type { StationInput } from '../domain/station.js';
import type { ItemChange, ItemRecord } from '../domain/item-record.js';
import type { Database } from './database-schema.js';
import { inCounty, inCountyStatement } from './county-scope.js';
import { searchRow } from './item-search.js';
import { COUNT_COLUMNS, COUNT_KEY, countChanges, type ItemCountChange } from './item-counts.js';
import { LINK_COUNT_COLUMNS, LINK_COUNT_KEY, type LinkCountChange } from './link-counts.js';
import type { TableMaintenance } from './table-maintenance.js';

/** The draft a submitted form was saved as: removed in the statement that records the submission. */
export interface DraftRef {
  userId: string;
  key: string;
}

/**
 * What an event's statement writes beside the item and its event, when there is any: the
 * directory it changes (a registered station, links), the units it reaches (unit_items) and the
 * changes to link_counts. The item service works them out from the item before and after.
 */
export interface EventEffects {
  directory?: DirectoryChange;
  units?: string[];
  linkCounts?: LinkCountChange[];
}

/** The search row's columns, in the order the statement writes them. */
const SEARCH_COLUMNS = ['countyId', 'itemId', 'body', 'tokens'] as const;

/** Items (flow instances) and their append-only event log; lists of items are item-list-query.ts. */
export class ItemRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** Told of the rows each write writes, so the tables are vacuumed and analyzed where nothing else does. */
    private readonly maintenance?: TableMaintenance,
  ) {}

  /**
   * Writes a new item, its creation event, its search row and its counts (item-counts.ts), and
   * removes the draft its form came from: one statement, sent with the county in one round trip (inCountyStatement), all or nothing.
   */
  async insertItem(item: ItemRecord, event: EventRecord, draft: DraftRef, { directory = NO_DIRECTORY_CHANGE, units = [], linkCounts = [] }: EventEffects = {}): Promise<void> {
    const counts = countChanges(undefined, item);
    const always = sql`true`;
    await inCountyStatement(
      this.db,
      item.countyId,
      this.db
        .with('created', (db) => db.insertInto('items').values(itemRow(item)))
        .with('indexed', (db) => db.insertInto('itemSearch').values(searchRow(item.countyId, item.id, item.snapshot)))
        .with('counted', () => addCounts(this.db, counts, always))
        .with('linksCounted', () => addLinkCounts(this.db, linkCounts, always))
        .with('stationed', () => registerStation(this.db, directory.station, item.createdAt, always))
        .with('linked', () => addLinks(this.db, item.countyId, item.id, directory.links.add, always))
        .with('reached', () => addUnitItems(this.db, item.countyId, item.id, units, always))
        .with('cleared', (db) => db.deleteFrom('drafts').where('countyId', '=', item.countyId).where('userId', '=', draft.userId).where('draftKey', '=', draft.key))
        .insertInto('events')
        .values(eventRow(event)),
    );
    this.maintenance?.note('events');
    this.maintenance?.note('item_counts', counts.length);
    if (units.length) this.maintenance?.note('unit_items', units.length);
    if (linkCounts.length) this.maintenance?.note('link_counts', linkCounts.length);
  }

  /**
   * Writes an event, the item's new state, its search row and its counts, and removes the draft its form came from,
   * but only if the item is still `before` (at its version). Returns false (and writes nothing) when another event
   * got there first. One statement in one round trip: the item moves under the version guard, and
   * the event, the search row, the counts and the draft's removal follow only if it did. Two writers from one version: the
   * second waits for the first's row lock, then finds the version moved and writes nothing.
   */
  async appendEvent(before: ItemRecord, change: ItemChange, event: EventRecord, draft: DraftRef, { directory = NO_DIRECTORY_CHANGE, units = [], linkCounts = [] }: EventEffects = {}): Promise<boolean> {
    const { countyId, id: itemId, version: expectedVersion } = before;
    const row = eventRow(event);
    const counts = countChanges(before, { ...before, status: change.status, statePaths: change.statePaths, assignee: change.assignee });
    const columns = Object.keys(row) as Array<keyof typeof row>;
    const search = searchRow(countyId, itemId, change.snapshot);
    const moved = sql`exists (select 1 from moved)`;
    const result = await inCountyStatement(
      this.db,
      countyId,
      this.db
        .with('moved', (db) =>
          db
            .updateTable('items')
            .set({
              snapshot: JSON.stringify(change.snapshot),
              statePaths: change.statePaths,
              status: change.status,
              title: change.title,
              deadlines: JSON.stringify(change.deadlines),
              dueAt: change.dueAt,
              updatedAt: change.updatedAt,
              headHash: change.headHash,
              assignee: change.assignee,
              version: expectedVersion + 1,
            })
            .where('countyId', '=', countyId)
            .where('id', '=', itemId)
            .where('version', '=', expectedVersion)
            .returning('id'),
        )
        // The search row is rewritten only when the text changed: most events add no words.
        .with('indexed', (db) =>
          db
            .insertInto('itemSearch')
            .columns(SEARCH_COLUMNS)
            .expression(sql`select ${sql.join(SEARCH_COLUMNS.map((c) => sql.val(search[c])))} where ${moved}`)
            .onConflict((oc) =>
              oc
                .columns(['countyId', 'itemId'])
                .doUpdateSet((eb) => ({ body: eb.ref('excluded.body'), tokens: eb.ref('excluded.tokens') }))
                .where((eb) => eb('itemSearch.body', '<>', eb.ref('excluded.body'))),
            ),
        )
        .with('counted', () => addCounts(this.db, counts, moved))
        .with('linksCounted', () => addLinkCounts(this.db, linkCounts, moved))
        // The directory follows the item: the station it registers, its links (domain/item-directory.ts).
        .with('stationed', () => registerStation(this.db, directory.station, change.updatedAt, moved))
        .with('unlinked', () => removeLinks(this.db, countyId, itemId, directory.links.remove, moved))
        .with('linked', () => addLinks(this.db, countyId, itemId, directory.links.add, moved))
        // The units it reaches: the unit it is assigned to, the unit of the one who sent the event.
        .with('reached', () => addUnitItems(this.db, countyId, itemId, units, moved))
        .with('cleared', (db) =>
          db.deleteFrom('drafts').where('countyId', '=', countyId).where('userId', '=', draft.userId).where('draftKey', '=', draft.key).where(moved.$castTo<boolean>()),
        )
        .insertInto('events')
        .columns(columns)
        // The values as a select that yields a row only when the item moved; the columns give them their types.
        .expression(sql`select ${sql.join(columns.map((c) => sql.val(row[c])))} where ${moved}`),
    );
    const written = Number(result.numAffectedRows) === 1;
    if (written) {
      this.maintenance?.note('items');
      this.maintenance?.note('events');
      this.maintenance?.note('item_counts', counts.length);
      if (units.length) this.maintenance?.note('unit_items', units.length);
      if (linkCounts.length) this.maintenance?.note('link_counts', linkCounts.length);
    }
    return written;
  }

  async getItem(countyId: string, id: string): Promise<ItemRecord | undefined> {
    const { rows } = await inCountyStatement(this.db, countyId, this.db.selectFrom('items').selectAll().where('countyId', '=', countyId).where('id', '=', id));
    return rows[0];
  }

  /** Whether the item is one of the unit's (unit_items: assigned to it once, or acted on by its people). */
  async isUnitItem(countyId: string, unitId: string, itemId: string): Promise<boolean> {
    const query = this.db.selectFrom('unitItems').select('itemId').where('countyId', '=', countyId).where('unitId', '=', unitId).where('itemId', '=', itemId);
    const { rows } = await inCountyStatement(this.db, countyId, query);
    return rows.length > 0;
  }

  async listEvents(countyId: string, itemId: string): Promise<EventRecord[]> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('events').selectAll().where('countyId', '=', countyId).where('itemId', '=', itemId).orderBy('seq').execute());
  }

  /** The stations, units and people an item is linked to (item_links), as stored. */
  async listLinks(countyId: string, itemId: string): Promise<ItemLink[]> {
    const { rows } = await inCountyStatement(this.db, countyId, this.db.selectFrom('itemLinks').select(['kind', 'targetId']).where('countyId', '=', countyId).where('itemId', '=', itemId));
    return rows;
  }

  async findEventByIdempotencyKey(countyId: string, actorId: string, key: string): Promise<EventRecord | undefined> {
    const { rows } = await inCountyStatement(
      this.db,
      countyId,
      this.db.selectFrom('events').selectAll().where('countyId', '=', countyId).where('actorId', '=', actorId).where('idempotencyKey', '=', key),
    );
    return rows[0];
  }
}

/**
 * Rollup changes (item_counts, link_counts) as a select yielding the rows when `when` holds, in
 * the order given (key order, see countChanges), or none: with no changes, nothing is written.
 */
function rollupRows<C extends string>(columns: readonly C[], changes: Array<Record<C, string | number>>, when: RawBuilder<unknown>) {
  // Values go into the statement as literals (county-scope.ts): a number would arrive as text.
  const values = changes.map((c) => sql`(${sql.join(columns.map((k) => (k === 'n' ? sql`${sql.val(c[k])}::bigint` : sql.val(c[k]))))})`);
  return values.length
    ? sql`select * from (values ${sql.join(values)}) as v (${sql.join(columns.map((k) => sql.ref(k)))}) where ${when}`
    : sql`select ${sql.join(columns.map(() => sql`null`))} where false`;
}

/** Adds count changes to item_counts when `when` holds. */
function addCounts(db: Kysely<Database>, changes: ItemCountChange[], when: RawBuilder<unknown>) {
  return db
    .insertInto('itemCounts')
    .columns(COUNT_COLUMNS)
    .expression(rollupRows(COUNT_COLUMNS, changes, when))
    .onConflict((oc) => oc.columns(COUNT_KEY).doUpdateSet((eb) => ({ n: sql<number>`${eb.ref('itemCounts.n')} + ${eb.ref('excluded.n')}` })));
}

/** Adds count changes to link_counts when `when` holds. */
function addLinkCounts(db: Kysely<Database>, changes: LinkCountChange[], when: RawBuilder<unknown>) {
  return db
    .insertInto('linkCounts')
    .columns(LINK_COUNT_COLUMNS)
    .expression(rollupRows(LINK_COUNT_COLUMNS, changes, when))
    .onConflict((oc) => oc.columns(LINK_COUNT_KEY).doUpdateSet((eb) => ({ n: sql<number>`${eb.ref('linkCounts.n')} + ${eb.ref('excluded.n')}` })));
}

/** The columns a registered station writes, in the order the statement writes them. */
const STATION_COLUMNS = ['countyId', 'id', 'stationType', 'name', 'parentId', 'attributes', 'villages', 'openedOn', 'createdAt'] as const;

/**
 * Creates the station an item registers, or updates it when the item registered it before (its
 * id is the item's), when `when` holds. An update changes what the flow says (type, name, parent,
 * villages, opening date, attributes), never when it closed nor when it was created.
 */
function registerStation(db: Kysely<Database>, station: StationInput | undefined, at: Date, when: RawBuilder<unknown>) {
  const values = station && { ...station, attributes: JSON.stringify(station.attributes), villages: station.villages ?? [], openedOn: station.openedOn ?? null, createdAt: at };
  const source = values
    ? sql`select ${sql.join(STATION_COLUMNS.map((c) => sql.val(values[c])))} where ${when}`
    : sql`select ${sql.join(STATION_COLUMNS.map(() => sql`null`))} where false`;
  return db
    .insertInto('stations')
    .columns(STATION_COLUMNS)
    .expression(source)
    .onConflict((oc) =>
      oc.columns(['countyId', 'id']).doUpdateSet((eb) => ({
        stationType: eb.ref('excluded.stationType'),
        name: eb.ref('excluded.name'),
        parentId: eb.ref('excluded.parentId'),
        attributes: eb.ref('excluded.attributes'),
        villages: eb.ref('excluded.villages'),
        openedOn: eb.ref('excluded.openedOn'),
      })),
    );
}

const LINK_COLUMNS = ['countyId', 'itemId', 'kind', 'targetId'] as const;

/** Adds the item's new links when `when` holds. */
function addLinks(db: Kysely<Database>, countyId: string, itemId: string, links: ItemLink[], when: RawBuilder<unknown>) {
  const rows = links.map((l) => sql`(${sql.join([countyId, itemId, l.kind, l.targetId].map((v) => sql.val(v)))})`);
  const source = rows.length
    ? sql`select * from (values ${sql.join(rows)}) as v (${sql.join(LINK_COLUMNS.map((k) => sql.ref(k)))}) where ${when}`
    : sql`select ${sql.join(LINK_COLUMNS.map(() => sql`null`))} where false`;
  return db.insertInto('itemLinks').columns(LINK_COLUMNS).expression(source).onConflict((oc) => oc.doNothing());
}

/** Makes the item one of these units' when `when` holds (a unit that has it already keeps its row). */
function addUnitItems(db: Kysely<Database>, countyId: string, itemId: string, units: string[], when: RawBuilder<unknown>) {
  const rows = [...new Set(units)].map((unitId) => sql`(${sql.join([countyId, unitId, itemId].map((v) => sql.val(v)))})`);
  const columns = ['countyId', 'unitId', 'itemId'] as const;
  const source = rows.length
    ? sql`select * from (values ${sql.join(rows)}) as v (${sql.join(columns.map((k) => sql.ref(k)))}) where ${when}`
    : sql`select ${sql.join(columns.map(() => sql`null`))} where false`;
  return db.insertInto('unitItems').columns(columns).expression(source).onConflict((oc) => oc.doNothing());
}

/** Removes the links the item no longer has when `when` holds. */
function removeLinks(db: Kysely<Database>, countyId: string, itemId: string, links: ItemLink[], when: RawBuilder<unknown>) {
  return db
    .deleteFrom('itemLinks')
    .where('countyId', '=', countyId)
    .where('itemId', '=', itemId)
    .where((eb) => (links.length ? eb.or(links.map((l) => eb.and([eb('kind', '=', l.kind), eb('targetId', '=', l.targetId)]))) : sql<boolean>`false`))
    .where(when.$castTo<boolean>());
}

/**
 * The columns of items and events are the records' fields (the row naming converts the names);
 * a jsonb column is written as JSON text, so a string or array value is stored as JSON too.
 */
function itemRow(item: ItemRecord) {
  return { ...item, snapshot: JSON.stringify(item.snapshot), deadlines: JSON.stringify(item.deadlines) };
}

function eventRow(event: EventRecord) {
  return {
    ...event,
    payload: JSON.stringify(event.payload),
    stateBefore: JSON.stringify(event.stateBefore),
    stateAfter: JSON.stringify(event.stateAfter),
    snapshotAfter: JSON.stringify(event.snapshotAfter),
    origin: JSON.stringify(event.origin),
  };
}
