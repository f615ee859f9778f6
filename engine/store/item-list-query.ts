import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { AssigneeFilter, ItemFilter, ItemSort, Page, WaitingRule } from '../domain/item-query.js';
import type { ItemRecord } from '../domain/item-record.js';
import { assigneeKey } from '../domain/assignee.js';
import type { ItemLink, LinkKind } from '../domain/item-directory.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';
import { containsPattern, queryTokens } from './search-text.js';

/**
 * How far a total is counted. Counting every match of a broad filter at a million items is a
 * scan (over a second); counting up to this many is an index range, and a list shows
 * "10,000+" beyond it.
 */
export const COUNT_CAP = 10_000;

/**
 * How far a free-text search's total is counted. A common word is in a third of a county's
 * items, and each match costs reading its text: 10,000 of them take some 100 ms, 1,000 a tenth
 * of that, and past a thousand a search is refined, not read through ("1,000+").
 */
export const SEARCH_COUNT_CAP = 1_000;

/** A count that stops at COUNT_CAP: exact when isLowerBound is false. */
export interface CappedCount {
  total: number;
  /** True when there are more than `total` (= COUNT_CAP) matches. */
  totalIsLowerBound: boolean;
}

/** Items of one pack version and flow in one state path, created by the user (own) or not. */
export interface StateTally {
  packId: string;
  packVersion: string;
  flowId: string;
  path: string;
  own: boolean;
  count: number;
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
      // A linked list starts from its target's links, counted up to the cap (an index range): how
      // many there are decides how the items are found, and is the total when nothing else filters.
      const links = filter.linked ? await linkCount(trx, countyId, filter.linked) : undefined;
      // So does a unit's list (unit_items): the same two ways, the same cap.
      const unitItems = filter.forUnit ? await unitCount(trx, countyId, filter.forUnit) : undefined;
      const where = matches(countyId, filter, {
        walkForLinks: links !== undefined && links > LINKS_READ_BY_ID,
        walkForUnit: unitItems !== undefined && unitItems > LINKS_READ_BY_ID,
      });
      if (!where) return { items: [], total: 0, totalIsLowerBound: false };
      const items = await ordered(trx.selectFrom('items').selectAll().where(where), sort).offset(page.offset).limit(page.limit).execute();
      if (options.count === false) return { items, total: items.length, totalIsLowerBound: false };
      // A first page that is not full is the whole list: no count needed.
      if (page.offset === 0 && items.length < page.limit) return { items, total: items.length, totalIsLowerBound: false };
      if (onlyKeys(filter, ...COUNTED)) return { items, total: await countedTotal(trx, countyId, filter), totalIsLowerBound: false };
      const person = onlyKeys(filter, 'actorId') ? filter.actorId : onlyKeys(filter, 'handledBy') ? filter.handledBy : undefined;
      if (person) {
        // The items a person acted on (or handled: after their creation) are their events' items,
        // counted from the person's events without reading any item.
        let events = trx.selectFrom('events').select(sql<string>`count(distinct ${sql.ref('events.itemId')})`.as('n')).where('countyId', '=', countyId).where('actorId', '=', person);
        if (filter.handledBy) events = events.where('seq', '>', 1);
        return { items, total: Number((await events.executeTakeFirstOrThrow()).n), totalIsLowerBound: false };
      }
      // The target's links alone, from item_links_target_idx: no item is read.
      if (links !== undefined && onlyKeys(filter, 'linked')) return { items, ...capped(links) };
      if (unitItems !== undefined && onlyKeys(filter, 'forUnit')) return { items, ...capped(unitItems) };
      if (filter.text && onlyKeys(filter, 'text')) {
        // Every item has one search row: counting the rows alone skips reading the items.
        const rows = searchRows(trx.selectFrom('itemSearch').select(sql`1`.as('one')), countyId, filter.text).limit(SEARCH_COUNT_CAP + 1);
        const row = await trx.selectFrom(rows.as('c')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
        return { items, ...capped(Number(row.n), SEARCH_COUNT_CAP) };
      }
      // An inbox's states come from the state_paths index, unordered; a walk in deadline order would read them all and sort.
      // So do a unit's items narrowed further: each read by its key from unit_items, to a thousand
      // as a search counts ("1,000+"): 10,000 took 115 ms, walking the page's order 450 ms.
      // So do overdue and due-soon items: counted from items_supervision_idx alone (index-only, 7 ms for
      // 10,000 of 33,000 overdue at 200,000 items), where walking the page's order read each row (655 ms).
      const unordered = filter.waitingIn || filter.forUnit || filter.dueAt;
      return { items, ...(await cappedCount(trx, where, unordered ? undefined : sort, filter.text || filter.forUnit ? SEARCH_COUNT_CAP : COUNT_CAP)) };
    });
  }

  /**
   * How many items matching the filter are in each state path, per pack version and flow, split
   * by whether `userId` created them: one pass over at most COUNT_CAP + 1 matches. complete is
   * false when there were more (then the tally covers only some of them and says nothing).
   */
  stateTally(countyId: string, filter: ItemFilter, userId: string): Promise<{ complete: boolean; rows: StateTally[] }> {
    const where = matches(countyId, filter);
    if (!where) return Promise.resolve({ complete: true, rows: [] });
    return inCounty(this.db, countyId, async (trx) => {
      const w = trx.selectFrom('items').select(['packId', 'packVersion', 'flowId', 'statePaths', 'createdBy']).where(where).limit(COUNT_CAP + 1);
      const { rows } = await sql<{ packId: string; packVersion: string; flowId: string; path: string | null; own: boolean | null; n: string; matched: string }>`
        with w as (${w})
        select w.pack_id, w.pack_version, w.flow_id, p as path, w.created_by = ${userId} as own, count(*) as n, (select count(*) from w) as matched
        from (select 1) one left join (w cross join unnest(w.state_paths) p) on true
        group by 1, 2, 3, 4, 5`.execute(trx);
      const matched = Number(rows[0]?.matched ?? 0);
      if (matched > COUNT_CAP) return { complete: false, rows: [] };
      return {
        complete: true,
        rows: rows.filter((r) => r.path !== null).map((r) => ({ packId: r.packId, packVersion: r.packVersion, flowId: r.flowId, path: r.path!, own: r.own!, count: Number(r.n) })),
      };
    });
  }

  /**
   * How many active items of each pack version and flow are in each state path, from
   * item_counts (exact, whatever the county's size): the inbox's tabs for users who work
   * county-wide.
   */
  activeStateCounts(countyId: string, assigned: AssigneeFilter | undefined): Promise<Array<{ packId: string; packVersion: string; flowId: string; path: string; n: number }>> {
    return inCounty(this.db, countyId, async (trx) => {
      const rows = await trx
        .selectFrom('itemCounts')
        .select(['packId', 'packVersion', 'flowId', 'path'])
        .select((eb) => eb.fn.sum<string>('n').as('n'))
        .where('countyId', '=', countyId)
        .where('status', '=', 'active')
        .where('path', '<>', '')
        .where((eb) => (assigned ? assignedTo(eb, 'assignee', assigned, '') : eb.val(true)))
        .groupBy(['packId', 'packVersion', 'flowId', 'path'])
        .having(sql<SqlBool>`sum(n) > 0`)
        .execute();
      return rows.map((r) => ({ ...r, n: Number(r.n) }));
    });
  }

  /**
   * How many items are linked to each station, unit or person of one kind, most first, among
   * the items the filter (the reader's scope, a status) lets through: from link_counts (migration
   * 0017) for readers by county or station; for a unit's people, from the links of the unit's items.
   */
  linkCounts(countyId: string, kind: LinkKind, filter: ItemFilter = {}): Promise<Array<{ targetId: string; count: number }>> {
    return inCounty(this.db, countyId, async (trx) => {
      if (!filter.forUnit) {
        // Summed from link_counts (kept by the events' statements): a few rows per target, per station and status.
        const { status, atStations } = filter;
        const rows = await trx
          .selectFrom('linkCounts')
          .select('targetId')
          .select((eb) => eb.fn.sum<string>('n').as('n'))
          .where('countyId', '=', countyId)
          .where('kind', '=', kind)
          .$if(status !== undefined, (q) => q.where('status', '=', status!))
          .$if(atStations !== undefined, (q) => q.where('stationId', 'in', ['', ...atStations!]))
          .groupBy('targetId')
          .having(sql<SqlBool>`sum(n) > 0`)
          .orderBy('n', 'desc')
          .orderBy('targetId')
          .execute();
        return rows.map((r) => ({ targetId: r.targetId, count: Number(r.n) }));
      }
      // A unit's people count among the unit's items (unit_items), each link's item judged as any list judges it.
      const rows = await trx
        .selectFrom('itemLinks')
        .select(['itemLinks.targetId'])
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('itemLinks.countyId', '=', countyId)
        .where('itemLinks.kind', '=', kind)
        .where((eb) => eb.exists(eb.selectFrom('items').select(sql`1`.as('one')).whereRef('items.id', '=', 'itemLinks.itemId').where(matches(countyId, filter)!)))
        .groupBy('itemLinks.targetId')
        .orderBy('n', 'desc')
        .orderBy('itemLinks.targetId')
        .execute();
      return rows.map((r) => ({ targetId: r.targetId, count: Number(r.n) }));
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

/** The filters item_counts answers: any of pack, flow, status and state, and nothing else. */
const COUNTED = ['packId', 'flowId', 'status', 'state'] as const;

/**
 * Up to how many linked items are read by id and sorted; beyond, the list walks the page's order
 * and probes each item's links. At ~3,000 links reading by id takes some 100 ms, cold.
 */
const LINKS_READ_BY_ID = 2_000;

/** How many items are linked to the target, counted up to COUNT_CAP + 1 (an index-only range of item_links_target_idx). */
async function linkCount(trx: Kysely<Database>, countyId: string, link: ItemLink): Promise<number> {
  const links = trx
    .selectFrom('itemLinks')
    .select(sql`1`.as('one'))
    .where('countyId', '=', countyId)
    .where('kind', '=', link.kind)
    .where('targetId', '=', link.targetId)
    .limit(COUNT_CAP + 1);
  const row = await trx.selectFrom(links.as('l')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many items are the unit's, counted up to COUNT_CAP + 1 (an index-only range of unit_items_pk). */
async function unitCount(trx: Kysely<Database>, countyId: string, unitId: string): Promise<number> {
  const rows = trx.selectFrom('unitItems').select(sql`1`.as('one')).where('countyId', '=', countyId).where('unitId', '=', unitId).limit(COUNT_CAP + 1);
  const row = await trx.selectFrom(rows.as('u')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the filter uses no other condition than these. */
const onlyKeys = (filter: ItemFilter, ...keys: Array<keyof ItemFilter>): boolean =>
  Object.entries(filter).every(([key, value]) => value === undefined || (keys as string[]).includes(key));

/** The exact total of a counted filter: a sum over the few item_counts rows of the county that match. */
async function countedTotal(trx: Kysely<Database>, countyId: string, filter: ItemFilter): Promise<number> {
  let q = trx
    .selectFrom('itemCounts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('n'), sql<string>`0`).as('n'))
    .where('countyId', '=', countyId)
    .where('path', '=', filter.state ?? '');
  if (filter.packId) q = q.where('packId', '=', filter.packId);
  if (filter.flowId) q = q.where('flowId', '=', filter.flowId);
  if (filter.status) q = q.where('status', '=', filter.status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

function capped(n: number, cap = COUNT_CAP): CappedCount {
  return n > cap ? { total: cap, totalIsLowerBound: true } : { total: n, totalIsLowerBound: false };
}

/**
 * The count walks the list in the page's order: without an order, the planner reads a bitmap of
 * every match (600,000 entries for a county-wide list) before its LIMIT can stop it.
 */
async function cappedCount(trx: Kysely<Database>, where: (eb: Where) => Expression<SqlBool>, sort: ItemSort | undefined, cap: number): Promise<CappedCount> {
  const matching = trx.selectFrom('items').select(sql`1`.as('one')).where(where);
  const limited = (sort ? ordered(matching, sort) : matching).limit(cap + 1);
  const row = await trx.selectFrom(limited.as('c')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return capped(Number(row.n), cap);
}

/**
 * The search rows containing the text: the tokens narrow through the GIN index; the LIKE on the
 * lowercased text keeps the exact matches, unless the one token already says it all (a Han
 * bigram or character, a three-letter word): rechecking a term found in a third of the items
 * would read them all again.
 */
function searchRows<Q extends SelectQueryBuilder<Database, 'itemSearch' | 'items', object>>(query: Q, countyId: string, text: string): Q {
  const tokens = queryTokens(text);
  let q = query.where('itemSearch.countyId', '=', countyId) as Q;
  if (tokens.length) q = q.where(sql<SqlBool>`${sql.ref('item_search.tokens')} @> ${sql.val(tokens)}::text[]`) as Q;
  if (!(tokens.length === 1 && tokens[0] === text.toLowerCase())) q = q.where('itemSearch.body', 'like', containsPattern(text)) as Q;
  return q;
}

/** The filter as one condition on items, or undefined when it can match nothing (an inbox with no waiting state). */
function matches(countyId: string, filter: ItemFilter, hints: { walkForLinks?: boolean; walkForUnit?: boolean } = {}): ((eb: Where) => Expression<SqlBool>) | undefined {
  if (filter.waitingIn && !filter.waitingIn.some((w) => w.paths.length || w.ownPaths.length)) return undefined;
  if (filter.inStates && !filter.inStates.some((s) => s.paths.length)) return undefined;
  return (eb) => {
    // Raw sql fragments name columns through eb.ref, so the row naming converts them like any other.
    // At a station (a few thousand items) reading its items and testing their states beats
    // ANDing with the state_paths index, whose bitmap for the usual states holds a third of the
    // county (75 of the board's 91 ms): the expression keeps the planner off that index.
    const paths = filter.stationId || filter.atStations?.length ? sql`(${eb.ref('statePaths')} || '{}'::text[])` : sql`${eb.ref('statePaths')}`;
    const has = (list: string[], op: '@>' | '&&') => sql<SqlBool>`${paths} ${sql.raw(op)} ${sql.val(list)}::text[]`;
    const all: Expression<SqlBool>[] = [eb('countyId', '=', countyId)];
    if (filter.packId) all.push(eb('packId', '=', filter.packId));
    if (filter.flowId) all.push(eb('flowId', '=', filter.flowId));
    if (filter.state) all.push(has([filter.state], '@>'));
    if (filter.stationId) all.push(eb('stationId', '=', filter.stationId));
    if (filter.noStation) all.push(eb('stationId', 'is', null));
    if (filter.status) all.push(eb('status', '=', filter.status));
    if (filter.dueAt) {
      // As the supervision view counts them (supervision-query.ts): active items only, by their running deadline.
      const { from, before } = filter.dueAt;
      all.push(eb('status', '=', 'active'), eb('dueAt', '<', before), ...(from ? [eb('dueAt', '>=', from)] : []));
    }
    if (filter.assignedUnit !== undefined) {
      const unit = filter.assignedUnit;
      all.push(unit === null ? eb.or([eb('assignee', 'is', null), eb('assignee', 'not like', 'unit:%')]) : eb('assignee', '=', assigneeKey({ kind: 'unit', id: unit })));
    }
    if (filter.createdFrom) all.push(eb('createdAt', '>=', filter.createdFrom));
    if (filter.createdTo) all.push(eb('createdAt', '<', filter.createdTo));
    if (filter.createdBy) {
      // Through the creation events (events_actor_item_idx): an index on items.created_by would be
      // rewritten on every event. created_by stays in the condition, so the answer is exact.
      all.push(eb('createdBy', '=', filter.createdBy));
      all.push(idAmong(eb, eb.selectFrom('events').select('events.itemId').where('events.countyId', '=', countyId).where('events.actorId', '=', filter.createdBy).where('events.seq', '=', 1)));
    }
    if (filter.actorId) {
      all.push(idAmong(eb, eb.selectFrom('events').select('events.itemId').where('events.countyId', '=', countyId).where('events.actorId', '=', filter.actorId)));
    }
    if (filter.handledBy) {
      const events = eb.selectFrom('events').select('events.itemId').where('events.countyId', '=', countyId).where('events.actorId', '=', filter.handledBy);
      all.push(idAmong(eb, events.where('events.seq', '>', 1)));
    }
    if (filter.linked) {
      const { kind, targetId } = filter.linked;
      const links = eb.selectFrom('itemLinks').where('itemLinks.countyId', '=', countyId).where('itemLinks.kind', '=', kind).where('itemLinks.targetId', '=', targetId);
      // A target with few items: its items from item_links_target_idx, read by primary key and
      // sorted (as the actor filter's). One with many (a busy unit holds a sixth of the county):
      // the page's order is walked and each item probed in item_links' key, stopping at a page —
      // reading 166,000 items by id to sort them took 2.9 s (BENCHMARKS.md §6, "Items linked to …").
      all.push(
        hints.walkForLinks
          ? eb.exists(links.select(sql`1`.as('one')).whereRef('itemLinks.itemId', '=', 'items.id'))
          : idAmong(eb, links.select('itemLinks.itemId')),
      );
    }
    if (filter.text) {
      // Per item, a probe of its search row (primary key): the planner walks the page's order and
      // stops at a page for a common term, or starts from the GIN index for a rare one.
      const text = filter.text;
      all.push(eb.exists(searchRows(eb.selectFrom('itemSearch').select(sql`1`.as('one')), countyId, text).whereRef('itemSearch.itemId', '=', 'items.id')));
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
    if (filter.forUnit) {
      // As the links: few items read by id and sorted, a busy unit's walked in the page's order (unitCount).
      const units = eb.selectFrom('unitItems').where('unitItems.countyId', '=', countyId).where('unitItems.unitId', '=', filter.forUnit);
      all.push(hints.walkForUnit ? eb.exists(units.select(sql`1`.as('one')).whereRef('unitItems.itemId', '=', 'items.id')) : idAmong(eb, units.select('unitItems.itemId')));
    }
    return eb.and(all);
  };
}

/** Assigned to no one (unassigned), to one of the keys, or (anyStation) to any station. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- items or item_counts
function assignedTo(eb: ExpressionBuilder<any, any>, column: 'assignee', { keys, anyStation, unassigned }: AssigneeFilter, none: null | '' = null): Expression<SqlBool> {
  return eb.or([
    ...(unassigned ? [none === null ? eb(column, 'is', null) : eb(column, '=', none)] : []),
    ...(keys.length ? [eb(column, 'in', keys)] : []),
    ...(anyStation ? [eb(column, 'like', 'station:%')] : []),
  ]);
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
    ...(rule.paths.length ? [eb.and([...flow, has(rule.paths, '&&'), ...(rule.assignedTo ? [assignedTo(eb, 'assignee', rule.assignedTo)] : [])])] : []),
    ...(rule.ownPaths.length ? [eb.and([...flow, has(rule.ownPaths, '&&'), eb('createdBy', '=', rule.userId)])] : []),
  ];
}
