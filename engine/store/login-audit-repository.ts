import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database, LoginAuditTable } from './database-schema.js';
import { inCounty } from './county-scope.js';

export type LoginOutcome = LoginAuditTable['outcome'];

/** One login attempt, as the audit log keeps it. The password is never part of it. */
export interface LoginAttempt {
  /** The county and user name as typed; either may not exist. */
  countyId: string;
  username: string;
  userId: string | null;
  address: string;
  outcome: LoginOutcome;
  at: Date;
}

/**
 * The audit log of logins. Insert-only: an attempt, once written, is history. The lockout of
 * an account is read from it, so it holds across restarts and engine processes.
 */
export class LoginAuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(attempt: LoginAttempt): Promise<void> {
    // The county as typed, existing or not: the row is kept under it, like any county's.
    await inCounty(this.db, attempt.countyId, (trx) =>
      trx
        .insertInto('login_audit')
        .values({
          county_id: attempt.countyId,
          id: uuidv7(),
          username: attempt.username,
          user_id: attempt.userId,
          address: attempt.address,
          outcome: attempt.outcome,
          at: attempt.at,
        })
        .execute(),
    );
  }

  /**
   * The account's newest attempts after `since` that count toward a lockout, newest first, at
   * most `limit`. Refusals while locked are left out: they checked no password.
   */
  async recentAttempts(countyId: string, username: string, since: Date, limit: number): Promise<Pick<LoginAttempt, 'outcome' | 'at'>[]> {
    return inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('login_audit')
        .select(['outcome', 'at'])
        .where('county_id', '=', countyId)
        .where('username', '=', username)
        .where('outcome', '<>', 'locked')
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .limit(limit)
        .execute(),
    );
  }
}
