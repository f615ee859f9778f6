import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { LoginAttempt } from '../domain/login-attempt.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

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
        .insertInto('loginAudit')
        .values({ ...attempt, id: uuidv7() })
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
        .selectFrom('loginAudit')
        .select(['outcome', 'at'])
        .where('countyId', '=', countyId)
        .where('username', '=', username)
        .where('outcome', '<>', 'locked')
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .limit(limit)
        .execute(),
    );
  }
}
