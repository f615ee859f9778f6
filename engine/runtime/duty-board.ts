import type { LocalizedText } from '../../forms/index.js';
import { startOfDate } from '../domain/calendar-period.js';
import { toWallClock } from '../domain/county-time.js';
import type { DutyStatus, DutySubjectKind } from '../domain/duty.js';
import { dutyPeriodAt, nextDutyPeriod, previousDutyPeriod } from '../packs/duty-period.js';
import { isCountyWide, stationScope } from '../domain/item-scope.js';
import type { User } from '../domain/user.js';
import { EngineError } from '../errors/engine-error.js';
import type { Duty } from '../packs/generated/pack.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { DutyPeriodRow } from '../store/duty-repository.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';

/** A duty as its list shows it: the current period and how its subjects stand. */
export interface DutySummary {
  packId: string;
  dutyId: string;
  name: LocalizedText;
  every: Duty['every'];
  period: string;
  dueAt: string;
  counts: Record<DutyStatus, number>;
}

/** One subject's row of a duty's period, named as people know it. */
export interface DutyBoardRow {
  subject: { kind: DutySubjectKind; id: string; name: string };
  status: DutyStatus;
  dueAt: string;
  doneAt: string | null;
  itemId: string | null;
  doneItemId: string | null;
  followupItemId: string | null;
  misses: number;
}

export interface DutyBoard {
  packId: string;
  dutyId: string;
  name: LocalizedText;
  every: Duty['every'];
  period: { key: string; start: string; dueAt: string };
  /** A day in the periods before and after, to ask for them (YYYY-MM-DD, county time). */
  previousDay: string;
  nextDay: string;
  rows: DutyBoardRow[];
}

/**
 * The recurring duties' boards: for each duty of the county's packs, who did it in a period,
 * who has yet to, who missed it, with the task and follow-up each has. A user sees the subjects
 * of their scope: the county's, their stations' (and those under them), themselves, their unit.
 */
export class DutyBoardService {
  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
    private readonly clock: Clock = systemClock,
  ) {}

  async list(user: User): Promise<DutySummary[]> {
    const now = this.clock.now();
    const out: DutySummary[] = [];
    for (const pack of this.registry.listLatest(user.countyId)) {
      for (const duty of pack.content.manifest.duties ?? []) {
        const period = dutyPeriodAt(duty, now);
        const rows = await this.visible(user, await this.store.duties.forPeriod({ countyId: user.countyId, packId: pack.packId, dutyId: duty.id }, period.key));
        const counts = { open: 0, done: 0, missed: 0 };
        for (const row of rows) counts[row.status] += 1;
        out.push({ packId: pack.packId, dutyId: duty.id, name: duty.name, every: duty.every, period: period.key, dueAt: period.due.toISOString(), counts });
      }
    }
    return out;
  }

  /** A duty's board for the period holding `day` (YYYY-MM-DD, county time; today without one). */
  async board(user: User, packId: string, dutyId: string, day?: string): Promise<DutyBoard> {
    const pack = this.registry.latest(user.countyId, packId);
    const duty = pack?.content.manifest.duties?.find((d) => d.id === dutyId);
    if (!pack || !duty) throw new EngineError('DUTY_NOT_FOUND', { dutyId });
    const at = day === undefined ? this.clock.now() : startOfDate(day);
    if (!at) throw new EngineError('DUTY_DAY_INVALID', { day: day ?? '' });
    const period = dutyPeriodAt(duty, at);
    const rows = await this.visible(user, await this.store.duties.forPeriod({ countyId: user.countyId, packId, dutyId }, period.key));
    const names = await this.subjectNames(user.countyId);
    const dayOf = (d: Date) => toWallClock(d).toISOString().slice(0, 10);
    return {
      packId,
      dutyId,
      name: duty.name,
      every: duty.every,
      period: { key: period.key, start: period.start.toISOString(), dueAt: period.due.toISOString() },
      previousDay: dayOf(previousDutyPeriod(duty, period).start),
      nextDay: dayOf(nextDutyPeriod(duty, period).start),
      rows: rows.map((r) => ({
        subject: { kind: r.subjectKind, id: r.subjectId, name: names.get(`${r.subjectKind}:${r.subjectId}`) ?? r.subjectId },
        status: r.status,
        dueAt: r.dueAt.toISOString(),
        doneAt: r.doneAt?.toISOString() ?? null,
        itemId: r.itemId,
        doneItemId: r.doneItemId,
        followupItemId: r.followupItemId,
        misses: r.misses,
      })),
    };
  }

  /** The rows of the user's scope. */
  private async visible(user: User, rows: DutyPeriodRow[]): Promise<DutyPeriodRow[]> {
    if (isCountyWide(user)) return rows;
    const scope = stationScope(user, await this.store.counties.listStations(user.countyId));
    const stations = new Set(scope.countyWide ? [] : scope.stationIds);
    const relations = rows.some((r) => r.subjectKind === 'relation') ? await this.store.relations.all(user.countyId) : [];
    const relationOf = new Map(relations.map((r) => [r.id, r]));
    return rows.filter((r) => {
      if (r.subjectKind === 'station') return stations.has(r.subjectId);
      if (r.subjectKind === 'person') return r.subjectId === user.id;
      if (r.subjectKind === 'unit') return r.subjectId === user.unitId;
      const relation = relationOf.get(r.subjectId);
      return !!relation && [relation.from, relation.to].some((end) => (end.type === 'station' && stations.has(end.id)) || (end.type === 'person' && end.id === user.id) || (end.type === 'unit' && end.id === user.unitId));
    });
  }

  /** Every subject's name: stations, people, units, and relations as "from — to". */
  private async subjectNames(countyId: string): Promise<Map<string, string>> {
    const [stations, users, units, relations] = await Promise.all([
      this.store.counties.listStations(countyId),
      this.store.users.listUsers(countyId),
      this.store.units.listUnits(countyId),
      this.store.relations.all(countyId),
    ]);
    const names = new Map<string, string>();
    for (const s of stations) names.set(`station:${s.id}`, s.name);
    for (const u of users) names.set(`person:${u.id}`, u.displayName);
    for (const u of units) names.set(`unit:${u.id}`, u.name);
    const endName = (end: { type: string; id: string }) => names.get(`${end.type === 'person' ? 'person' : end.type}:${end.id}`) ?? end.id;
    for (const r of relations) names.set(`relation:${r.id}`, `${endName(r.from)} — ${endName(r.to)}`);
    return names;
  }
}
