import { sql, type Kysely } from 'kysely';
import type { EventRecord } from '../domain/event-record.js';
import type { ItemFilter, ItemSort, Page } from '../domain/item-query.js';
import type { ItemChange, ItemRecord } from '../domain/item-record.js';
import type { Database } from './database-schema.js';
import { inCounty, inCountyStatement } from './county-scope.js';

/** The draft a submitted form was saved as: removed in the statement that records the submission. */
export interface DraftRef {
  userId: string;
  key: string;
}

/** Items (flow instances) and their append-only event log. */
export class ItemRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes a new item and its creation event, and removes the draft its form came from: one
   * statement, sent with the county in one round trip (inCountyStatement), all or nothing.
   */
  async insertItem(item: ItemRecord, event: EventRecord, draft: DraftRef): Promise<void> {
    await inCountyStatement(
      this.db,
      item.countyId,
      this.db
        .with('created', (db) => db.insertInto('items').values(itemRow(item)))
        .with('cleared', (db) => db.deleteFrom('drafts').where('countyId', '=', item.countyId).where('userId', '=', draft.userId).where('draftKey', '=', draft.key))
        .insertInto('events')
        .values(eventRow(event)),
    );
  }

  /**
   * Writes an event and the item's new state, and removes the draft its form came from, but only
   * if the item is still at expectedVersion. Returns false (and writes nothing) when another event
   * got there first. One statement in one round trip: the item moves under the version guard, and
   * the event and the draft's removal follow only if it did. Two writers from one version: the
   * second waits for the first's row lock, then finds the version moved and writes nothing.
   */
  async appendEvent(countyId: string, itemId: string, expectedVersion: number, change: ItemChange, event: EventRecord, draft: DraftRef): Promise<boolean> {
    const row = eventRow(event);
    const columns = Object.keys(row) as Array<keyof typeof row>;
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
              version: expectedVersion + 1,
            })
            .where('countyId', '=', countyId)
            .where('id', '=', itemId)
            .where('version', '=', expectedVersion)
            .returning('id'),
        )
        .with('cleared', (db) =>
          db.deleteFrom('drafts').where('countyId', '=', countyId).where('userId', '=', draft.userId).where('draftKey', '=', draft.key).where(moved.$castTo<boolean>()),
        )
        .insertInto('events')
        .columns(columns)
        // The values as a select that yields a row only when the item moved; the columns give them their types.
        .expression(sql`select ${sql.join(columns.map((c) => sql.val(row[c])))} where ${moved}`),
    );
    return Number(result.numAffectedRows) === 1;
  }

  async getItem(countyId: string, id: string): Promise<ItemRecord | undefined> {
    const { rows } = await inCountyStatement(this.db, countyId, this.db.selectFrom('items').selectAll().where('countyId', '=', countyId).where('id', '=', id));
    return rows[0];
  }

  listItems(countyId: string, filter: ItemFilter, page: Page, sort: ItemSort = 'created-desc'): Promise<{ items: ItemRecord[]; total: number }> {
    return inCounty(this.db, countyId, (trx) => this.queryItems(trx, countyId, filter, page, sort));
  }

  private async queryItems(db: Kysely<Database>, countyId: string, filter: ItemFilter, page: Page, sort: ItemSort): Promise<{ items: ItemRecord[]; total: number }> {
    // Raw sql fragments name columns through eb.ref, so the row naming converts them like any other.
    let query = db.selectFrom('items').where('countyId', '=', countyId);
    if (filter.packId) query = query.where('packId', '=', filter.packId);
    if (filter.flowId) query = query.where('flowId', '=', filter.flowId);
    if (filter.state) {
      const state = filter.state;
      query = query.where((eb) => sql<boolean>`${eb.ref('statePaths')} @> ${sql.val([state])}::text[]`);
    }
    if (filter.stationId) query = query.where('stationId', '=', filter.stationId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.createdBy) query = query.where('createdBy', '=', filter.createdBy);
    if (filter.createdFrom) query = query.where('createdAt', '>=', filter.createdFrom);
    if (filter.createdTo) query = query.where('createdAt', '<', filter.createdTo);
    if (filter.text) {
      // The data is JSON; searching its text finds a phrase in any field. LIKE wildcards typed by users are literal.
      const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => sql<boolean>`(${eb.ref('snapshot')}->'context')::text ilike ${pattern}`);
    }
    if (filter.actorId) {
      const actorId = filter.actorId;
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('events')
            .select(sql`1`.as('one'))
            .whereRef('events.countyId', '=', 'items.countyId')
            .whereRef('events.itemId', '=', 'items.id')
            .where('events.actorId', '=', actorId),
        ),
      );
    }
    if (filter.waitingIn) {
      const waiting = filter.waitingIn.filter((w) => w.paths.length);
      if (!waiting.length) return { items: [], total: 0 };
      query = query.where(({ or, and, eb }) =>
        or(waiting.map((w) => and([eb('packId', '=', w.packId), eb('flowId', '=', w.flowId), sql<boolean>`${eb.ref('statePaths')} && ${sql.val(w.paths)}::text[]`]))),
      );
    }
    if (filter.inStates) {
      const shown = filter.inStates.filter((s) => s.paths.length);
      if (!shown.length) return { items: [], total: 0 };
      query = query.where(({ or, and, eb }) =>
        or(shown.map((s) => and([eb('packId', '=', s.packId), eb('packVersion', '=', s.packVersion), eb('flowId', '=', s.flowId), sql<boolean>`${eb.ref('statePaths')} && ${sql.val(s.paths)}::text[]`]))),
      );
    }
    if (filter.atStations) {
      const stations = filter.atStations;
      query = query.where(({ or, eb }) => or([eb('stationId', 'is', null), ...(stations.length ? [eb('stationId', 'in', stations)] : [])]));
    }
    const ordered = {
      'created-desc': query.selectAll().orderBy('createdAt', 'desc'),
      'created-asc': query.selectAll().orderBy('createdAt', 'asc'),
      'updated-desc': query.selectAll().orderBy('updatedAt', 'desc'),
      'due-asc': query.selectAll().orderBy('dueAt', (ob) => ob.asc().nullsLast()),
    }[sort];
    const [rows, count] = await Promise.all([
      ordered.orderBy('id').offset(page.offset).limit(page.limit).execute(),
      query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows, total: Number(count.n) };
  }

  async listEvents(countyId: string, itemId: string): Promise<EventRecord[]> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('events').selectAll().where('countyId', '=', countyId).where('itemId', '=', itemId).orderBy('seq').execute());
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
