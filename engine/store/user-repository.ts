import type { Kysely, Selectable } from 'kysely';
import type { Database, UserTable } from './database-schema.js';

export interface User {
  countyId: string;
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  stationIds: string[];
}

export interface NewUser extends User {
  passwordHash: string;
}

/** Users and their login sessions. Every lookup names the county. */
export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createUser(user: NewUser): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        county_id: user.countyId,
        id: user.id,
        username: user.username,
        display_name: user.displayName,
        password_hash: user.passwordHash,
        roles: user.roles,
        station_ids: user.stationIds,
        created_at: new Date(),
      })
      .execute();
  }

  /** The user and the stored password hash, for login. */
  async findForLogin(countyId: string, username: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('county_id', '=', countyId)
      .where('username', '=', username)
      .executeTakeFirst();
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async getUser(countyId: string, id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async listUsers(countyId: string): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('county_id', '=', countyId).orderBy('username').execute();
    return rows.map(toUser);
  }

  async createSession(countyId: string, tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ county_id: countyId, id: tokenHash, user_id: userId, created_at: new Date(), expires_at: expiresAt })
      .execute();
  }

  /**
   * The user of a live session, or undefined when the session is unknown or expired. An
   * expired session is deleted on the spot: it can never come back to life.
   */
  async findSessionUser(countyId: string, tokenHash: string, now: Date): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', (j) => j.onRef('users.county_id', '=', 'sessions.county_id').onRef('users.id', '=', 'sessions.user_id'))
      .selectAll('users')
      .select('sessions.expires_at')
      .where('sessions.county_id', '=', countyId)
      .where('sessions.id', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at <= now) {
      await this.deleteSession(countyId, tokenHash);
      return undefined;
    }
    return toUser(row);
  }

  async deleteSession(countyId: string, tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('county_id', '=', countyId).where('id', '=', tokenHash).execute();
  }

  /** Deletes the sessions of every county that expired by `now`; returns how many. */
  async deleteExpiredSessions(now: Date): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toUser(r: Selectable<UserTable>): User {
  return {
    countyId: r.county_id,
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    stationIds: r.station_ids,
  };
}
