import type { NotificationText } from './outbox-message.js';

/** A message as one person reads it in the app: delivered from the outbox by the in-app channel. */
export interface Notification {
  id: string;
  /** The item it is about, which the list opens; null for a message about no item. */
  itemId: string | null;
  kind: string;
  message: NotificationText;
  /** When what it tells of happened (the outbox message's time), not when it was delivered. */
  createdAt: Date;
  readAt: Date | null;
}

/** Someone an outbox message reaches, as the directory knows them when it is delivered. */
export interface NotificationRecipient {
  id: string;
  username: string;
  displayName: string;
}
