import type { Kysely } from 'kysely';
import type { Draft } from '../domain/draft.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** Drafts, one per user and key. A user only ever reaches their own (every query names county and user). */
export class DraftRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(countyId: string, userId: string, key: string): Promise<Draft | undefined> {
    return inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('drafts')
        .select(['draftKey as key', 'payload', 'updatedAt'])
        .where('countyId', '=', countyId)
        .where('userId', '=', userId)
        .where('draftKey', '=', key)
        .executeTakeFirst(),
    );
  }

  /** Saves the draft, replacing an earlier one with the same key. */
  async put(countyId: string, userId: string, key: string, payload: Record<string, unknown>, at: Date): Promise<Draft> {
    const values = { payload: JSON.stringify(payload), updatedAt: at };
    await inCounty(this.db, countyId, (trx) =>
      trx
        .insertInto('drafts')
        .values({ countyId, userId, draftKey: key, ...values })
        .onConflict((oc) => oc.columns(['countyId', 'userId', 'draftKey']).doUpdateSet(values))
        .execute(),
    );
    return { key, payload, updatedAt: at };
  }

  /** Removes the draft; true when there was one. */
  async delete(countyId: string, userId: string, key: string): Promise<boolean> {
    const result = await inCounty(this.db, countyId, (trx) =>
      trx.deleteFrom('drafts').where('countyId', '=', countyId).where('userId', '=', userId).where('draftKey', '=', key).executeTakeFirst(),
    );
    return Number(result.numDeletedRows) > 0;
  }
}
