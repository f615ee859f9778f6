import type { Kysely, Selectable } from 'kysely';
import type { LocalizedText } from '../../forms/index.js';
import type { Database, StationTable } from './database-schema.js';
import { inCounty } from './county-scope.js';

export interface County {
  id: string;
  name: LocalizedText;
}

export interface Station {
  countyId: string;
  id: string;
  stationType: string;
  name: string;
  parentId: string | null;
  attributes: Record<string, unknown>;
}

/** Counties (the tenants: one list, no county scope) and their stations (county-scoped). */
export class CountyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertCounty(county: County): Promise<void> {
    await this.db
      .insertInto('counties')
      .values({ id: county.id, name: JSON.stringify(county.name), created_at: new Date() })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: JSON.stringify(county.name) }))
      .execute();
  }

  async listCounties(): Promise<County[]> {
    const rows = await this.db.selectFrom('counties').select(['id', 'name']).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, name: r.name }));
  }

  async getCounty(id: string): Promise<County | undefined> {
    const row = await this.db.selectFrom('counties').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.name };
  }

  async upsertStation(station: Station): Promise<void> {
    const values = {
      station_type: station.stationType,
      name: station.name,
      parent_id: station.parentId,
      attributes: JSON.stringify(station.attributes),
    };
    await inCounty(this.db, station.countyId, (trx) =>
      trx
        .insertInto('stations')
        .values({ county_id: station.countyId, id: station.id, created_at: new Date(), ...values })
        .onConflict((oc) => oc.columns(['county_id', 'id']).doUpdateSet(values))
        .execute(),
    );
  }

  async listStations(countyId: string): Promise<Station[]> {
    const rows = await inCounty(this.db, countyId, (trx) => trx.selectFrom('stations').selectAll().where('county_id', '=', countyId).orderBy('id').execute());
    return rows.map(toStation);
  }

  async getStation(countyId: string, id: string): Promise<Station | undefined> {
    const row = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('stations').selectAll().where('county_id', '=', countyId).where('id', '=', id).executeTakeFirst(),
    );
    return row && toStation(row);
  }
}

function toStation(r: Selectable<StationTable>): Station {
  return {
    countyId: r.county_id,
    id: r.id,
    stationType: r.station_type,
    name: r.name,
    parentId: r.parent_id,
    attributes: r.attributes,
  };
}
