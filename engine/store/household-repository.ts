import { sql, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Household, HouseholdPage } from '../domain/household.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';
import { COUNT_CAP } from './item-list-query.js';
import { containsPattern, queryTokens, textTokens } from './search-text.js';

/** What the administrator may change of a household. */
export type HouseholdChanges = Partial<Omit<Household, 'countyId' | 'id'>>;

/** A stored household with its code, as a write takes it. */
export type HouseholdRecord = Omit<Household, 'closed'>;

/** What the household list is narrowed by; every filter is optional. */
export interface HouseholdFilter {
  /** Anywhere in the code, the head's name or the village. */
  text?: string;
  village?: string;
  stationId?: string;
  /** Active (the default), closed, or both. */
  status?: 'active' | 'closed' | 'all';
  offset: number;
  limit: number;
}

const COLUMNS = ['countyId', 'id', 'code', 'headName', 'village', 'stationId', 'phone', 'note', 'closedAt'] as const;
type Row = Omit<Household, 'closed'> & { closedAt: Date | null };
const household = ({ closedAt, ...row }: Row): Household => ({ ...row, closed: closedAt !== null });

/** The search columns of a household: what its list's search looks in (search-text.ts). */
function searchColumns(h: Pick<Household, 'code' | 'headName' | 'village'>) {
  const body = `${h.code}\n${h.headName}\n${h.village}`.toLowerCase();
  return { searchBody: body, searchTokens: textTokens(body) };
}

/**
 * The county's households (农户). A county may have tens of thousands: the list reads a page at
 * a time in the order of households_list_idx (village, head), and a search narrows through the
 * GIN index of its tokens before the LIKE keeps the exact matches, as items' search does.
 */
export class HouseholdRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** One page of the county's households and how many match (capped at COUNT_CAP). */
  list(countyId: string, filter: HouseholdFilter): Promise<HouseholdPage> {
    return inCounty(this.db, countyId, async (trx) => {
      const where = (eb: ExpressionBuilder<Database, 'households'>) => {
        const all = [eb('countyId', '=', countyId)];
        if (filter.village) all.push(eb('village', '=', filter.village));
        if (filter.stationId) all.push(eb('stationId', '=', filter.stationId));
        if ((filter.status ?? 'active') === 'active') all.push(eb('closedAt', 'is', null));
        if (filter.status === 'closed') all.push(eb('closedAt', 'is not', null));
        const text = filter.text?.trim();
        if (text) {
          const tokens = queryTokens(text);
          if (tokens.length) all.push(eb(sql<SqlBool>`${sql.ref('households.search_tokens')} @> ${sql.val(tokens)}::text[]`, '=', true));
          all.push(eb('searchBody', 'like', containsPattern(text)));
        }
        return eb.and(all);
      };
      const rows = await trx.selectFrom('households').select(COLUMNS).where(where).orderBy('village').orderBy('headName').orderBy('id').offset(filter.offset).limit(filter.limit).execute();
      const counted = trx.selectFrom('households').select(sql`1`.as('one')).where(where).limit(COUNT_CAP + 1);
      const { n } = await trx.selectFrom(counted.as('matches')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
      return { households: rows.map(household), total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
    });
  }

  /** These households of the county (those that exist), by id. */
  async byIds(countyId: string, ids: readonly string[]): Promise<Household[]> {
    if (!ids.length) return [];
    const rows = await inCounty(this.db, countyId, (trx) => trx.selectFrom('households').select(COLUMNS).where('countyId', '=', countyId).where('id', 'in', [...new Set(ids)]).execute());
    return rows.map(household);
  }

  /** Every household of the county (an export, an import's matching). */
  async all(countyId: string): Promise<Household[]> {
    const rows = await inCounty(this.db, countyId, (trx) => trx.selectFrom('households').select(COLUMNS).where('countyId', '=', countyId).orderBy('village').orderBy('headName').orderBy('id').execute());
    return rows.map(household);
  }

  /** A new household; false (nothing written) when the county already has its code. */
  create(record: HouseholdRecord, at: Date): Promise<boolean> {
    return inCounty(this.db, record.countyId, (trx) => insertHousehold(trx, record, at));
  }

  /** Changes a household; 'missing' when there is none, 'codeTaken' when another has the code. */
  update(countyId: string, id: string, changes: HouseholdChanges, at: Date): Promise<'ok' | 'missing' | 'codeTaken'> {
    return inCounty(this.db, countyId, (trx) => changeHousehold(trx, countyId, id, changes, at));
  }
}

// The writes, inside a county transaction the caller opened: one change, or a whole imported file.

export async function insertHousehold(trx: Kysely<Database>, record: HouseholdRecord, at: Date): Promise<boolean> {
  const created = await trx
    .insertInto('households')
    .values({ ...record, ...searchColumns(record), createdAt: at, updatedAt: at })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(created);
}

export async function changeHousehold(trx: Kysely<Database>, countyId: string, id: string, changes: HouseholdChanges, at: Date): Promise<'ok' | 'missing' | 'codeTaken'> {
  const current = await trx.selectFrom('households').select(COLUMNS).where('countyId', '=', countyId).where('id', '=', id).executeTakeFirst();
  if (!current) return 'missing';
  if (changes.code !== undefined && changes.code !== current.code) {
    const other = await trx.selectFrom('households').select('id').where('countyId', '=', countyId).where('code', '=', changes.code).executeTakeFirst();
    if (other) return 'codeTaken';
  }
  const { closed, ...columns } = changes;
  const next = { ...current, ...columns };
  await trx
    .updateTable('households')
    .set({ ...columns, ...searchColumns(next), updatedAt: at, ...(closed === undefined ? {} : { closedAt: closed ? (current.closedAt ?? at) : null }) })
    .where('countyId', '=', countyId)
    .where('id', '=', id)
    .execute();
  return 'ok';
}
