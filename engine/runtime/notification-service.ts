import { EngineError } from '../errors/engine-error.js';
import type { User } from '../domain/user.js';
import type { NotificationPage, UnreadCount } from '../store/notification-repository.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';

/** The largest page of notifications one request answers. */
export const NOTIFICATION_PAGE_MAX = 100;

export interface NotificationListOptions {
  page?: number;
  pageSize?: number;
  /** Only those not yet read. */
  unread?: boolean;
}

/**
 * A person's own notifications: the list, the unread count, and marking them read. Whoever asks
 * reaches only their own, in their own county; another's answers 404, as one that does not
 * exist. Reading a notification changes nothing of the record, so auditors, who change nothing
 * else, mark theirs read too.
 */
export class NotificationService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  list(user: User, { page = 1, pageSize = 20, unread = false }: NotificationListOptions = {}): Promise<NotificationPage & { page: number; pageSize: number }> {
    return this.store.notifications.page(user.countyId, user.id, { unread, page, pageSize }).then((found) => ({ ...found, page, pageSize }));
  }

  unreadCount(user: User): Promise<UnreadCount> {
    return this.store.notifications.unreadCount(user.countyId, user.id);
  }

  async markRead(user: User, notificationId: string): Promise<void> {
    if (!(await this.store.notifications.markRead(user.countyId, user.id, notificationId, this.clock.now())))
      throw new EngineError('NOTIFICATION_NOT_FOUND', { notificationId });
  }

  /** Answers how many were unread. */
  markAllRead(user: User): Promise<number> {
    return this.store.notifications.markAllRead(user.countyId, user.id, this.clock.now());
  }
}
