import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * Files attached to forms, and half-filled forms saved as drafts. Both belong to a user of a
 * county, so both key on county_id first and point at users with (county_id, user id).
 */
export async function up(db: OwnerDatabase): Promise<void> {
  // Forms hold only the id of an attachment; the bytes live here, checked (type, size) on upload.
  await db.schema
    .createTable('attachments')
    .addColumn('county_id', 'text', (c) => c.notNull().references('counties.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes >= 0`))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('attachments_pk', ['county_id', 'id'])
    .addForeignKeyConstraint('attachments_uploader_fk', ['county_id', 'uploaded_by'], 'users', ['county_id', 'id'])
    .execute();

  // One draft per user and form (the key names the form: start:<pack>:<flow>, event:<item>:<EVENT>).
  await db.schema
    .createTable('drafts')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('draft_key', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('drafts_pk', ['county_id', 'user_id', 'draft_key'])
    .addForeignKeyConstraint('drafts_user_fk', ['county_id', 'user_id'], 'users', ['county_id', 'id'], (c) => c.onDelete('cascade'))
    .execute();
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('drafts').ifExists().execute();
  await db.schema.dropTable('attachments').ifExists().execute();
}
