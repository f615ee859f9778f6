import { sql } from 'kysely';
import type { OwnerDatabase } from '../owner-database.js';

/**
 * The audit log of login attempts (等保 登录失败处理 and 安全审计), and an index for sweeping
 * expired sessions.
 *
 * login_audit keys on the county as typed, not on counties.id: an attempt on a county that
 * does not exist is recorded and throttled like any other. It is history: the application only
 * inserts into it. The per-account lockout is derived from it, so the count of failures
 * survives a restart and holds across several engine processes.
 */
export async function up(db: OwnerDatabase): Promise<void> {
  await db.schema
    .createTable('login_audit')
    // Bounds as the login route's schema has them: what was typed is stored, never more.
    .addColumn('county_id', 'text', (c) => c.notNull().check(sql`char_length(county_id) <= 63`))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull().check(sql`char_length(username) <= 100`))
    .addColumn('user_id', 'text')
    .addColumn('address', 'text', (c) => c.notNull().check(sql`char_length(address) <= 100`))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'wrong_password', 'unknown_user', 'locked')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_audit_pk', ['county_id', 'id'])
    .execute();
  // What the lockout reads: one account's newest attempts that count (refusals while locked do not).
  await db.schema
    .createIndex('login_audit_account_idx')
    .on('login_audit')
    .columns(['county_id', 'username', 'at'])
    .where(sql.ref('outcome'), '<>', 'locked')
    .execute();

  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();
}

export async function down(db: OwnerDatabase): Promise<void> {
  await db.schema.dropIndex('sessions_expires_idx').ifExists().execute();
  await db.schema.dropTable('login_audit').ifExists().execute();
}
