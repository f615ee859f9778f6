import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * Notifications (issue 11): the outbox and what people read in the app.
 *
 * outbox: a message per event that should tell someone something (domain/outbox-message.ts),
 * written in the event's own transaction — by the recording functions, or by the engine for
 * messages of its own. Whom it is for stays a spec (a person, a unit, roles at a station or in
 * the county) until it is delivered. The dispatcher (runtime/outbox-dispatcher.ts) claims due
 * rows: next_attempt_at null means never tried; claiming sets it to the end of a lease, so the
 * row is not due for anyone else while one process delivers it, and a process that dies holding
 * it lets the lease run out; a failure sets it to the next try (backoff). channels_done lists the
 * channels that took the message, so a retry does not send it again through those; delivered_at
 * is set when every channel has. Several engine processes share one PostgreSQL: the claim skips
 * rows another is locking (FOR UPDATE SKIP LOCKED).
 *
 * notifications: what the in-app channel shows, one row per message and person. The unique key
 * (county, message, person) makes a second delivery of the same message write nothing: a
 * message is delivered at least once and shown once. Rows of a message are not tied to the
 * outbox row by a foreign key, so that delivered outbox rows can be pruned one day.
 *
 * The two person-facing reads, a page newest first and the unread count, each have their index
 * (EXPLAIN, tests/integration/notifications.test.ts): a person who never reads collects tens of
 * thousands of rows, and the count walks only the unread ones' entries.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('event_seq', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipients', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(recipients) = 'array'`))
    .addColumn('message', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(message) = 'object'`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('channels_done', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('outbox_pk', ['county_id', 'id'])
    .addForeignKeyConstraint('outbox_item_fk', ['county_id', 'item_id'], 'items', ['county_id', 'id'])
    .addCheckConstraint('outbox_event_has_item', sql`event_seq is null or item_id is not null`)
    .execute();
  // What is left to deliver, oldest first: a few rows at most times, however many were delivered.
  await db.schema.createIndex('outbox_undelivered_idx').on('outbox').columns(['county_id', 'id']).where(sql.ref('delivered_at'), 'is', null).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('read_at', 'timestamptz')
    .addPrimaryKeyConstraint('notifications_pk', ['county_id', 'id'])
    .addUniqueConstraint('notifications_once_uq', ['county_id', 'outbox_id', 'user_id'])
    // A person removed from the directory takes their notifications with them, as their sessions.
    .addForeignKeyConstraint('notifications_user_fk', ['county_id', 'user_id'], 'users', ['county_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
  // A person's page, newest first (created_at, then id for a stable order among equal times).
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['county_id', 'user_id', 'created_at desc', 'id desc']).execute();
  // The unread count and the unread page: only unread rows are in it, so it stays small for someone who reads.
  await db.schema
    .createIndex('notifications_unread_idx')
    .on('notifications')
    .columns(['county_id', 'user_id', 'created_at desc', 'id desc'])
    .where(sql.ref('read_at'), 'is', null)
    .execute();
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('outbox').execute();
}
