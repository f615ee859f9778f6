import type { Kysely } from 'kysely';
import type { EventRecord } from '../domain/event-record.js';
import type { ItemChange, ItemRecord } from '../domain/item-record.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';
import { saveSearchText } from './item-search.js';

/** Items (flow instances) and their append-only event log; lists of items are item-list-query.ts. */
export class ItemRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Writes a new item and its creation event in one transaction. */
  async insertItem(item: ItemRecord, event: EventRecord): Promise<void> {
    await inCounty(this.db, item.countyId, async (trx) => {
      await trx.insertInto('items').values(itemRow(item)).execute();
      await trx.insertInto('events').values(eventRow(event)).execute();
      await saveSearchText(trx, item.countyId, item.id, item.snapshot);
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
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await trx.insertInto('events').values(eventRow(event)).execute();
      await saveSearchText(trx, countyId, itemId, change.snapshot);
      return true;
    });
  }

  async getItem(countyId: string, id: string): Promise<ItemRecord | undefined> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('items').selectAll().where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst());
  }

  async listEvents(countyId: string, itemId: string): Promise<EventRecord[]> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('events').selectAll().where('countyId', '=', countyId).where('itemId', '=', itemId).orderBy('seq').execute());
  }

  async findEventByIdempotencyKey(countyId: string, actorId: string, key: string): Promise<EventRecord | undefined> {
    return inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('events').selectAll().where('countyId', '=', countyId).where('actorId', '=', actorId).where('idempotencyKey', '=', key).executeTakeFirst(),
    );
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
