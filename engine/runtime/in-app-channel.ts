import { v7 as uuidv7 } from 'uuid';
import type { Store } from '../store/store.js';
import type { NotificationChannel, OutboxDelivery } from './notification-channel.js';

/** The channel every engine has: the message in the person's notification list in the app, once per person. */
export class InAppChannel implements NotificationChannel {
  static readonly NAME = 'in-app';
  readonly name = InAppChannel.NAME;

  constructor(private readonly store: Store) {}

  async deliver(delivery: OutboxDelivery): Promise<void> {
    await this.store.notifications.deliver({
      countyId: delivery.countyId,
      outboxId: delivery.id,
      itemId: delivery.itemId,
      kind: delivery.kind,
      message: delivery.message,
      createdAt: delivery.createdAt,
      // A row that exists already keeps its id; these are used only for new rows.
      rows: delivery.recipients.map((r) => ({ id: uuidv7(), userId: r.id })),
    });
  }
}
