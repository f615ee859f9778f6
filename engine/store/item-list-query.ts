import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { ItemFilter, ItemSort, Page, WaitingRule } from '../domain/item-query.js';
import type { ItemRecord } from '../domain/item-record.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';
import { containsPattern, queryTokens } from './search-text.js';

/**
 * How far a total is counted. Counting every match of a broad filter at a million items is a
 * scan (over a second); counting up to this many is an index range, and a list shows
 * "10,000+" beyond it.
 */
export const COUNT_CAP = 10_000;

/** A count that stops at COUNT_CAP: exact when isLowerBound is false. */
export interface CappedCount {
  total: number;
  /** True when there are more than `total` (= COUNT_CAP) matches. */
  totalIsLowerBound: boolean;
}

export interface ItemList extends CappedCount {
  items: ItemRecord[];
}

type Where = ExpressionBuilder<Database, 'items'>;

/**
 * Reading lists of items: the filters of the item list and the auditor's search, the inbox and
 * the public board. Every query names the county (and runs in inCounty). Plans at a million
 * items are in BENCHMARKS.md ("Lists"); the indexes are migration 0005's and the earlier ones.
 */
export class ItemListQuery {
  constructor(private readonly db: Kysely<Database>) {}

  /** A page of items and, unless count is false (the public board shows no total), the capped total. */
  list(countyId: string, filter: ItemFilter, page: Page, sort: ItemSort = 'created-desc', options: { count?: boolean } = {}): Promise<ItemList> {
    return inCounty(this.db, countyId, async (trx) => {
      const where = matches(countyId, filter);
      if (!where) return { items: [], total: 0, totalIsLowerBound: false };
      const items = await ordered(trx.selectFrom('items').selectAll().where(where), sort).offset(page.offset).limit(page.limit).execute();
      if (options.count === false) return { items, total: items.length, totalIsLowerBound: false };
      // A first page that is not full is the whole list: no count needed.
      if (page.offset === 0 && items.length < page.limit) return { items, total: items.length, totalIsLowerBound: false };
      return { items, ...(await cappedCount(trx, where, sort)) };
    });
  }

  /** Capped counts of several filters in one round trip (the inbox's tabs), in the order given. */
  counts(countyId: string, filters: ItemFilter[]): Promise<CappedCount[]> {
    if (!filters.length) return Promise.resolve([]);
    return inCounty(this.db, countyId, async (trx) => {
      const parts = filters.map((filter, i) => {
        const where = matches(countyId, filter);
        // Unordered: a state's items come from the state_paths index, and there is no order to walk.
        const capped = trx.selectFrom('items').select(sql`1`.as('one')).where(where ?? sql<SqlBool>`false`).limit(COUNT_CAP + 1);
        return sql`select ${sql.lit(i)}::int as i, (select count(*) from (${capped}) c) as n`;
      });
      const { rows } = await sql<{ i: number; n: string }>`${sql.join(parts, sql` union all `)}`.execute(trx);
      const byIndex = new Map(rows.map((r) => [r.i, Number(r.n)]));
      return filters.map((_, i) => capped(byIndex.get(i) ?? 0));
    });
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any selection of items: the page's columns or the count's constant
function ordered<Q extends SelectQueryBuilder<Database, 'items', any>>(query: Q, sort: ItemSort): Q {
  const q = query as SelectQueryBuilder<Database, 'items', object>;
  const sorted = {
    'created-desc': () => q.orderBy('createdAt', 'desc'),
    'created-asc': () => q.orderBy('createdAt', 'asc'),
    'updated-desc': () => q.orderBy('updatedAt', 'desc'),
    'due-asc': () => q.orderBy('dueAt', (ob) => ob.asc().nullsLast()),
  }[sort]();
  return sorted.orderBy('id') as Q;
}

function capped(n: number): CappedCount {
  return n > COUNT_CAP ? { total: COUNT_CAP, totalIsLowerBound: true } : { total: n, totalIsLowerBound: false };
}

/**
 * The count walks the list in the page's order: without an order, the planner reads a bitmap of
 * every match (600,000 entries for a county-wide list) before its LIMIT can stop it.
 */
async function cappedCount(trx: Kysely<Database>, where: (eb: Where) => Expression<SqlBool>, sort: ItemSort): Promise<CappedCount> {
  const limited = ordered(trx.selectFrom('items').select(sql`1`.as('one')).where(where), sort).limit(COUNT_CAP + 1);
  const row = await trx.selectFrom(limited.as('c')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return capped(Number(row.n));
}

/** The filter as one condition on items, or undefined when it can match nothing (an inbox with no waiting state). */
function matches(countyId: string, filter: ItemFilter): ((eb: Where) => Expression<SqlBool>) | undefined {
  if (filter.waitingIn && !filter.waitingIn.some((w) => w.paths.length || w.ownPaths.length)) return undefined;
  if (filter.inStates && !filter.inStates.some((s) => s.paths.length)) return undefined;
  return (eb) => {
    // Raw sql fragments name columns through eb.ref, so the row naming converts them like any other.
    const has = (paths: string[], op: '@>' | '&&') => sql<SqlBool>`${eb.ref('statePaths')} ${sql.raw(op)} ${sql.val(paths)}::text[]`;
    const all: Expression<SqlBool>[] = [eb('countyId', '=', countyId)];
    if (filter.packId) all.push(eb('packId', '=', filter.packId));
    if (filter.flowId) all.push(eb('flowId', '=', filter.flowId));
    if (filter.state) all.push(has([filter.state], '@>'));
    if (filter.stationId) all.push(eb('stationId', '=', filter.stationId));
    if (filter.status) all.push(eb('status', '=', filter.status));
    if (filter.createdFrom) all.push(eb('createdAt', '>=', filter.createdFrom));
    if (filter.createdTo) all.push(eb('createdAt', '<', filter.createdTo));
    if (filter.createdBy) {
      // Through the creation events (events_actor_idx): an index on items.created_by would be
      // rewritten on every event. created_by stays in the condition, so the answer is exact.
      all.push(eb('createdBy', '=', filter.createdBy));
      all.push(idAmong(eb, eb.selectFrom('events').select('events.itemId').where('events.countyId', '=', countyId).where('events.actorId', '=', filter.createdBy).where('events.seq', '=', 1)));
    }
    if (filter.actorId) {
      all.push(idAmong(eb, eb.selectFrom('events').select('events.itemId').where('events.countyId', '=', countyId).where('events.actorId', '=', filter.actorId)));
    }
    if (filter.text) {
      // The tokens narrow through the GIN index; the LIKE on the lowercased text keeps the exact matches.
      const tokens = queryTokens(filter.text);
      let search = eb
        .selectFrom('itemSearch')
        .select('itemSearch.itemId')
        .where('itemSearch.countyId', '=', countyId)
        .where('itemSearch.body', 'like', containsPattern(filter.text));
      if (tokens.length) search = search.where(sql<SqlBool>`${sql.ref('item_search.tokens')} @> ${sql.val(tokens)}::text[]`);
      all.push(idAmong(eb, search));
    }
    if (filter.waitingIn) all.push(eb.or(filter.waitingIn.flatMap((rule) => waiting(eb, rule, has))));
    if (filter.inStates) {
      all.push(
        eb.or(
          filter.inStates
            .filter((s) => s.paths.length)
            .map((s) => eb.and([eb('packId', '=', s.packId), eb('packVersion', '=', s.packVersion), eb('flowId', '=', s.flowId), has(s.paths, '&&')])),
        ),
      );
    }
    if (filter.atStations) {
      const stations = filter.atStations;
      all.push(eb.or([eb('stationId', 'is', null), ...(stations.length ? [eb('stationId', 'in', stations)] : [])]));
    }
    return eb.and(all);
  };
}

/**
 * items.id among the ids a subquery finds, as `id = any(array(…))`: the subquery runs once and
 * the items are read by primary key. Written as `in (…)` the planner may instead walk items in
 * the page's order and test each against every id (11 s for one user's 6,000 events).
 */
function idAmong(eb: Where, ids: Expression<{ itemId: string }>): Expression<SqlBool> {
  return sql<SqlBool>`${eb.ref('id')} = any(array(${ids}))`;
}

/** An inbox rule as conditions: in one of its states, or in one of its own states and created by the user. */
function waiting(eb: Where, rule: WaitingRule, has: (paths: string[], op: '&&') => Expression<SqlBool>): Expression<SqlBool>[] {
  const flow = [eb('packId', '=', rule.packId), eb('packVersion', '=', rule.packVersion), eb('flowId', '=', rule.flowId)];
  return [
    ...(rule.paths.length ? [eb.and([...flow, has(rule.paths, '&&')])] : []),
    ...(rule.ownPaths.length ? [eb.and([...flow, has(rule.ownPaths, '&&'), eb('createdBy', '=', rule.userId)])] : []),
  ];
}
