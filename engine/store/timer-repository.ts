import { sql, type Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** A timer a process has claimed: the item, the engine event to send it, and when it fell due. */
export interface DueTimer {
  itemId: string;
  eventType: string;
  dueAt: Date;
}

/**
 * The armed timers (migration 0020). The statement that records an event replaces its item's
 * timers (item-repository.ts); the timer worker claims the due ones here and fires them.
 */
export class TimerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claims up to `limit` of a county's timers due by `now`, earliest first, for `leaseMs`: rows
   * another process is claiming at this moment are skipped (SKIP LOCKED), and a claimed row is
   * not offered again until its lease runs out — so a process that dies mid-way leaves its
   * timers to the next claim, and two processes never work on the same timer at the same time
   * while a lease holds. (A timer fired twice anyway is recorded once: item-service.ts fireTimer.)
   */
  async claimDue(countyId: string, now: Date, leaseMs: number, limit: number): Promise<DueTimer[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    return inCounty(this.db, countyId, async (trx) => {
      const { rows } = await sql<DueTimer>`
        update timers t set lease_until = ${leaseUntil}
        from (
          select item_id, event_type from timers
          where county_id = ${countyId} and due_at <= ${now} and (lease_until is null or lease_until <= ${now})
          order by due_at limit ${limit}
          for update skip locked
        ) due
        where t.county_id = ${countyId} and t.item_id = due.item_id and t.event_type = due.event_type
        returning t.item_id, t.event_type, t.due_at`.execute(trx);
      return rows.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    });
  }

  /**
   * Removes a claimed timer its item no longer has due (the item moved on, or the timer was
   * re-armed for a later time): only the row as it was claimed, never one armed since.
   */
  async dropStale(countyId: string, timer: DueTimer): Promise<void> {
    await inCounty(this.db, countyId, (trx) =>
      trx.deleteFrom('timers').where('countyId', '=', countyId).where('itemId', '=', timer.itemId).where('eventType', '=', timer.eventType).where('dueAt', '=', timer.dueAt).execute(),
    );
  }

  /** When a county's next armed timer falls due (the worker sleeps until then, or its interval). */
  async nextDue(countyId: string): Promise<Date | undefined> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('timers').select('dueAt').where('countyId', '=', countyId).orderBy('dueAt').limit(1).executeTakeFirst(),
    );
    return row?.dueAt;
  }
}
