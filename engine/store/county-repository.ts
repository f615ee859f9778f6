import type { Kysely } from 'kysely';
import type { County } from '../domain/county.js';
import type { Station } from '../domain/station.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** The columns that make a Station (not when it was created). */
const STATION_COLUMNS = ['countyId', 'id', 'stationType', 'name', 'parentId', 'attributes'] as const satisfies ReadonlyArray<keyof Station>;

/** Counties (the tenants: one list, no county scope) and their stations (county-scoped). */
export class CountyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertCounty(county: County): Promise<void> {
    await this.db
      .insertInto('counties')
      .values({ id: county.id, name: JSON.stringify(county.name), createdAt: new Date() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: JSON.stringify(county.name) }))
      .execute();
  }

  async listCounties(): Promise<County[]> {
    return this.db.selectFrom('counties').select(['id', 'name']).orderBy('id').execute();
  }

  async getCounty(id: string): Promise<County | undefined> {
    return this.db.selectFrom('counties').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  }

  async upsertStation(station: Station): Promise<void> {
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
