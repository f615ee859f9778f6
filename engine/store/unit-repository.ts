import { sql, type Kysely } from 'kysely';
import type { Unit } from '../domain/unit.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** What the administrator may change of a unit. */
export type UnitChanges = Partial<Pick<Unit, 'name' | 'kind' | 'disabled'>>;

/** The units of a county (承办单位 …), with how many members each has. */
export class UnitRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async listUnits(countyId: string): Promise<Unit[]> {
    const rows = await inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('units')
        .select(['countyId', 'id', 'name', 'kind', 'disabledAt'])
        // Members counted through users_unit_idx; the subquery names the county itself (Citus routes it, tests/integration/county-filter.test.ts).
        .select((eb) => eb.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).where('users.countyId', '=', countyId).whereRef('users.unitId', '=', 'units.id').as('memberCount'))
        .where('countyId', '=', countyId)
        .orderBy('name')
        .execute(),
    );
    return rows.map(({ disabledAt, memberCount, ...unit }) => ({ ...unit, disabled: disabledAt !== null, memberCount: memberCount ?? 0 }));
  }

  /** A new unit; false (nothing written) when the county already has a unit of that name or id. */
  createUnit(unit: Pick<Unit, 'countyId' | 'id' | 'name' | 'kind'>, at: Date): Promise<boolean> {
    return inCounty(this.db, unit.countyId, (trx) => insertUnit(trx, unit, at));
  }

  /** Changes a unit; 'missing' when there is none, 'nameTaken' when another unit has the name. */
  updateUnit(countyId: string, id: string, changes: UnitChanges, at: Date): Promise<'ok' | 'missing' | 'nameTaken'> {
    return inCounty(this.db, countyId, (trx) => changeUnit(trx, countyId, id, changes, at));
  }
}

// The writes themselves, inside a county transaction the caller opened: one change here, or a
// whole imported directory in one transaction (directory-repository.ts).

/** Inserts a unit; false (nothing written) when the county already has a unit of that name or id. */
export async function insertUnit(trx: Kysely<Database>, unit: Pick<Unit, 'countyId' | 'id' | 'name' | 'kind'>, at: Date): Promise<boolean> {
  const created = await trx.insertInto('units').values({ ...unit, createdAt: at }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  return Boolean(created);
}

/** Changes a unit; 'missing' when there is none, 'nameTaken' when another unit has the name. */
export async function changeUnit(trx: Kysely<Database>, countyId: string, id: string, changes: UnitChanges, at: Date): Promise<'ok' | 'missing' | 'nameTaken'> {
  const { disabled, ...columns } = changes;
  if (columns.name !== undefined) {
    const other = await trx.selectFrom('units').select('id').where('countyId', '=', countyId).where('name', '=', columns.name).where('id', '<>', id).executeTakeFirst();
    if (other) return 'nameTaken';
  }
  const set = { ...columns, ...(disabled === undefined ? {} : { disabledAt: disabled ? at : null }) };
  // Nothing to change (an empty PATCH): an UPDATE without SET is no SQL, so only whether it exists.
  if (!Object.keys(set).length) return (await trx.selectFrom('units').select('id').where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst()) ? 'ok' : 'missing';
  const result = await trx.updateTable('units').set(set).where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? 'ok' : 'missing';
}
