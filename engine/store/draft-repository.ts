import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** A half-filled form, saved so it survives a reload or moves to another device. */
export interface Draft {
  key: string;
  payload: Record<string, unknown>;
  updatedAt: Date;
}

/**
 * The draft key of a new item's start form. The same key on every device, so the browser can
 * find the draft again; the engine clears it when the item is created.
 */
export const startDraftKey = (packId: string, flowId: string) => `start:${packId}:${flowId}`;

/** The draft key of an event's form on an item; the engine clears it when the event is accepted. */
export const eventDraftKey = (itemId: string, eventType: string) => `event:${itemId}:${eventType}`;

/** Drafts, one per user and key. A user only ever reaches their own (every query names county and user). */
export class DraftRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(countyId: string, userId: string, key: string): Promise<Draft | undefined> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('drafts')
        .select(['draft_key', 'payload', 'updated_at'])
        .where('county_id', '=', countyId)
        .where('user_id', '=', userId)
        .where('draft_key', '=', key)
        .executeTakeFirst(),
    );
    return row && { key: row.draft_key, payload: row.payload, updatedAt: row.updated_at };
  }

  /** Saves the draft, replacing an earlier one with the same key. */
  async put(countyId: string, userId: string, key: string, payload: Record<string, unknown>, at: Date): Promise<Draft> {
    const values = { payload: JSON.stringify(payload), updated_at: at };
    await inCounty(this.db, countyId, (trx) =>
      trx
        .insertInto('drafts')
        .values({ county_id: countyId, user_id: userId, draft_key: key, ...values })
        .onConflict((oc) => oc.columns(['county_id', 'user_id', 'draft_key']).doUpdateSet(values))
        .execute(),
    );
    return { key, payload, updatedAt: at };
  }

  /** Removes the draft; true when there was one. */
  async delete(countyId: string, userId: string, key: string): Promise<boolean> {
    const result = await inCounty(this.db, countyId, (trx) =>
      trx.deleteFrom('drafts').where('county_id', '=', countyId).where('user_id', '=', userId).where('draft_key', '=', key).executeTakeFirst(),
    );
    return Number(result.numDeletedRows) > 0;
  }
}
