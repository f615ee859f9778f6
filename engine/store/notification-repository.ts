import { sql, type Kysely } from 'kysely';
import type { Notification } from '../domain/notification.js';
import type { NotificationText } from '../domain/outbox-message.js';
import type { Database } from './database-schema.js';
import { inCounty, inCountyStatement } from './county-scope.js';
import { COUNT_CAP, type CappedCount } from './item-list-query.js';

/** One outbox message for the people it reaches, as the in-app channel writes it. */
export interface NotificationDelivery {
  countyId: string;
  outboxId: string;
  itemId: string | null;
  kind: string;
  message: NotificationText;
  createdAt: Date;
  /** A row id per person (uuidv7, made by the caller as every id is). */
  rows: Array<{ id: string; userId: string }>;
}

export interface NotificationPage extends CappedCount {
  notifications: Notification[];
}

/** An unread count that stops at COUNT_CAP, as list totals do: a badge shows "99+" long before. */
export interface UnreadCount {
  count: number;
  countIsLowerBound: boolean;
}

const COLUMNS = ['id', 'itemId', 'kind', 'message', 'createdAt', 'readAt'] as const;

/**
 * What people read in the app, one row per message and person. Every query names the county
 * and the person: no one reaches another's notifications, and another county's are not there.
 */
export class NotificationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes a message's rows; a row the message already has for a person is left as it is (a
   * message delivered again is shown once, and keeps whether it was read). Answers how many
   * rows are new.
   */
  async deliver(delivery: NotificationDelivery): Promise<number> {
    if (!delivery.rows.length) return 0;
    const { countyId, outboxId, itemId, kind, createdAt } = delivery;
    const message = JSON.stringify(delivery.message);
    const result = await inCountyStatement(
      this.db,
      countyId,
      this.db
        .insertInto('notifications')
        .values(delivery.rows.map(({ id, userId }) => ({ countyId, id, userId, outboxId, itemId, kind, message, createdAt })))
        .onConflict((oc) => oc.columns(['countyId', 'outboxId', 'userId']).doNothing()),
    );
    return Number(result.numAffectedRows ?? 0);
  }

  /** A page of a person's notifications, newest first; only the unread ones when asked. */
  page(countyId: string, userId: string, { unread, page, pageSize }: { unread: boolean; page: number; pageSize: number }): Promise<NotificationPage> {
    return inCounty(this.db, countyId, async (trx) => {
      let mine = trx.selectFrom('notifications').where('countyId', '=', countyId).where('userId', '=', userId);
      if (unread) mine = mine.where('readAt', 'is', null);
      const notifications = await mine
        .select(COLUMNS)
        .orderBy('createdAt', 'desc')
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute();
      // Counted up to the cap, an index range of the same index the page walks.
      const counted = await trx
        .selectFrom(mine.select(sql`1`.as('one')).limit(COUNT_CAP + 1).as('capped'))
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      const n = Number(counted.n);
      return { notifications, total: Math.min(n, COUNT_CAP), totalIsLowerBound: n > COUNT_CAP };
    });
  }

  async unreadCount(countyId: string, userId: string): Promise<UnreadCount> {
    const capped = this.db
      .selectFrom('notifications')
      .select(sql`1`.as('one'))
      .where('countyId', '=', countyId)
      .where('userId', '=', userId)
      .where('readAt', 'is', null)
      .limit(COUNT_CAP + 1)
      .as('unread');
    const { rows } = await inCountyStatement(this.db, countyId, this.db.selectFrom(capped).select(sql<string>`count(*)`.as('n')));
    const n = Number(rows[0]?.n ?? 0);
    return { count: Math.min(n, COUNT_CAP), countIsLowerBound: n > COUNT_CAP };
  }

  /** Marks one of the person's notifications read (an already read one keeps its time); false when they have no such notification. */
  async markRead(countyId: string, userId: string, id: string, at: Date): Promise<boolean> {
    const { rows } = await inCountyStatement(
      this.db,
      countyId,
      this.db
        .updateTable('notifications')
        .set((eb) => ({ readAt: eb.fn.coalesce('readAt', eb.val(at)) }))
        .where('countyId', '=', countyId)
        .where('userId', '=', userId)
        .where('id', '=', id)
        .returning('id'),
    );
    return rows.length === 1;
  }

  /** Marks every unread notification of the person read; answers how many were unread. */
  async markAllRead(countyId: string, userId: string, at: Date): Promise<number> {
    const result = await inCountyStatement(
      this.db,
      countyId,
      this.db.updateTable('notifications').set({ readAt: at }).where('countyId', '=', countyId).where('userId', '=', userId).where('readAt', 'is', null),
    );
    return Number(result.numAffectedRows ?? 0);
  }
}
