import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { LoginAttempt, LoginOutcome } from '../domain/login-attempt.js';
import type { ManagedOperator, NewOperator, Operator } from '../domain/operator.js';
import type { Database } from './database-schema.js';

/** An operator's login attempt, as their audit log keeps it (no county: operators have none). */
export type OperatorLoginAttempt = Omit<LoginAttempt, 'countyId' | 'userId'> & { operatorId: string | null };

/**
 * The platform's operators, their sessions and the audit log of their logins. Platform-level
 * tables (no county, as counties themselves): no county scope, and nothing here reads a county's rows.
 */
export class OperatorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new operator; false (nothing written) when the user name is taken. */
  async createOperator(operator: NewOperator, at: Date): Promise<boolean> {
    const created = await this.db
      .insertInto('operators')
      .values({ ...operator, createdAt: at })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    return Boolean(created);
  }

  async listOperators(): Promise<ManagedOperator[]> {
    return this.db.selectFrom('operators').select(['id', 'username', 'displayName', 'createdAt', 'disabledAt']).orderBy('username').execute();
  }

  /** Disables (at a time) or enables (null) an operator; false when there is none of that user name. A disabled one's sessions end. */
  async setDisabled(username: string, disabledAt: Date | null): Promise<boolean> {
    const result = await this.db.updateTable('operators').set({ disabledAt }).where('username', '=', username).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** An operator in service and their password hash, for login; a disabled one answers as an unknown one. */
  async findForLogin(username: string): Promise<{ operator: Operator; passwordHash: string } | undefined> {
    const row = await this.db
      .selectFrom('operators')
      .select(['id', 'username', 'displayName', 'passwordHash'])
      .where('username', '=', username)
      .where('disabledAt', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const { passwordHash, ...operator } = row;
    return { operator, passwordHash };
  }

  async createSession(tokenHash: string, operatorId: string, expiresAt: Date): Promise<void> {
    await this.db.insertInto('operatorSessions').values({ id: tokenHash, operatorId, createdAt: new Date(), expiresAt }).execute();
  }

  /**
   * The operator of a live session (one statement: every request of theirs pays for it); undefined
   * when the session is unknown, expired (then deleted) or its operator disabled.
   */
  async findSessionOperator(tokenHash: string, now: Date): Promise<Operator | undefined> {
    const row = await this.db
      .selectFrom('operatorSessions as s')
      .innerJoin('operators as o', 'o.id', 's.operatorId')
      .select(['o.id', 'o.username', 'o.displayName', 's.expiresAt'])
      .where('s.id', '=', tokenHash)
      .where('o.disabledAt', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    const { expiresAt, ...operator } = row;
    if (expiresAt <= now) {
      await this.deleteSession(tokenHash);
      return undefined;
    }
    return operator;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('operatorSessions').where('id', '=', tokenHash).execute();
  }

  /** Deletes the operators' sessions that expired by `now`; returns how many. */
  async deleteExpiredSessions(now: Date): Promise<number> {
    const result = await this.db.deleteFrom('operatorSessions').where('expiresAt', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async recordLogin(attempt: OperatorLoginAttempt): Promise<void> {
    await this.db
      .insertInto('operatorLoginAudit')
      .values({ ...attempt, id: uuidv7() })
      .execute();
  }

  /** The account's newest attempts after `since` that count toward a lockout, newest first (as LoginAuditRepository.recentAttempts). */
  async recentLogins(username: string, since: Date, limit: number): Promise<Array<{ outcome: LoginOutcome; at: Date }>> {
    return this.db
      .selectFrom('operatorLoginAudit')
      .select(['outcome', 'at'])
      .where('username', '=', username)
      .where('outcome', '<>', 'locked')
      .where('at', '>', since)
      .orderBy('at', 'desc')
      .limit(limit)
      .execute();
  }
}
