import { sql, type Kysely } from 'kysely';
import type { EventRecord } from '../domain/event-record.js';
import { NO_DIRECTORY_CHANGE, type DirectoryChange, type ItemLink } from '../domain/item-directory.js';
import type { ItemChange, ItemRecord } from '../domain/item-record.js';
import type { Database } from './database-schema.js';
import { inCounty, inCountyStatement } from './county-scope.js';
import { searchRow } from './item-search.js';
import { countChanges, type ItemCountChange } from './item-counts.js';
import type { LinkCountChange } from './link-counts.js';
import { rowNaming } from './row-naming.js';
import { outboxRow, type OutboxMessage } from '../domain/outbox-message.js';
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
  /** The item's armed timers after the event, when they changed (the timers table is replaced for the item); undefined: unchanged. */
  timers?: Record<string, string>;
  /** Notifications the event sends (the outbox), written with it. */
  outbox?: OutboxMessage[];
}

/** Items (flow instances) and their append-only event log; lists of items are item-list-query.ts. */
export class ItemRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** Told of the rows each write writes, so the tables are vacuumed and analyzed where nothing else does. */
    private readonly maintenance?: TableMaintenance,
  ) {}

  /**
   * Writes a new item, its creation event, its search row and its counts (item-counts.ts), and
   * removes the draft its form came from: one call of record_item (migration 0018), one round
   * trip, all or nothing. Its statements' plans are kept by the connection.
   */
  async insertItem(item: ItemRecord, event: EventRecord, draft: DraftRef | null, effects: EventEffects = {}): Promise<void> {
    const counts = countChanges(undefined, item);
    const search = searchRow(item.countyId, item.id, item.snapshot);
    const parts = effectArguments(counts, effects, item.createdAt);
    await sql`select record_item(${item.countyId}, ${asRow(item)}, ${asRow(event)}, ${search.body}, ${search.tokens},
      ${parts.counts}, ${parts.linkCounts}, ${parts.station}, ${parts.linksAdd}, ${parts.units}, ${draft?.userId ?? null}, ${draft?.key ?? null},
      ${parts.timers}, ${parts.outbox})`.execute(this.db);
    this.noteWritten(counts, effects);
  }

  /**
   * Writes an event, the item's new state, its search row and its counts, and removes the draft its form came from,
   * but only if the item is still `before` (at its version). Returns false (and writes nothing) when another event
   * got there first. One call of record_event (migration 0018) in one round trip: the item moves under the version
   * guard, and the rest follows only if it did. Two writers from one version: the second waits for the first's row
   * lock, then finds the version moved and writes nothing.
   */
  async appendEvent(before: ItemRecord, change: ItemChange, event: EventRecord, draft: DraftRef | null, effects: EventEffects = {}): Promise<boolean> {
    const { countyId, id: itemId, version } = before;
    const counts = countChanges(before, { ...before, status: change.status, statePaths: change.statePaths, assignee: change.assignee });
    const search = searchRow(countyId, itemId, change.snapshot);
    const parts = effectArguments(counts, effects, change.updatedAt);
    const { rows } = await sql<{ written: boolean }>`select record_event(${countyId}, ${itemId}, ${version}, ${asRow(change)}, ${asRow(event)},
      ${search.body}, ${search.tokens}, ${parts.counts}, ${parts.linkCounts}, ${parts.station}, ${parts.linksAdd}, ${parts.linksRemove},
      ${parts.units}, ${draft?.userId ?? null}, ${draft?.key ?? null}, ${parts.timers}, ${parts.outbox}) as written`.execute(this.db);
    const written = rows[0]?.written === true;
    if (written) {
      this.maintenance?.note('items');
      this.noteWritten(counts, effects);
    }
    return written;
  }

  /** Tells table maintenance of the rows an item's statement wrote beside the item. */
  private noteWritten(counts: ItemCountChange[], { units = [], linkCounts = [], timers }: EventEffects): void {
    this.maintenance?.note('events');
    if (timers) this.maintenance?.note('timers', Object.keys(timers).length + 1);
    if (counts.length) this.maintenance?.note('item_counts', counts.length);
    if (units.length) this.maintenance?.note('unit_items', units.length);
    if (linkCounts.length) this.maintenance?.note('link_counts', linkCounts.length);
  }

  async getItem(countyId: string, id: string): Promise<ItemRecord | undefined> {
    const { rows } = await inCountyStatement(this.db, countyId, this.db.selectFrom('items').selectAll().where('countyId', '=', countyId).where('id', '=', id));
    return rows[0];
  }

  /**
   * The item an event is sent to, and whether this user already used this Idempotency-Key: one
   * statement, where the key's lookup was a round trip of its own on every event. Only a retry
   * (the key was used) reads the earlier event itself (findEventByIdempotencyKey).
   */
  async getItemForEvent(countyId: string, id: string, actorId: string, key: string | null): Promise<{ item: ItemRecord; keyUsed: boolean } | undefined> {
    if (key === null) {
      // Not `= null` in the lookup: planned as a parallel scan that never runs, it still cost 7 ms to set up.
      const item = await this.getItem(countyId, id);
      return item && { item, keyUsed: false };
    }
    const query = this.db
      .selectFrom('items')
      .selectAll('items')
      .select((eb) =>
        eb.exists(eb.selectFrom('events').select('seq').where('events.countyId', '=', countyId).where('events.actorId', '=', actorId).where('events.idempotencyKey', '=', key)).as('keyUsed'),
      )
      .where('items.countyId', '=', countyId)
      .where('items.id', '=', id);
    const { rows } = await inCountyStatement(this.db, countyId, query);
    if (!rows[0]) return undefined;
    const { keyUsed, ...item } = rows[0];
    return { item, keyUsed: keyUsed === true };
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

/** A record as the JSON of a row (its keys the columns' names), as record_item and record_event read it. */
function asRow(record: object): string {
  return JSON.stringify(rowNaming.row(record));
}

/** Rows as a JSON array of rows, or null when there are none (the function then skips that part). */
function asRows(records: object[]): string | null {
  return records.length ? JSON.stringify(records.map((r) => rowNaming.row(r))) : null;
}

/**
 * What an item's statement writes beside the item, its event, its search row and its draft, as
 * the recording functions take it: count changes, the station it registers (the directory
 * follows the item, domain/item-directory.ts), its links, and the units it reaches (the unit it
 * is assigned to, the unit of the one who sent the event).
 */
function effectArguments(counts: ItemCountChange[], { directory = NO_DIRECTORY_CHANGE, units = [], linkCounts = [], timers, outbox = [] }: EventEffects, at: Date) {
  const { station } = directory;
  return {
    counts: asRows(counts),
    linkCounts: asRows(linkCounts),
    station: station ? asRow({ ...station, villages: station.villages ?? [], openedOn: station.openedOn ?? null, createdAt: at }) : null,
    linksAdd: asRows(directory.links.add),
    linksRemove: asRows(directory.links.remove),
    units: units.length ? units : null,
    timers: timers ? JSON.stringify(timers) : null,
    outbox: outbox.length ? JSON.stringify(outbox.map(outboxRow)) : null,
  };
}
