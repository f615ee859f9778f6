import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { StationScope } from '../domain/item-scope.js';
import type { Database } from './database-schema.js';
import { inCountyStatement } from './county-scope.js';

/** How many of a group's active items are overdue and due soon, and since when its worst one is overdue. */
export interface DueTally {
  overdue: number;
  dueSoon: number;
  /** The earliest deadline among its overdue items; null when none is overdue. */
  oldestDueAt: Date | null;
}

/**
 * A county's overdue and due-soon items per group: per unit their work is assigned to now (null:
 * assigned to no unit — to no one, a person or a station), per station (null: at none), and all
 * of them. Groups with nothing overdue or due soon are not listed.
 */
export interface SupervisionTallies {
  byUnit: Array<DueTally & { unitId: string | null }>;
  byStation: Array<DueTally & { stationId: string | null }>;
  totals: DueTally;
}

interface TallyRow {
  grouping: number;
  unitId: string | null;
  stationId: string | null;
  overdue: string;
  dueSoon: string;
  oldestDueAt: Date | string | null;
}

/**
 * The supervision view's counts (督办看板, issue 11). Deadlines pass with time, not with events, so
 * no rollup kept by the events' statements can hold them: the counts are read from the items.
 * One statement reads a county's active items due before `soonUntil` once, from
 * items_supervision_idx (migration 0023) alone — due_at, assignee and station_id are in the
 * index, so no item row is visited — and groups them three ways at once (grouping sets): per
 * unit, per station, and in all: at 200,000 items (33,000 active, nearly all overdue) 20–30 ms
 * county-wide, against 700 ms reading the same range from items_active_due_idx and the rows.
 */
export class SupervisionQuery {
  constructor(private readonly db: Kysely<Database>) {}

  async tallies(countyId: string, scope: StationScope, now: Date, soonUntil: Date): Promise<SupervisionTallies> {
    const statement = supervisionStatement(countyId, scope, now, soonUntil);
    // One statement, the county set in the same message (one round trip): a raw query compiles against the connection.
    const { rows } = await inCountyStatement(this.db, countyId, { compile: () => statement.compile(this.db) });
    const tally = (r: TallyRow): DueTally => ({
      overdue: Number(r.overdue),
      dueSoon: Number(r.dueSoon),
      // One statement as text (inCountyStatement): pg parses timestamptz; PGlite may too.
      oldestDueAt: r.oldestDueAt === null ? null : new Date(r.oldestDueAt),
    });
    const all = rows.find((r) => r.grouping === ALL);
    return {
      byUnit: rows.filter((r) => r.grouping === BY_UNIT).map((r) => ({ unitId: r.unitId, ...tally(r) })),
      byStation: rows.filter((r) => r.grouping === BY_STATION).map((r) => ({ stationId: r.stationId, ...tally(r) })),
      totals: all ? tally(all) : { overdue: 0, dueSoon: 0, oldestDueAt: null },
    };
  }
}

// What grouping(unit_id, station_id) answers for each grouping set: a bit for each column left out.
const BY_UNIT = 1;
const BY_STATION = 2;
const ALL = 3;

/** The statement: its text carries the county, the scope and the two instants as values. */
export function supervisionStatement(countyId: string, scope: StationScope, now: Date, soonUntil: Date): RawBuilder<TallyRow> {
  return sql<TallyRow>`
    with due as (
      select case when assignee like 'unit:%' then substr(assignee, 6) end as unit_id, station_id, due_at
      from items
      where county_id = ${countyId} and status = 'active' and due_at is not null and due_at < ${soonUntil} and ${inScope(scope)}
    )
    select grouping(unit_id, station_id)::int as grouping, unit_id, station_id,
      count(*) filter (where due_at < ${now}) as overdue,
      count(*) filter (where due_at >= ${now}) as due_soon,
      min(due_at) filter (where due_at < ${now}) as oldest_due_at
    from due
    group by grouping sets ((unit_id), (station_id), ())`;
}

/**
 * The items a reader's scope lets through, as the item list's scope does (item-service.ts
 * withinScope, domain/item-scope.ts): everything county-wide; the stations' subtree and items
 * at no station for someone with stations; for a unit's people, the work assigned to their unit
 * now — the view says how their unit stands, not how units they once helped do.
 */
function inScope(scope: StationScope): RawBuilder<SqlBool> {
  if (scope.countyWide) return sql<SqlBool>`true`;
  // coalesce: a condition that does not prove "assignee is not null" keeps the planner off
  // items_assignee_idx, whose every match visits its item row (45–58 ms for a unit's 1,300 items
  // at 200,000), and on this statement's index-only scan of the county's range (13–16 ms).
  if (scope.unit) return sql<SqlBool>`coalesce(assignee, '') = ${scope.unit.assignee}`;
  if (!scope.stationIds.length) return sql<SqlBool>`station_id is null`;
  return sql<SqlBool>`(station_id is null or station_id = any(${sql.val(scope.stationIds)}::text[]))`;
}
