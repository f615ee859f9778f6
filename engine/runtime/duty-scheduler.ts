import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { ASSIGNMENT_KEY } from '../domain/assignment.js';
import { toWallClock } from '../domain/county-time.js';
import { DUTY_KEY, type DutyContext, type DutySubject } from '../domain/duty.js';
import { dutyPeriodAt, previousDutyPeriod } from '../packs/duty-period.js';
import { inForceOn } from '../domain/relation.js';
import type { Duty } from '../packs/generated/pack.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import { rowKey, type DutyPeriodRow, type DutyRef } from '../store/duty-repository.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';
import type { ItemService } from './item-service.js';
import { Rounds } from './rounds.js';

export interface DutySchedulerOptions {
  /** How often to look at the duties; 0: never by itself (tests call runOnce). */
  intervalMs: number;
}

/**
 * Runs the counties' recurring duties (pack.json duties, with the newest version of each pack).
 * Each round, for each duty: opens the current period for every subject the directory has now
 * (and the duty's task for each, when it names one: an item the engine starts, at the subject's
 * station or assigned to it), marks open periods done when their task finished or another item
 * counts towards them, and marks those whose period ended missed — starting the follow-up the
 * duty names for that many misses in a row (a reminder, then an interview).
 *
 * Every step can be repeated: a period is opened once per subject (its key), an item the engine
 * starts has an id made from what it is for (a second start finds the first), and a row is
 * marked once. So several processes may run rounds, and a round cut short is finished by the next.
 */
export class DutyScheduler {
  private readonly rounds: Rounds<void>;

  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
    private readonly items: ItemService,
    private readonly options: DutySchedulerOptions,
    private readonly onError: (error: unknown, duty?: DutyRef) => void,
    private readonly clock: Clock = systemClock,
  ) {
    this.rounds = new Rounds(() => this.round(), undefined, (error) => onError(error));
  }

  start(): void {
    this.rounds.start(this.options.intervalMs);
  }

  /** One round now, over every county's duties (joins a round already running). */
  runOnce(): Promise<void> {
    return this.rounds.runOnce();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  private async round(): Promise<void> {
    for (const county of await this.store.counties.listCounties()) {
      for (const pack of this.registry.listLatest(county.id)) {
        for (const duty of pack.content.manifest.duties ?? []) {
          const ref = { countyId: county.id, packId: pack.packId, dutyId: duty.id };
          // One duty failing (a flow it names not loaded) leaves the others to run.
          await this.runDuty(pack, duty, ref).catch((error) => this.onError(error, ref));
        }
      }
    }
  }

  private async runDuty(pack: RuntimePack, duty: Duty, ref: DutyRef): Promise<void> {
    const now = this.clock.now();
    const period = dutyPeriodAt(duty, now);
    const subjects = await this.subjectsOf(ref.countyId, duty, now);
    await this.store.duties.open(ref, period, subjects, now);
    const bySubject = new Map(subjects.map((s) => [`${s.kind}:${s.id}`, s]));
    if (duty.opens) {
      for (const row of await this.store.duties.forPeriod(ref, period.key)) {
        const subject = bySubject.get(`${row.subjectKind}:${row.subjectId}`);
        if (row.status !== 'open' || row.itemId || !subject) continue;
        const item = await this.startItem(pack, duty, duty.opens, row, subject, 'task');
        await this.store.duties.setTask(row, item);
      }
    }

    const open = await this.store.duties.openRows(ref);
    const rules = (duty.doneWhen ?? []).map((d) => ({ flowId: d.flow, state: d.state }));
    const done = await this.store.duties.doneItems(ref, open, rules);
    for (const row of open) {
      const found = done.get(rowKey(row));
      if (found) await this.store.duties.markDone(row, found.at, found.itemId);
      else if (row.dueAt.getTime() <= now.getTime()) await this.store.duties.markMissed(row, await this.missesEndingWith(duty, row));
    }

    if (!duty.onMiss?.length) return;
    for (const row of await this.store.duties.missedWithoutFollowUp(ref)) {
      const subject = bySubject.get(`${row.subjectKind}:${row.subjectId}`);
      // A subject gone from the directory (a closed station, a disabled person) is not followed up.
      if (!subject) continue;
      const flowId = duty.onMiss[Math.min(row.misses, duty.onMiss.length) - 1];
      const item = await this.startItem(pack, duty, flowId, row, subject, 'follow-up');
      await this.store.duties.setFollowUp(row, item);
    }
  }

  /** The misses in a row a period ends: one more than the period before, if that was missed too. */
  private async missesEndingWith(duty: Duty, row: DutyPeriodRow): Promise<number> {
    const previous = previousDutyPeriod(duty, dutyPeriodAt(duty, row.startsAt));
    const before = await this.store.duties.get({ ...row, period: previous.key });
    return before?.status === 'missed' ? before.misses + 1 : 1;
  }

  /** Starts the duty's task or a follow-up for a subject, as the engine; its id is made from what it is for. */
  private async startItem(pack: RuntimePack, duty: Duty, flowId: string, row: DutyPeriodRow, subject: DutySubject, what: 'task' | 'follow-up'): Promise<string> {
    const context: DutyContext = {
      dutyId: duty.id,
      name: duty.name,
      period: row.period,
      subject: { kind: subject.kind, id: subject.id },
      ...(what === 'follow-up' ? { followUp: { misses: row.misses, missedItemId: row.itemId } } : {}),
    };
    const item = await this.items.startAsSystem(row.countyId, pack.packId, pack.version, flowId, {
      itemId: dutyItemId(row, what),
      stationId: subject.stationId,
      context: { [DUTY_KEY]: context, ...(subject.assignment ? { [ASSIGNMENT_KEY]: subject.assignment } : {}) },
    });
    return item.id;
  }

  /** Who owes the duty today, as the directory has it. */
  private async subjectsOf(countyId: string, duty: Duty, now: Date): Promise<DutySubject[]> {
    const day = toWallClock(now).toISOString().slice(0, 10);
    const of = duty.for;
    if ('stationType' in of) {
      const stations = await this.store.counties.listStations(countyId);
      return stations
        .filter((s) => s.stationType === of.stationType && (s.openedOn === null || s.openedOn <= day) && (s.closedOn === null || s.closedOn >= day))
        .map((s) => ({ kind: 'station', id: s.id, stationId: s.id, assignment: null }));
    }
    if ('role' in of) {
      const users = await this.store.users.listUsers(countyId, { activeOnly: true });
      return users.filter((u) => u.roles.includes(of.role)).map((u) => ({ kind: 'person', id: u.id, stationId: u.stationIds[0] ?? null, assignment: { kind: 'person', id: u.id } }));
    }
    if ('units' in of) {
      const units = await this.store.units.listUnits(countyId);
      return units.filter((u) => !u.disabled).map((u) => ({ kind: 'unit', id: u.id, stationId: null, assignment: { kind: 'unit', id: u.id } }));
    }
    const relations = (await this.store.relations.all(countyId)).filter((r) => r.kind === of.relation && inForceOn(r, day));
    return relations.map((r) => ({
      kind: 'relation',
      id: r.id,
      stationId: r.to.type === 'station' ? r.to.id : r.from.type === 'station' ? r.from.id : null,
      assignment: r.from.type === 'unit' || r.from.type === 'person' ? { kind: r.from.type, id: r.from.id } : null,
    }));
  }
}

/**
 * The id of an item the engine starts for a duty period: a uuidv7 whose time is the period's
 * start and whose random part is a hash of what it is for, so every process makes the same one.
 */
function dutyItemId(row: DutyPeriodRow, what: 'task' | 'follow-up'): string {
  const digest = createHash('sha256').update([row.countyId, row.packId, row.dutyId, row.subjectKind, row.subjectId, row.period, what].join('\n')).digest();
  return uuidv7({ msecs: row.startsAt.getTime(), random: new Uint8Array(digest.subarray(0, 16)) });
}
