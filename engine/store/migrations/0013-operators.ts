import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * The platform's operators (issue 10): the installation's own administrators, who create and
 * disable counties and belong to none. Three tables of their own rather than a pseudo-county or
 * a flag on users, because an operator must never be a row that any county query could find:
 *  - operators: no county_id, so no county's data is ever reached through one, and row-level
 *    security (keyed by county) has nothing to say about them;
 *  - operator_sessions: an operator's session is found here and only here, so a county's session
 *    lookup (session_user_of) can never answer an operator, nor this lookup a county's person;
 *  - operator_login_audit: their login attempts, for the same lockout as a county's people
 *    (auth/login-throttle), kept apart from login_audit, whose rows belong to counties.
 * Like counties, these are platform-level tables (database-roles.ts: county: false).
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A disabled operator cannot log in, and their sessions end at the next request.
    .addColumn('disabled_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('operator_sessions')
    // sha256 of the cookie's token, as for a county's sessions.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('operator_id', 'text', (c) => c.notNull().references('operators.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('operator_sessions_expires_idx').on('operator_sessions').column('expires_at').execute();

  await db.schema
    .createTable('operator_login_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // What was typed, bounded as the login route's schema bounds it; it may name no operator.
    .addColumn('username', 'text', (c) => c.notNull().check(sql`char_length(username) <= 100`))
    .addColumn('operator_id', 'text')
    .addColumn('address', 'text', (c) => c.notNull().check(sql`char_length(address) <= 100`))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'wrong_password', 'unknown_user', 'locked')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  // What the lockout reads: one account's newest attempts that count (refusals while locked do not).
  await db.schema
    .createIndex('operator_login_audit_account_idx')
    .on('operator_login_audit')
    .columns(['username', 'at'])
    .where(sql.ref('outcome'), '<>', 'locked')
    .execute();
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropTable('operator_login_audit').ifExists().execute();
  await db.schema.dropTable('operator_sessions').ifExists().execute();
  await db.schema.dropTable('operators').ifExists().execute();
}
