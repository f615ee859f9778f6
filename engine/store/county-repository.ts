import { sql, type Kysely } from 'kysely';
import type { County, ManagedCounty } from '../domain/county.js';
import type { Station, StationInput } from '../domain/station.js';
import type { NewUser } from '../domain/user.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** The columns that make a Station (not when it was created); dates as text, which no time zone shifts. */
const STATION_COLUMNS = [
  'countyId',
  'id',
  'stationType',
  'name',
  'parentId',
  'attributes',
  'villages',
  sql<string | null>`opened_on::text`.as('openedOn'),
  sql<string | null>`closed_on::text`.as('closedOn'),
] as const;

/** Counties (the tenants: one list, no county scope) and their stations (county-scoped). */
export class CountyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The counties in service (a disabled one is gone for everyone but the operator). */
  async listCounties(): Promise<County[]> {
    return this.db.selectFrom('counties').select(['id', 'name']).where('disabledAt', 'is', null).orderBy('id').execute();
  }

  /** A county in service; undefined when there is none or it is disabled. */
  async getCounty(id: string): Promise<County | undefined> {
    return this.db.selectFrom('counties').select(['id', 'name']).where('id', '=', id).where('disabledAt', 'is', null).executeTakeFirst();
  }

  /** Every county, disabled ones too, as the operator sees them. */
  async listManagedCounties(): Promise<ManagedCounty[]> {
    return this.db.selectFrom('counties').select(['id', 'name', 'createdAt', 'disabledAt']).orderBy('id').execute();
  }

  /** How many people of the county may log in (for the operator's list: a count, never who they are). */
  async countActivePeople(countyId: string): Promise<number> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('countyId', '=', countyId).where('disabledAt', 'is', null).executeTakeFirstOrThrow(),
    );
    return Number(row.n);
  }

  /**
   * A new county with its first administrator, in one transaction; false (and nothing written)
   * when the county's id is taken.
   */
  async createCounty(county: County, admin: NewUser, at: Date): Promise<boolean> {
    return inCounty(this.db, county.id, async (trx) => {
      const created = await trx
        .insertInto('counties')
        .values({ id: county.id, name: JSON.stringify(county.name), createdAt: at })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!created) return false;
      await trx.insertInto('users').values({ ...admin, createdAt: at }).execute();
      return true;
    });
  }

  /** Disables (at a time) or enables (null) a county; false when there is no such county. */
  async setDisabled(id: string, disabledAt: Date | null): Promise<boolean> {
    const result = await this.db.updateTable('counties').set({ disabledAt }).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** A new station; false (nothing written) when the county has a station of that id. */
  createStation(station: StationInput, at: Date): Promise<boolean> {
    return inCounty(this.db, station.countyId, (trx) => insertStation(trx, station, at));
  }

  /** Replaces a station's fields (not its id); false when there is none. */
  updateStation(station: StationInput): Promise<boolean> {
    return inCounty(this.db, station.countyId, (trx) => replaceStation(trx, station));
  }

  async upsertStation(station: StationInput): Promise<void> {
    const { countyId, id, ...values } = { ...station, attributes: JSON.stringify(station.attributes) };
    await inCounty(this.db, countyId, (trx) =>
      trx
        .insertInto('stations')
        .values({ countyId, id, createdAt: new Date(), ...values })
        .onConflict((oc) => oc.columns(['countyId', 'id']).doUpdateSet(values))
        .execute(),
    );
  }

  async listStations(countyId: string): Promise<Station[]> {
    return inCounty(this.db, countyId, (trx) => trx.selectFrom('stations').select(STATION_COLUMNS).where('countyId', '=', countyId).orderBy('id').execute());
  }

  async getStation(countyId: string, id: string): Promise<Station | undefined> {
    return inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('stations').select(STATION_COLUMNS).where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst(),
    );
  }
}

// The writes themselves, inside a county transaction the caller opened: one change here, or a
// whole imported directory in one transaction (directory-repository.ts).

/** Inserts a station; false (nothing written) when the county has a station of that id. */
export async function insertStation(trx: Kysely<Database>, station: StationInput, at: Date): Promise<boolean> {
  const { attributes, ...rest } = station;
  const created = await trx
    .insertInto('stations')
    .values({ ...rest, attributes: JSON.stringify(attributes), createdAt: at })
    .onConflict((oc) => oc.columns(['countyId', 'id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(created);
}

/** Replaces a station's fields (not its id); false when there is none. */
export async function replaceStation(trx: Kysely<Database>, station: StationInput): Promise<boolean> {
  const { countyId, id, attributes, ...rest } = station;
  const result = await trx
    .updateTable('stations')
    .set({ ...rest, attributes: JSON.stringify(attributes) })
    .where('countyId', '=', countyId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
