import type { Kysely } from 'kysely';
import type { OutboxMessage } from '../domain/outbox-message.js';
import type { Database } from './database-schema.js';
import { inCounty, inCountyStatement } from './county-scope.js';

/** A message claimed for delivery: the stored message and where its delivery stands. */
export interface ClaimedMessage extends OutboxMessage {
  /** Claims so far, this one included. */
  attempts: number;
  /** Channels that took the message in an earlier attempt. */
  channelsDone: string[];
}

/** Where a message's delivery stands (for operators and tests). */
export interface OutboxStatus {
  attempts: number;
  nextAttemptAt: Date | null;
  channelsDone: string[];
  deliveredAt: Date | null;
  lastError: string | null;
}

/**
 * The outbox (migration 0021): messages written with the events that cause them, and their
 * delivery bookkeeping. Every statement names the county; claims and settlements are one
 * statement each, in one round trip (inCountyStatement).
 */
export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes messages of one county. Inside the transaction of the event that causes them pass
   * that transaction (trx): then they commit or roll back with it.
   */
  async add(countyId: string, messages: readonly OutboxMessage[], trx?: Kysely<Database>): Promise<void> {
    if (!messages.length) return;
    if (messages.some((m) => m.countyId !== countyId)) throw new Error('outbox messages of another county');
    const rows = messages.map((m) => ({ ...m, recipients: JSON.stringify(m.recipients), message: JSON.stringify(m.message) }));
    const write = (db: Kysely<Database>) => db.insertInto('outbox').values(rows).execute();
    await (trx ? write(trx) : inCounty(this.db, countyId, write));
  }

  /**
   * Claims up to `limit` messages due at `now`, oldest first, until `leaseUntil`: they are not
   * due for anyone else until then. Rows another process is claiming at this moment are
   * skipped, not waited for (FOR UPDATE SKIP LOCKED), so several dispatchers share the work.
   */
  async claim(countyId: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedMessage[]> {
    // The due rows are chosen once, in a WITH query (PostgreSQL runs a locking one once). As
    // `id in (subquery)`, the planner may run the subquery again for each row it updates (with
    // row-level security's filter in the plan it did): rows the statement has just updated are
    // skipped as locked, the next ones are picked, and the LIMIT no longer bounds the claim.
    const statement = this.db
      .with('due', (db) =>
        db
          .selectFrom('outbox')
          .select('id')
          .where('countyId', '=', countyId)
          .where('deliveredAt', 'is', null)
          .where((eb) => eb.or([eb('nextAttemptAt', 'is', null), eb('nextAttemptAt', '<=', now)]))
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .updateTable('outbox')
      .from('due')
      .set((eb) => ({ nextAttemptAt: leaseUntil, attempts: eb('outbox.attempts', '+', 1) }))
      .where('outbox.countyId', '=', countyId)
      .whereRef('outbox.id', '=', 'due.id')
      .returning(['outbox.countyId', 'outbox.id', 'outbox.createdAt', 'outbox.itemId', 'outbox.eventSeq', 'outbox.kind', 'outbox.recipients', 'outbox.message', 'outbox.attempts', 'outbox.channelsDone']);
    const { rows } = await inCountyStatement(this.db, countyId, statement);
    // RETURNING keeps no order: oldest first again, as claimed.
    return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Every channel took the message. */
  async delivered(countyId: string, id: string, channelsDone: string[], at: Date): Promise<void> {
    await inCountyStatement(
      this.db,
      countyId,
      this.db.updateTable('outbox').set({ deliveredAt: at, channelsDone, lastError: null }).where('countyId', '=', countyId).where('id', '=', id).where('deliveredAt', 'is', null),
    );
  }

  /** A channel failed: the channels that took it are kept, and the message is due again at retryAt. */
  async failed(countyId: string, id: string, channelsDone: string[], retryAt: Date, error: string): Promise<void> {
    await inCountyStatement(
      this.db,
      countyId,
      this.db
        .updateTable('outbox')
        .set({ nextAttemptAt: retryAt, channelsDone, lastError: error })
        .where('countyId', '=', countyId)
        .where('id', '=', id)
        .where('deliveredAt', 'is', null),
    );
  }

  /** Where a message's delivery stands; undefined when the county has no such message. */
  status(countyId: string, id: string): Promise<OutboxStatus | undefined> {
    return inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('outbox')
        .select(['attempts', 'nextAttemptAt', 'channelsDone', 'deliveredAt', 'lastError'])
        .where('countyId', '=', countyId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );
  }
}
