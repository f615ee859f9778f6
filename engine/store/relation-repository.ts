import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Relation, RelationEnd } from '../domain/relation.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';
import { COUNT_CAP } from './item-list-query.js';

/** What the relation list is narrowed by; every filter is optional. */
export interface RelationFilter {
  kind?: string;
  from?: RelationEnd;
  to?: RelationEnd;
  /** In force on this day (YYYY-MM-DD). */
  activeOn?: string;
  offset: number;
  limit: number;
}

/** What may change of a relation once made: its attributes and dates, never its ends or kind (end it and make another). */
export type RelationChanges = Partial<Pick<Relation, 'attributes' | 'startsOn' | 'endsOn'>>;

/** A period, both days included; no end: still in force. */
export interface Period {
  startsOn: string;
  endsOn: string | null;
}

const COLUMNS = [
  'countyId',
  'id',
  'kind',
  'fromType',
  'fromId',
  'toType',
  'toId',
  'attributes',
  sql<string>`starts_on::text`.as('startsOn'),
  sql<string | null>`ends_on::text`.as('endsOn'),
] as const;

type Row = Omit<Relation, 'from' | 'to'> & Pick<Database['relations'], 'fromType' | 'fromId' | 'toType' | 'toId'>;
const relation = ({ fromType, fromId, toType, toId, ...row }: Row): Relation => ({ ...row, from: { type: fromType, id: fromId }, to: { type: toType, id: toId } });

type RelationsEb = ExpressionBuilder<Database, 'relations'>;

/** Relations that overlap the period (both have a day in common). */
const overlapping = (eb: RelationsEb, period: Period) =>
  eb.and([
    ...(period.endsOn === null ? [] : [eb('startsOn', '<=', period.endsOn)]),
    eb.or([eb('endsOn', 'is', null), eb('endsOn', '>=', period.startsOn)]),
  ]);

/**
 * The county's relations (domain/relation.ts). Listed from either end through relations_from_idx
 * and relations_to_idx, or by kind through relations_kind_idx, newest start first.
 */
export class RelationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** One page of relations and how many match (capped at COUNT_CAP). */
  list(countyId: string, filter: RelationFilter): Promise<{ relations: Relation[]; total: number; totalCapped: boolean }> {
    return inCounty(this.db, countyId, async (trx) => {
      const where = (eb: RelationsEb) =>
        eb.and([
          eb('countyId', '=', countyId),
          ...(filter.kind ? [eb('kind', '=', filter.kind)] : []),
          ...(filter.from ? [eb('fromType', '=', filter.from.type), eb('fromId', '=', filter.from.id)] : []),
          ...(filter.to ? [eb('toType', '=', filter.to.type), eb('toId', '=', filter.to.id)] : []),
          ...(filter.activeOn ? [overlapping(eb, { startsOn: filter.activeOn, endsOn: filter.activeOn })] : []),
        ]);
      const rows = await trx.selectFrom('relations').select(COLUMNS).where(where).orderBy('startsOn', 'desc').orderBy('id', 'desc').offset(filter.offset).limit(filter.limit).execute();
      const counted = trx.selectFrom('relations').select(sql`1`.as('one')).where(where).limit(COUNT_CAP + 1);
      const { n } = await trx.selectFrom(counted.as('matches')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      return { relations: rows.map(relation), total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
    });
  }

  async get(countyId: string, id: string): Promise<Relation | undefined> {
    const row = await inCounty(this.db, countyId, (trx) => trx.selectFrom('relations').select(COLUMNS).where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst());
    return row && relation(row);
  }

  /** Every relation of the county (an export, an import's matching). */
  async all(countyId: string): Promise<Relation[]> {
    const rows = await inCounty(this.db, countyId, (trx) =>
      trx.selectFrom('relations').select(COLUMNS).where('countyId', '=', countyId).orderBy('kind').orderBy('startsOn').orderBy('id').execute(),
    );
    return rows.map(relation);
  }

  /**
   * The relations of a kind at one end that overlap the period, other than `except`: what a
   * kind's atMost and the rule against the same relation twice are checked with.
   */
  async overlaps(countyId: string, kind: string, side: 'from' | 'to', end: RelationEnd, period: Period, except?: string): Promise<Relation[]> {
    const [type, id] = side === 'from' ? (['fromType', 'fromId'] as const) : (['toType', 'toId'] as const);
    const rows = await inCounty(this.db, countyId, (trx) =>
      trx
        .selectFrom('relations')
        .select(COLUMNS)
        .where((eb) => eb.and([eb('countyId', '=', countyId), eb(type, '=', end.type), eb(id, '=', end.id), eb('kind', '=', kind), overlapping(eb, period)]))
        .$if(except !== undefined, (q) => q.where('id', '<>', except!))
        .execute(),
    );
    return rows.map(relation);
  }

  create(record: Relation, at: Date): Promise<void> {
    return inCounty(this.db, record.countyId, (trx) => insertRelation(trx, record, at));
  }

  /** Changes a relation's attributes or dates; false when there is none. */
  update(countyId: string, id: string, changes: RelationChanges, at: Date): Promise<boolean> {
    return inCounty(this.db, countyId, (trx) => changeRelation(trx, countyId, id, changes, at));
  }
}

// The writes, inside a county transaction the caller opened: one change, or a whole imported file.

export async function insertRelation(trx: Kysely<Database>, { from, to, attributes, ...record }: Relation, at: Date): Promise<void> {
  await trx
    .insertInto('relations')
    .values({ ...record, fromType: from.type, fromId: from.id, toType: to.type, toId: to.id, attributes: JSON.stringify(attributes), createdAt: at, updatedAt: at })
    .execute();
}

export async function changeRelation(trx: Kysely<Database>, countyId: string, id: string, { attributes, ...dates }: RelationChanges, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable('relations')
    .set({ ...dates, ...(attributes === undefined ? {} : { attributes: JSON.stringify(attributes) }), updatedAt: at })
    .where('countyId', '=', countyId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
