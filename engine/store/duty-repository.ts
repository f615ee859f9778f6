import { sql, type Kysely } from 'kysely';
import type { DutyStatus, DutySubjectKind } from '../domain/duty.js';
import type { DutyPeriod } from '../packs/duty-period.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** One period of a duty for one subject, as recorded (migration 0024). */
export interface DutyPeriodRow {
  countyId: string;
  packId: string;
  dutyId: string;
  subjectKind: DutySubjectKind;
  subjectId: string;
  period: string;
  startsAt: Date;
  dueAt: Date;
  status: DutyStatus;
  itemId: string | null;
  doneAt: Date | null;
  doneItemId: string | null;
  misses: number;
  followupItemId: string | null;
}

/** Which duty a row is of. */
export interface DutyRef {
  countyId: string;
  packId: string;
  dutyId: string;
}

/** An item that counts towards a duty (pack.json doneWhen): of this flow, in this state (absent: finished). */
export interface CountingRule {
  flowId: string;
  state?: string;
}

const KEY = ['countyId', 'packId', 'dutyId', 'subjectKind', 'subjectId', 'period'] as const;
type RowKey = Pick<DutyPeriodRow, (typeof KEY)[number]>;

/** The periods of the counties' recurring duties: opened, done, missed (runtime/duty-scheduler.ts). */
export class DutyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Opens the period for each subject that has no row for it yet; returns how many were opened. */
  async open(duty: DutyRef, period: DutyPeriod, subjects: Array<{ kind: DutySubjectKind; id: string }>, at: Date): Promise<number> {
    if (!subjects.length) return 0;
    return inCounty(this.db, duty.countyId, async (trx) => {
      const result = await trx
        .insertInto('dutyPeriods')
        .values(subjects.map((s) => ({ ...duty, subjectKind: s.kind, subjectId: s.id, period: period.key, startsAt: period.start, dueAt: period.due, status: 'open' as const, createdAt: at })))
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0);
    });
  }

  /** A duty's rows still open (any period), due first. */
  async openRows(duty: DutyRef): Promise<DutyPeriodRow[]> {
    return inCounty(this.db, duty.countyId, (trx) =>
      trx.selectFrom('dutyPeriods').selectAll().where('countyId', '=', duty.countyId).where('packId', '=', duty.packId).where('dutyId', '=', duty.dutyId).where('status', '=', 'open').orderBy('dueAt').execute(),
    );
  }

  /** The rows of a duty for a period (its board). */
  async forPeriod(duty: DutyRef, period: string): Promise<DutyPeriodRow[]> {
    return inCounty(this.db, duty.countyId, (trx) =>
      trx.selectFrom('dutyPeriods').selectAll().where('countyId', '=', duty.countyId).where('packId', '=', duty.packId).where('dutyId', '=', duty.dutyId).where('period', '=', period).orderBy('subjectId').execute(),
    );
  }

  /** A subject's row for a period, when there is one. */
  async get(key: RowKey): Promise<DutyPeriodRow | undefined> {
    return inCounty(this.db, key.countyId, (trx) => keyed(trx.selectFrom('dutyPeriods').selectAll(), key).executeTakeFirst());
  }

  async setTask(key: RowKey, itemId: string): Promise<void> {
    await inCounty(this.db, key.countyId, (trx) => keyed(trx.updateTable('dutyPeriods').set({ itemId }), key).where('itemId', 'is', null).execute());
  }

  /** Marks an open row done (never one already missed: a late task does not undo the miss). */
  async markDone(key: RowKey, doneAt: Date, doneItemId: string): Promise<void> {
    await inCounty(this.db, key.countyId, (trx) => keyed(trx.updateTable('dutyPeriods').set({ status: 'done', doneAt, doneItemId }), key).where('status', '=', 'open').execute());
  }

  /** Marks an open row missed, with the misses in a row it ends; false when another process got there first. */
  async markMissed(key: RowKey, misses: number): Promise<boolean> {
    const result = await inCounty(this.db, key.countyId, (trx) => keyed(trx.updateTable('dutyPeriods').set({ status: 'missed', misses }), key).where('status', '=', 'open').executeTakeFirst());
    return Number(result.numUpdatedRows) > 0;
  }

  async setFollowUp(key: RowKey, itemId: string): Promise<void> {
    await inCounty(this.db, key.countyId, (trx) => keyed(trx.updateTable('dutyPeriods').set({ followupItemId: itemId }), key).execute());
  }

  /** Missed rows whose follow-up is not started yet (the process that marked them stopped before it). */
  async missedWithoutFollowUp(duty: DutyRef): Promise<DutyPeriodRow[]> {
    return inCounty(this.db, duty.countyId, (trx) =>
      trx
        .selectFrom('dutyPeriods')
        .selectAll()
        .where('countyId', '=', duty.countyId)
        .where('packId', '=', duty.packId)
        .where('dutyId', '=', duty.dutyId)
        .where('status', '=', 'missed')
        .where('followupItemId', 'is', null)
        .execute(),
    );
  }

  /**
   * Which open rows are done: without rules, when their task finished; with rules, when an item
   * counts towards the duty in the row's period — an item of a rule's flow at the subject (at
   * the station, filed by the person, of the unit: unit_items) in the rule's state, or finished
   * when it names none. The task the engine opened is such an item when its flow has a rule.
   */
  async doneItems(duty: DutyRef, rows: DutyPeriodRow[], rules: CountingRule[]): Promise<Map<string, { itemId: string; at: Date }>> {
    const done = new Map<string, { itemId: string; at: Date }>();
    if (!rows.length) return done;
    await inCounty(this.db, duty.countyId, async (trx) => {
      const tasks = rows.filter((r) => r.itemId).map((r) => r.itemId!);
      if (tasks.length && !rules.length) {
        const finished = await trx.selectFrom('items').select(['id', 'updatedAt']).where('countyId', '=', duty.countyId).where('id', 'in', tasks).where('status', '=', 'done').execute();
        const byItem = new Map(finished.map((f) => [f.id, f.updatedAt]));
        for (const row of rows) if (row.itemId && byItem.has(row.itemId)) done.set(rowKey(row), { itemId: row.itemId, at: byItem.get(row.itemId)! });
      }
      if (!rules.length) return;
      for (const row of rows) {
        const found = await countingItem(trx, duty, row, rules);
        if (found) done.set(rowKey(row), found);
      }
    });
    return done;
  }
}

/** A row's key as text, for maps. */
export function rowKey(row: Pick<DutyPeriodRow, 'subjectKind' | 'subjectId' | 'period'>): string {
  return `${row.subjectKind}:${row.subjectId}@${row.period}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a select, update or delete on duty_periods, narrowed to one row by its key
function keyed<Q extends { where: (...args: any[]) => Q }>(query: Q, key: RowKey): Q {
  return KEY.reduce((q, column) => q.where(column, '=', key[column]), query);
}

/** The first item that counts towards a row's duty in its period, at its subject. */
async function countingItem(trx: Kysely<Database>, duty: DutyRef, row: DutyPeriodRow, rules: CountingRule[]): Promise<{ itemId: string; at: Date } | undefined> {
  let query = trx
    .selectFrom('items')
    .select(['items.id', 'items.updatedAt'])
    .where('items.countyId', '=', duty.countyId)
    .where('items.packId', '=', duty.packId)
    .where('items.createdAt', '>=', row.startsAt)
    .where('items.createdAt', '<', row.dueAt)
    .where((eb) =>
      eb.or(
        rules.map((rule) =>
          eb.and([eb('items.flowId', '=', rule.flowId), rule.state ? eb(sql<string[]>`items.state_paths`, '@>', sql<string[]>`array[${rule.state}]::text[]`) : eb('items.status', '=', 'done')]),
        ),
      ),
    );
  if (row.subjectKind === 'station') query = query.where('items.stationId', '=', row.subjectId);
  else if (row.subjectKind === 'person') query = query.where('items.createdBy', '=', row.subjectId);
  else if (row.subjectKind === 'unit')
    query = query.where((eb) => eb.exists(eb.selectFrom('unitItems').select('unitItems.itemId').where('unitItems.countyId', '=', duty.countyId).where('unitItems.unitId', '=', row.subjectId).whereRef('unitItems.itemId', '=', 'items.id')));
  else {
    // A relation: at its station end, for its from end (resolved by the scheduler into the row's task's place).
    const relation = await trx.selectFrom('relations').select(['fromType', 'fromId', 'toType', 'toId']).where('countyId', '=', duty.countyId).where('id', '=', row.subjectId).executeTakeFirst();
    if (!relation) return undefined;
    if (relation.toType === 'station') query = query.where('items.stationId', '=', relation.toId);
    if (relation.fromType === 'person') query = query.where('items.createdBy', '=', relation.fromId);
    if (relation.fromType === 'unit')
      query = query.where((eb) => eb.exists(eb.selectFrom('unitItems').select('unitItems.itemId').where('unitItems.countyId', '=', duty.countyId).where('unitItems.unitId', '=', relation.fromId).whereRef('unitItems.itemId', '=', 'items.id')));
  }
  const found = await query.orderBy('items.updatedAt').limit(1).executeTakeFirst();
  return found && { itemId: found.id, at: found.updatedAt };
}
