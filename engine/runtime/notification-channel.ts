import type { NotificationRecipient } from '../domain/notification.js';
import type { OutboxMessage } from '../domain/outbox-message.js';

/**
 * A way a message reaches people: in the app (in-app-channel.ts), or by SMS or WeChat, added by
 * passing another channel to startEngine (EngineOptions.notificationChannels) without touching
 * the engine.
 *
 * The outbox dispatcher hands each message to every channel that has not yet taken it, and
 * counts it delivered when all have. deliver() resolving means the channel has taken the message
 * for every recipient; throwing means it will be handed the same message again later, to the
 * same or to a changed set of recipients (delivery is at least once). A channel therefore makes
 * a repeated message harmless: the in-app channel writes one row per message and person, an SMS
 * channel would key its provider's request by the message id and the person.
 */
export interface NotificationChannel {
  /** Stable across restarts: the outbox records which channels took a message by this name. */
  readonly name: string;
  deliver(message: OutboxDelivery): Promise<void>;
}

/**
 * An outbox message with its recipients resolved to people, as the directory knows them at
 * delivery (active people only, each once). The user model keeps no phone number: a channel
 * that texts people looks its numbers up by the person's id or user name.
 */
export interface OutboxDelivery extends Omit<OutboxMessage, 'recipients'> {
  recipients: NotificationRecipient[];
  /** Which delivery attempt this is, from 1: a channel may log or rate-limit by it. */
  attempt: number;
}
