import type { Kysely, Selectable } from 'kysely';
import type { Database, UserTable } from './database-schema.js';
import { inCounty } from './county-scope.js';

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
    await inCounty(this.db, user.countyId, (trx) =>
      trx.insertInto('users').values({
        county_id: user.countyId,
        id: user.id,
        username: user.username,
        display_name: user.displayName,
        password_hash: user.passwordHash,
        roles: user.roles,
        station_ids: user.stationIds,
        created_at: new Date(),
      }).execute(),
    );
  }

  /** The user and the stored password hash, for login. */
  async findForLogin(countyId: string, username: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('users').selectAll().where('county_id', '=', countyId).where('username', '=', username).executeTakeFirst(),
    );
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  async getUser(countyId: string, id: string): Promise<User | undefined> {
    const row = await inCounty(this.db, countyId, (trx) => trx.selectFrom('users').selectAll().where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst());
    return row && toUser(row);
  }

  async listUsers(countyId: string): Promise<User[]> {
    const rows = await inCounty(this.db, countyId, (trx) => trx.selectFrom('users').selectAll().where('county_id', '=', countyId).orderBy('username').execute());
    return rows.map(toUser);
  }

  async createSession(countyId: string, tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
    await inCounty(this.db, countyId, (trx) =>
      trx.insertInto('sessions').values({ county_id: countyId, id: tokenHash, user_id: userId, created_at: new Date(), expires_at: expiresAt }).execute(),
    );
  }

  /**
   * The user of a live session, or undefined when the session is unknown or expired. An
   * expired session is deleted on the spot: it can never come back to life.
   */
  async findSessionUser(countyId: string, tokenHash: string, now: Date): Promise<User | undefined> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('sessions')
        .innerJoin('users', (j) => j.onRef('users.county_id', '=', 'sessions.county_id').onRef('users.id', '=', 'sessions.user_id'))
        .selectAll('users')
        .select('sessions.expires_at')
        .where('sessions.county_id', '=', countyId)
        .where('sessions.id', '=', tokenHash)
        .executeTakeFirst(),
    );
    if (!row) return undefined;
    if (row.expires_at <= now) {
      await this.deleteSession(countyId, tokenHash);
      return undefined;
    }
    return toUser(row);
  }

  async deleteSession(countyId: string, tokenHash: string): Promise<void> {
    await inCounty(this.db, countyId, (trx) => trx.deleteFrom('sessions').where('county_id', '=', countyId).where('id', '=', tokenHash).execute());
  }

  /** Deletes the sessions that expired by `now`, county by county (each in its own scope); returns how many. */
  async deleteExpiredSessions(now: Date): Promise<number> {
    let deleted = 0;
    for (const { id } of await this.db.selectFrom('counties').select('id').execute()) {
      const result = await inCounty(this.db, id, (trx) => trx.deleteFrom('sessions').where('county_id', '=', id).where('expires_at', '<=', now).executeTakeFirst());
      deleted += Number(result.numDeletedRows);
    }
    return deleted;
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
