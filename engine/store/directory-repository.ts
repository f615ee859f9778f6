import type { Kysely } from 'kysely';
import type { Relation } from '../domain/relation.js';
import type { StationInput } from '../domain/station.js';
import type { Unit } from '../domain/unit.js';
import type { NewUser } from '../domain/user.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';
import { insertStation, replaceStation } from './county-repository.js';
import { isUniqueViolation } from './db-errors.js';
import { changeHousehold, insertHousehold, type HouseholdChanges, type HouseholdRecord } from './household-repository.js';
import { changeRelation, insertRelation, type RelationChanges } from './relation-repository.js';
import { changeUnit, insertUnit, type UnitChanges } from './unit-repository.js';
import { changePerson, insertUser, type PersonChanges } from './user-repository.js';

/** A whole directory's changes, written together: what an imported file creates and changes. */
export interface DirectoryBatch {
  units: { create: Array<Pick<Unit, 'id' | 'name' | 'kind'>>; update: Array<{ id: string; changes: UnitChanges }> };
  stations: { create: StationInput[]; update: StationInput[] };
  people: { create: NewUser[]; update: Array<{ id: string; changes: PersonChanges }> };
  /** Left out by a batch that changes none (households name stations; relations name everything). */
  households?: { create: HouseholdRecord[]; update: Array<{ id: string; changes: HouseholdChanges }> };
  relations?: { create: Relation[]; update: Array<{ id: string; changes: RelationChanges }> };
}

/** Thrown inside the transaction to roll it back when a write finds the directory changed meanwhile. */
class DirectoryChanged extends Error {}

/** The county's directory (people, units, stations, households, relations) written as a whole, all or nothing. */
export class DirectoryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Writes the batch in one county transaction: units first (people refer to them), new
   * stations parents first, then the changed ones (which may move under a new one), then
   * people. False, with nothing written, when another administrator took a name or id of the
   * batch since it was checked.
   */
  async write(countyId: string, batch: DirectoryBatch, at: Date): Promise<boolean> {
    try {
      await inCounty(this.db, countyId, async (trx) => {
        const check = (written: boolean) => {
          if (!written) throw new DirectoryChanged();
        };
        for (const unit of batch.units.create) check(await insertUnit(trx, { countyId, ...unit }, at));
        for (const { id, changes } of batch.units.update) check((await changeUnit(trx, countyId, id, changes, at)) === 'ok');
        for (const station of parentsFirst(batch.stations.create)) check(await insertStation(trx, station, at));
        for (const station of batch.stations.update) check(await replaceStation(trx, station));
        for (const user of batch.people.create) await insertUser(trx, user, at);
        for (const { id, changes } of batch.people.update) check(await changePerson(trx, countyId, id, changes, at));
        // Households name stations; relations name everything above.
        const { households = { create: [], update: [] }, relations = { create: [], update: [] } } = batch;
        for (const household of households.create) check(await insertHousehold(trx, household, at));
        for (const { id, changes } of households.update) check((await changeHousehold(trx, countyId, id, changes, at)) === 'ok');
        for (const relation of relations.create) await insertRelation(trx, relation, at);
        for (const { id, changes } of relations.update) check(await changeRelation(trx, countyId, id, changes, at));
      });
      return true;
    } catch (error) {
      if (error instanceof DirectoryChanged || isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

/** New stations, each after its parent when that is new too: the parent's foreign key must find it. */
function parentsFirst(stations: StationInput[]): StationInput[] {
  const pending = new Map(stations.map((s) => [s.id, s]));
  const ordered: StationInput[] = [];
  const place = (station: StationInput) => {
    // Taken out before its parent is placed, so that a loop (which the checks refuse) cannot recurse forever.
    if (!pending.delete(station.id)) return;
    const parent = station.parentId ? pending.get(station.parentId) : undefined;
    if (parent) place(parent);
    ordered.push(station);
  };
  stations.forEach(place);
  return ordered;
}
