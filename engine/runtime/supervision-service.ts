import { DEFAULT_SOON_HOURS, soonUntil } from '../domain/due-window.js';
import { isCountyWide, stationScope, unitScope, worksForUnit, type StationScope } from '../domain/item-scope.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/store.js';
import type { DueTally } from '../store/supervision-query.js';
import { systemClock, type Clock } from './clock.js';

/** A group's overdue and due-soon items, as the view and the export show them. */
export interface DueCounts {
  overdue: number;
  dueSoon: number;
  /** The earliest deadline among its overdue items (how long the worst one has waited); null when none is overdue. */
  oldestDueAt: string | null;
}

/** A unit's row; unitId and unitName null: the work assigned to no unit (to no one, a person or a station). */
export interface UnitDueRow extends DueCounts {
  unitId: string | null;
  unitName: string | null;
}

/** A station's row; stationId and stationName null: the items at no station. */
export interface StationDueRow extends DueCounts {
  stationId: string | null;
  stationName: string | null;
}

/** The supervision view (督办看板): what is overdue and due soon, per unit and per station, as of `at`. */
export interface SupervisionView {
  at: string;
  /** How far ahead "due soon" looked. */
  soonHours: number;
  byUnit: UnitDueRow[];
  byStation: StationDueRow[];
  totals: DueCounts;
}

/**
 * The supervision view (issue 11): active items whose deadline has passed or comes within
 * soonHours, counted per unit their work is assigned to and per station, within the reader's
 * scope (domain/item-scope.ts) — county-wide roles see the county, a station's people their
 * stations' subtree (and items at no station, as every list shows them), a unit's people their
 * own unit. Rows come worst first: most overdue, then most due soon, then the oldest deadline.
 */
export class SupervisionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  async view(reader: User, soonHours = DEFAULT_SOON_HOURS): Promise<SupervisionView> {
    const now = this.clock.now();
    const { countyId } = reader;
    const [tallies, units, stations] = await Promise.all([
      this.scopeOf(reader).then((scope) => this.store.supervision.tallies(countyId, scope, now, soonUntil(now, soonHours))),
      this.store.units.listUnits(countyId),
      this.store.counties.listStations(countyId),
    ]);
    // A unit or station gone from the directory keeps its rows (its items still wait), named by its id.
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    const stationNames = new Map(stations.map((s) => [s.id, s.name]));
    return {
      at: now.toISOString(),
      soonHours,
      byUnit: worstFirst(tallies.byUnit.map(({ unitId, ...tally }) => ({ unitId, unitName: unitId === null ? null : (unitNames.get(unitId) ?? unitId), ...counts(tally) }))),
      byStation: worstFirst(
        tallies.byStation.map(({ stationId, ...tally }) => ({ stationId, stationName: stationId === null ? null : (stationNames.get(stationId) ?? stationId), ...counts(tally) })),
      ),
      totals: counts(tallies.totals),
    };
  }

  /** The reader's scope, as the item service finds it; the county's stations are read only for someone with stations. */
  private async scopeOf(reader: User): Promise<StationScope> {
    if (worksForUnit(reader)) return unitScope(reader);
    return isCountyWide(reader) ? { countyWide: true } : stationScope(reader, await this.store.counties.listStations(reader.countyId));
  }
}

const counts = (tally: DueTally): DueCounts => ({ overdue: tally.overdue, dueSoon: tally.dueSoon, oldestDueAt: tally.oldestDueAt?.toISOString() ?? null });

/** Most overdue first, then most due soon, then the longest overdue; then by name, the unnamed remainder last. */
function worstFirst<R extends DueCounts & { unitName?: string | null; stationName?: string | null }>(rows: R[]): R[] {
  const name = (r: R) => r.unitName ?? r.stationName ?? null;
  return rows.sort(
    (a, b) =>
      b.overdue - a.overdue ||
      b.dueSoon - a.dueSoon ||
      (a.oldestDueAt ?? '\uffff').localeCompare(b.oldestDueAt ?? '\uffff') ||
      (name(a) === null ? 1 : name(b) === null ? -1 : name(a)!.localeCompare(name(b)!, 'zh-CN')),
  );
}
