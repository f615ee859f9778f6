import { sql, type Kysely } from 'kysely';
import type { NewUser, Person, User } from '../domain/user.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** The columns that make a User: never the password hash, except where login asks for it. */
const USER_COLUMNS = ['countyId', 'id', 'username', 'displayName', 'roles', 'stationIds', 'unitId', 'mustChangePassword'] as const satisfies ReadonlyArray<keyof User>;

/** What the administrator may change of a person (the password has its own path). */
export type PersonChanges = Partial<Pick<Person, 'displayName' | 'roles' | 'stationIds' | 'unitId' | 'deputyLevel' | 'disabled'>>;

/** Users and their login sessions. Every lookup names the county. */
export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createUser(user: NewUser): Promise<void> {
    await inCounty(this.db, user.countyId, (trx) => insertUser(trx, user, new Date()));
  }

  /** The county's people as the administrator manages them, disabled ones too. */
  async listPeople(countyId: string): Promise<Person[]> {
    const rows = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('users').select([...USER_COLUMNS, 'deputyLevel', 'disabledAt', 'createdAt']).where('countyId', '=', countyId).orderBy('username').execute(),
    );
    return rows.map(({ disabledAt, ...person }) => ({ ...person, disabled: disabledAt !== null }));
  }

  /** Changes a person; false when there is no such person. Disabling ends their sessions (the session lookup finds no disabled user). */
  updatePerson(countyId: string, id: string, changes: PersonChanges, at: Date): Promise<boolean> {
    return inCounty(this.db, countyId, (trx) => changePerson(trx, countyId, id, changes, at));
  }

  /**
   * Sets a person's password hash. An administrator's reset (mustChange) makes them choose their
   * own at their next login and ends their sessions; a person's own change keeps the session they
   * made it from (keepSession) and ends the others.
   */
  async setPassword(countyId: string, id: string, passwordHash: string, mustChangePassword: boolean, keepSession?: string): Promise<boolean> {
    return inCounty(this.db, countyId, async (trx) => {
      const result = await trx.updateTable('users').set({ passwordHash, mustChangePassword }).where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst();
      let sessions = trx.deleteFrom('sessions').where('countyId', '=', countyId).where('userId', '=', id);
      if (keepSession) sessions = sessions.where('id', '<>', keepSession);
      await sessions.execute();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  /** The stored password hash of a person (to check their current password before a change). */
  async passwordHash(countyId: string, id: string): Promise<string | undefined> {
    const row = await inCounty(this.db, countyId, (trx) => trx.selectFrom('users').select('passwordHash').where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst());
    return row?.passwordHash;
  }

  /** The user and the stored password hash, for login. */
  async findForLogin(countyId: string, username: string): Promise<{ user: User; passwordHash: string } | undefined> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('users')
        .select([...USER_COLUMNS, 'passwordHash'])
        .where('countyId', '=', countyId)
        .where('username', '=', username)
        .where('disabledAt', 'is', null) // a disabled person: the same answer as an unknown one
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

  /** The people of the county (for names, which outlive a disabled account); activeOnly: those who can still work, for picks. */
  async listUsers(countyId: string, { activeOnly = false } = {}): Promise<User[]> {
    return inCounty(this.db, countyId, (trx) => {
      const query = trx.selectFrom('users').select(USER_COLUMNS).where('countyId', '=', countyId).orderBy('username');
      return (activeOnly ? query.where('disabledAt', 'is', null) : query).execute();
    });
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

// The writes themselves, inside a county transaction the caller opened: one change here, or a
// whole imported directory in one transaction (directory-repository.ts).

export async function insertUser(trx: Kysely<Database>, user: NewUser, at: Date): Promise<void> {
  await trx.insertInto('users').values({ ...user, createdAt: at }).execute();
}

/** Changes a person; false when there is no such person. */
export async function changePerson(trx: Kysely<Database>, countyId: string, id: string, changes: PersonChanges, at: Date): Promise<boolean> {
  const { disabled, ...columns } = changes;
  const set = { ...columns, ...(disabled === undefined ? {} : { disabledAt: disabled ? at : null }) };
  // Nothing to change (an empty PATCH): an UPDATE without SET is no SQL, so only whether they exist.
  if (!Object.keys(set).length) return Boolean(await trx.selectFrom('users').select('id').where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst());
  const result = await trx.updateTable('users').set(set).where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
