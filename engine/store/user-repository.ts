import { sql, type Kysely } from 'kysely';
import type { NewUser, User } from '../domain/user.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** The columns that make a User: never the password hash, except where login asks for it. */
const USER_COLUMNS = ['countyId', 'id', 'username', 'displayName', 'roles', 'stationIds'] as const satisfies ReadonlyArray<keyof User>;

/** Users and their login sessions. Every lookup names the county. */
export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createUser(user: NewUser): Promise<void> {
    await inCounty(this.db, user.countyId, (trx) =>
      trx.insertInto('users').values({ ...user, createdAt: new Date() }).execute(),
    );
  }

  /** The user and the stored password hash, for login. */
  async findForLogin(countyId: string, username: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('users')
        .select([...USER_COLUMNS, 'passwordHash'])
        .where('countyId', '=', countyId)
        .where('username', '=', username)
        // No one logs in to a disabled county (the same answer as an unknown one).
        .where((eb) => eb.exists(eb.selectFrom('counties').select('counties.id').whereRef('counties.id', '=', 'users.countyId').where('counties.disabledAt', 'is', null)))
        .executeTakeFirst(),
    );
    if (!row) return undefined;
    const { passwordHash, ...user } = row;
    return { user, passwordHash };
  }

  async getUser(countyId: string, id: string): Promise<User | undefined> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('users').select(USER_COLUMNS).where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst());
  }

  async listUsers(countyId: string): Promise<User[]> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('users').select(USER_COLUMNS).where('countyId', '=', countyId).orderBy('username').execute());
  }

  async createSession(countyId: string, tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await inCounty(this.db, countyId, (trx) =>
      trx.insertInto('sessions').values({ countyId, id: tokenHash, userId, createdAt: new Date(), expiresAt }).execute(),
    );
  }

  /**
   * The user of a live session, or undefined when the session is unknown or expired. An
   * expired session is deleted on the spot: it can never come back to life.
   */
  async findSessionUser(countyId: string, tokenHash: string, now: Date): Promise<User | undefined> {
    // One statement (migrations/0006-session-lookup.ts): every request pays for this lookup.
    const { rows } = await sql<User & { expiresAt: Date }>`select * from session_user_of(${countyId}, ${tokenHash})`.execute(this.db);
    const row = rows[0];
    if (!row) return undefined;
    const { expiresAt, ...user } = row;
    if (expiresAt <= now) {
      await this.deleteSession(countyId, tokenHash);
      return undefined;
    }
    return user;
  }

  async deleteSession(countyId: string, tokenHash: string): Promise<void> {
    await inCounty(this.db, countyId, (trx) => trx.deleteFrom('sessions').where('countyId', '=', countyId).where('id', '=', tokenHash).execute());
  }

  /** Deletes the sessions that expired by `now`, county by county (each in its own scope); returns how many. */
  async deleteExpiredSessions(now: Date): Promise<number> {
    let deleted = 0;
    for (const { id } of await this.db.selectFrom('counties').select('id').execute()) {
      const result = await inCounty(this.db, id, (trx) => trx.deleteFrom('sessions').where('countyId', '=', id).where('expiresAt', '<=', now).executeTakeFirst());
      deleted += Number(result.numDeletedRows);
    }
    return deleted;
  }
}
