import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, EventTable, ItemTable } from './database-schema.js';
import { inCounty } from './county-scope.js';

export interface ItemRecord {
  countyId: string;
  id: string;
  packId: string;
  packVersion: string;
  flowId: string;
  stationId: string | null;
  snapshot: unknown;
  statePaths: string[];
  status: 'active' | 'done';
  version: number;
  title: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  deadlines: Record<string, string>;
  dueAt: Date | null;
  headHash: string;
}

export interface EventRecord {
  countyId: string;
  itemId: string;
  seq: number;
  type: string;
  actorId: string;
  role: string;
  payload: unknown;
  stateBefore: unknown;
  stateAfter: unknown;
  snapshotAfter: unknown;
  packVersion: string;
  createdAt: Date;
  idempotencyKey: string | null;
  prevHash: string;
  hash: string;
  /** HMAC of hash with the record's key (RecordKeys.seal). */
  seal: string;
  /** The creation event's: where the item was started. null on every later event. */
  origin: EventOrigin | null;
}

export interface EventOrigin {
  packId: string;
  flowId: string;
  stationId: string | null;
}

export interface ItemFilter {
  packId?: string;
  flowId?: string;
  /** A state path; matches items in that state or any of its children. */
  state?: string;
  stationId?: string;
  status?: 'active' | 'done';
  createdBy?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Free text found anywhere in the item's data. */
  text?: string;
  /** Items this user has sent any event to (created, triaged, replied, ...). */
  actorId?: string;
  /** Items waiting in one of these states (the inbox): per flow, the state paths. */
  waitingIn?: Array<{ packId: string; flowId: string; paths: string[] }>;
  /** Items at one of these stations, or at none. */
  atStations?: string[];
  /** Items in one of these states (public boards): per pack version and flow, the state paths. */
  inStates?: Array<{ packId: string; packVersion: string; flowId: string; paths: string[] }>;
}

export type ItemSort = 'created-desc' | 'created-asc' | 'updated-desc' | 'due-asc';

export interface Page {
  offset: number;
  limit: number;
}

/** What an event changes on its item. */
export type ItemChange = Pick<ItemRecord, 'snapshot' | 'statePaths' | 'status' | 'title' | 'deadlines' | 'dueAt' | 'updatedAt' | 'headHash'>;

/** Items (flow instances) and their append-only event log. */
export class ItemRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Writes a new item and its creation event in one transaction. */
  async insertItem(item: ItemRecord, event: EventRecord): Promise<void> {
    await inCounty(this.db, item.countyId, async (trx) => {
      await trx.insertInto('items').values(itemRow(item)).execute();
      await trx.insertInto('events').values(eventRow(event)).execute();
    });
  }

  /**
   * Writes an event and the item's new state in one transaction, but only if the item is
   * still at expectedVersion. Returns false (and writes nothing) when another event got there first.
   */
  async appendEvent(countyId: string, itemId: string, expectedVersion: number, change: ItemChange, event: EventRecord): Promise<boolean> {
    return inCounty(this.db, countyId, async (trx) => {
      const updated = await trx
        .updateTable('items')
        .set({
          snapshot: JSON.stringify(change.snapshot),
          state_paths: change.statePaths,
          status: change.status,
          title: change.title,
          deadlines: JSON.stringify(change.deadlines),
          due_at: change.dueAt,
          updated_at: change.updatedAt,
          head_hash: change.headHash,
          version: expectedVersion + 1,
        })
        .where('county_id', '=', countyId)
        .where('id', '=', itemId)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await trx.insertInto('events').values(eventRow(event)).execute();
      return true;
    });
  }

  async getItem(countyId: string, id: string): Promise<ItemRecord | undefined> {
    const row = await inCounty(this.db, countyId, (trx) => trx.selectFrom('items').selectAll().where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst());
    return row && toItem(row);
  }

  listItems(countyId: string, filter: ItemFilter, page: Page, sort: ItemSort = 'created-desc'): Promise<{ items: ItemRecord[]; total: number }> {
    return inCounty(this.db, countyId, (trx) => this.queryItems(trx, countyId, filter, page, sort));
  }

  private async queryItems(db: Kysely<Database>, countyId: string, filter: ItemFilter, page: Page, sort: ItemSort): Promise<{ items: ItemRecord[]; total: number }> {
    let query = db.selectFrom('items').where('county_id', '=', countyId);
    if (filter.packId) query = query.where('pack_id', '=', filter.packId);
    if (filter.flowId) query = query.where('flow_id', '=', filter.flowId);
    if (filter.state) query = query.where(sql<boolean>`state_paths @> ${sql.val([filter.state])}::text[]`);
    if (filter.stationId) query = query.where('station_id', '=', filter.stationId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.createdBy) query = query.where('created_by', '=', filter.createdBy);
    if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
    if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
    if (filter.text) {
      // The data is JSON; searching its text finds a phrase in any field. LIKE wildcards typed by users are literal.
      const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where(sql<boolean>`(snapshot->'context')::text ilike ${pattern}`);
    }
    if (filter.actorId) {
      const actorId = filter.actorId;
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('events')
            .select(sql`1`.as('one'))
            .whereRef('events.county_id', '=', 'items.county_id')
            .whereRef('events.item_id', '=', 'items.id')
            .where('events.actor_id', '=', actorId),
        ),
      );
    }
    if (filter.waitingIn) {
      const waiting = filter.waitingIn.filter((w) => w.paths.length);
      if (!waiting.length) return { items: [], total: 0 };
      query = query.where(({ or, and, eb }) =>
        or(waiting.map((w) => and([eb('pack_id', '=', w.packId), eb('flow_id', '=', w.flowId), sql<boolean>`state_paths && ${sql.val(w.paths)}::text[]`]))),
      );
    }
    if (filter.inStates) {
      const shown = filter.inStates.filter((s) => s.paths.length);
      if (!shown.length) return { items: [], total: 0 };
      query = query.where(({ or, and, eb }) =>
        or(shown.map((s) => and([eb('pack_id', '=', s.packId), eb('pack_version', '=', s.packVersion), eb('flow_id', '=', s.flowId), sql<boolean>`state_paths && ${sql.val(s.paths)}::text[]`]))),
      );
    }
    if (filter.atStations) {
      const stations = filter.atStations;
      query = query.where(({ or, eb }) => or([eb('station_id', 'is', null), ...(stations.length ? [eb('station_id', 'in', stations)] : [])]));
    }
    const ordered = {
      'created-desc': query.selectAll().orderBy('created_at', 'desc'),
      'created-asc': query.selectAll().orderBy('created_at', 'asc'),
      'updated-desc': query.selectAll().orderBy('updated_at', 'desc'),
      'due-asc': query.selectAll().orderBy(sql`due_at asc nulls last`),
    }[sort];
    const [rows, count] = await Promise.all([
      ordered.orderBy('id').offset(page.offset).limit(page.limit).execute(),
      query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toItem), total: Number(count.n) };
  }

  async listEvents(countyId: string, itemId: string): Promise<EventRecord[]> {
    const rows = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('events').selectAll().where('county_id', '=', countyId).where('item_id', '=', itemId).orderBy('seq').execute(),
    );
    return rows.map(toEvent);
  }

  async findEventByIdempotencyKey(countyId: string, actorId: string, key: string): Promise<EventRecord | undefined> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('events').selectAll().where('county_id', '=', countyId).where('actor_id', '=', actorId).where('idempotency_key', '=', key).executeTakeFirst(),
    );
    return row && toEvent(row);
  }
}

function itemRow(item: ItemRecord) {
  return {
    county_id: item.countyId,
    id: item.id,
    pack_id: item.packId,
    pack_version: item.packVersion,
    flow_id: item.flowId,
    station_id: item.stationId,
    snapshot: JSON.stringify(item.snapshot),
    state_paths: item.statePaths,
    status: item.status,
    version: item.version,
    title: item.title,
    created_by: item.createdBy,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    deadlines: JSON.stringify(item.deadlines),
    due_at: item.dueAt,
    head_hash: item.headHash,
  };
}

function eventRow(event: EventRecord) {
  return {
    county_id: event.countyId,
    item_id: event.itemId,
    seq: event.seq,
    type: event.type,
    actor_id: event.actorId,
    role: event.role,
    payload: JSON.stringify(event.payload),
    state_before: JSON.stringify(event.stateBefore),
    state_after: JSON.stringify(event.stateAfter),
    snapshot_after: JSON.stringify(event.snapshotAfter),
    pack_version: event.packVersion,
    created_at: event.createdAt,
    idempotency_key: event.idempotencyKey,
    prev_hash: event.prevHash,
    hash: event.hash,
    seal: event.seal,
    origin: JSON.stringify(event.origin),
  };
}

function toItem(r: Selectable<ItemTable>): ItemRecord {
  return {
    countyId: r.county_id,
    id: r.id,
    packId: r.pack_id,
    packVersion: r.pack_version,
    flowId: r.flow_id,
    stationId: r.station_id,
    snapshot: r.snapshot,
    statePaths: r.state_paths,
    status: r.status,
    version: r.version,
    title: r.title,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deadlines: r.deadlines,
    dueAt: r.due_at,
    headHash: r.head_hash,
  };
}

function toEvent(r: Selectable<EventTable>): EventRecord {
  return {
    countyId: r.county_id,
    itemId: r.item_id,
    seq: r.seq,
    type: r.type,
    actorId: r.actor_id,
    role: r.role,
    payload: r.payload,
    stateBefore: r.state_before,
    stateAfter: r.state_after,
    snapshotAfter: r.snapshot_after,
    packVersion: r.pack_version,
    createdAt: r.created_at,
    idempotencyKey: r.idempotency_key,
    prevHash: r.prev_hash,
    hash: r.hash,
    seal: r.seal,
    origin: r.origin,
  };
}
