import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import type { PackFile } from '../../engine/packs/pack-content.js';
import { testDatabases } from '../support/databases.js';
import { fixturePack } from '../support/fixture-pack.js';
import { expectError, expectOk } from '../support/responses.js';
import { TestClock } from '../support/test-clock.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

const DAY = 86_400_000;
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const act = (zh: string, en: string, roles: string[]) => ({ label: text(zh, en), roles, form: null });

/** A one-step flow the engine can start (no start form): open → done. */
const task = (id: string, roles: string[]) => ({
  id,
  initial: 'open',
  context: { note: null },
  meta: { title: text(`任务 ${id}`, `Task ${id}`), start: { roles, form: null }, listFields: ['note'] },
  states: {
    open: { meta: { label: text('待办', 'Open'), roles }, on: { DONE: { target: 'done', meta: act('完成', 'Done', roles) } } },
    done: { type: 'final', meta: { label: text('完成', 'Done') } },
  },
});

/**
 * The fixture pack with two duties in 郁南: every deputy receives voters each week (due on
 * Wednesday; the engine opens the week's task), and every unit reports each quarter (a report
 * item it files and finishes counts; a miss is followed by a reminder, a second in a row by an
 * interview).
 */
function dutyPack(): PackFile[] {
  const files = fixturePack().filter((f) => !f.path.startsWith('flows/'));
  const manifest = JSON.parse(files.find((f) => f.path === 'pack.json')!.text);
  manifest.roles = [{ id: 'department', name: text('承办单位', 'Department') }];
  manifest.duties = [
    { id: 'reception', name: text('代表接待选民日', 'Reception day'), every: 'week', weekday: 3, for: { role: 'deputy' }, opens: 'reception' },
    { id: 'quarterly-report', name: text('季度办理情况报告', 'Quarterly report'), every: 'quarter', for: { units: true }, doneWhen: [{ flow: 'report' }], onMiss: ['reminder', 'interview'] },
  ];
  const flows = [task('reception', ['deputy']), task('report', ['department']), task('reminder', ['department']), task('interview', ['staff'])];
  return [
    ...files.map((f) => (f.path === 'pack.json' ? { ...f, text: JSON.stringify(manifest) } : f)),
    ...flows.map((flow) => ({ path: `flows/${flow.id}.json`, text: JSON.stringify(flow) })),
  ];
}

for (const database of testDatabases()) {
  /** An engine on its own clock: each suite's time runs forward from its own start. */
  const setUp = (start: string, prepare: (engine: Engine) => Promise<void>) => {
    const context = { clock: new TestClock(start), engine: undefined as unknown as Engine };
    beforeAll(async () => {
      context.engine = await startTestEngine({ ...database.options(), clock: context.clock });
      await prepare(context.engine);
    });
    afterAll(async () => {
      await context.engine?.close();
      await database.cleanup();
    });
    const as = async (county: string, who: string) => client(context.engine.app, await login(context.engine.app, county, who));
    const rows = async (county: string, packId: string, dutyId: string, period: string) => context.engine.store.duties.forPeriod({ countyId: county, packId, dutyId }, period);
    return { context, as, rows };
  };

  describe(`池州's monthly meeting as a duty on ${database.name}`, () => {
    const { context, as, rows } = setUp('2026-01-05T01:00:00.000Z', async (engine) => {
      // A second village station, which holds no meetings.
      await engine.store.counties.upsertStation({ countyId: 'chizhou', id: 'dongzhuang-village', stationType: 'village-station', name: '东庄村人大代表联络站', parentId: 'renli-township', attributes: {} });
    });
    const { clock } = context;

    it('池州: each month every village station gets its meeting; one held counts, a miss is reminded, two in a row bring an interview', async () => {
      clock.set('2026-01-05T01:00:00.000Z');
      await context.engine.duties.runOnce();
      const january = await rows('chizhou', 'chizhou-party-building', 'monthly-meeting', '2026-01');
      expect(january.map((r) => [r.subjectId, r.status, r.dueAt.toISOString()])).toEqual([
        ['dongzhuang-village', 'open', '2026-01-31T16:00:00.000Z'],
        ['meilin-village', 'open', '2026-01-31T16:00:00.000Z'],
      ]);
      const meilin = january.find((r) => r.subjectId === 'meilin-village')!;
      const task = (await context.engine.store.items.getItem('chizhou', meilin.itemId!))!;
      expect(task).toMatchObject({ flowId: 'monthly-meeting', stationId: 'meilin-village', createdBy: null, statePaths: ['planned'], title: '“党建+代表”月度例会（2026-01）' });
      // A second round opens nothing more.
      await context.engine.duties.runOnce();
      expect(await rows('chizhou', 'chizhou-party-building', 'monthly-meeting', '2026-01')).toEqual(january);

      // The secretary convenes and holds meilin's meeting.
      const secretary = await as('chizhou', 'staff');
      expectOk(await secretary.send(task.id, 'CONVENE', { title: '梅林村一月例会', year: 2026, month: 1, plannedDate: '2026-01-20' }));
      clock.set('2026-01-20T08:00:00.000Z');
      expectOk(
        await (await as('chizhou', 'staff')).send(task.id, 'HOLD_MEETING', {
          heldOn: '2026-01-20',
          attendees: '方丽华',
          attendeeCount: 1,
          opinions: '村道照明不足。',
          opinionCount: 1,
          lastMonthFeedback: '上月无代表建议',
          lastMonthSuggestions: 0,
          lastMonthCompleted: 0,
        }),
      );
      await context.engine.duties.runOnce();
      expect((await context.engine.store.duties.get({ ...meilin }))?.status).toBe('done');

      // February opens; January ends: dongzhuang missed once → a reminder at the station.
      clock.set('2026-02-01T00:30:00.000Z');
      await context.engine.duties.runOnce();
      const missed = (await context.engine.store.duties.get({ ...meilin, subjectId: 'dongzhuang-village' }))!;
      expect(missed).toMatchObject({ status: 'missed', misses: 1 });
      const reminder = (await context.engine.store.items.getItem('chizhou', missed.followupItemId!))!;
      expect(reminder).toMatchObject({ flowId: 'duty-reminder', stationId: 'dongzhuang-village', createdBy: null, title: '未按期召开例会提醒（2026-01）' });
      expect((reminder.snapshot as { context: Record<string, unknown> }).context.$duty).toEqual({
        dutyId: 'monthly-meeting',
        name: text('村级联络站月度例会', 'Monthly meeting of the village station'),
        period: '2026-01',
        subject: { kind: 'station', id: 'dongzhuang-village' },
        followUp: { misses: 1, missedItemId: missed.itemId },
      });

      // February missed too: the second miss in a row brings an interview.
      clock.set('2026-03-01T00:30:00.000Z');
      await context.engine.duties.runOnce();
      const again = (await context.engine.store.duties.get({ ...meilin, subjectId: 'dongzhuang-village', period: '2026-02' }))!;
      expect(again).toMatchObject({ status: 'missed', misses: 2 });
      expect((await context.engine.store.items.getItem('chizhou', again.followupItemId!))!.flowId).toBe('duty-interview');
      const meilinFebruary = (await context.engine.store.duties.get({ ...meilin, period: '2026-02' }))!;
      expect(meilinFebruary).toMatchObject({ status: 'missed', misses: 1 });

      // The follow-up's record: the engine started it, and it verifies like any item.
      const admin = await as('chizhou', 'admin');
      const trace = expectOk(await admin.get(`/api/items/${again.followupItemId}/trace`));
      expect(trace.events[0]).toMatchObject({ type: 'xstate.init', role: 'system', actor: { id: null } });
      expect(trace.integrity).toMatchObject({ valid: true });
      // The missed task names its follow-up, as the follow-up names the task.
      const missedTask = expectOk(await admin.get(`/api/items/${again.itemId}`));
      expect(missedTask.related.started).toEqual([{ itemId: again.followupItemId, flowTitle: expect.objectContaining({ 'zh-CN': expect.any(String) }) }]);
      expect(missedTask.related.started[0].flowTitle['zh-CN']).toBe((await admin.get(`/api/items/${again.followupItemId}`)).json().flowTitle['zh-CN']);

      // The boards: the county sees every station, the village's secretary their own.
      const summary = expectOk(await admin.get('/api/duties'));
      expect(summary).toContainEqual(expect.objectContaining({ dutyId: 'monthly-meeting', period: '2026-03', counts: { open: 2, done: 0, missed: 0 } }));
      const board = expectOk(await admin.get('/api/duties/chizhou-party-building/monthly-meeting?day=2026-01-15'));
      expect(board.period).toEqual({ key: '2026-01', start: '2025-12-31T16:00:00.000Z', dueAt: '2026-01-31T16:00:00.000Z' });
      expect([board.previousDay, board.nextDay]).toEqual(['2025-12-01', '2026-02-01']);
      expect(board.rows.map((r: { subject: { name: string }; status: string }) => [r.subject.name, r.status])).toEqual([
        ['东庄村人大代表联络站', 'missed'],
        ['梅林村人大代表联络站', 'done'],
      ]);
      const own = expectOk(await (await as('chizhou', 'staff')).get('/api/duties/chizhou-party-building/monthly-meeting?day=2026-01-15'));
      expect(own.rows.map((r: { subject: { id: string } }) => r.subject.id)).toEqual(['meilin-village']);
      expectError(await admin.get('/api/duties/chizhou-party-building/monthly-meeting?day=2026-02-30'), 'DUTY_DAY_INVALID', 400);
      expectError(await admin.get('/api/duties/chizhou-party-building/weekly-visits'), 'DUTY_NOT_FOUND', 404);
      // Another county has no such duty.
      expectError(await (await as('yunan', 'admin')).get('/api/duties/chizhou-party-building/monthly-meeting'), 'DUTY_NOT_FOUND', 404);
    });
  });

  describe(`recurring duties over a year on ${database.name}`, () => {
    const { context, as, rows } = setUp('2026-01-05T01:00:00.000Z', async (engine) => {
      const published = await publishPack(engine.store, engine.registry, dutyPack());
      expect(published.ok, JSON.stringify(published)).toBe(true);
    });
    const { clock } = context;

    it('a weekly and a quarterly duty over a year: due, done and overdue as counted by hand', async () => {
      const deputy = (await context.engine.store.users.listUsers('yunan')).find((u) => u.username === 'deputy')!;
      // 52 weeks from Monday 5 January: the deputy receives voters except every fourth week.
      for (let week = 0; week < 52; week++) {
        clock.set(new Date(Date.parse('2026-01-05T01:00:00.000Z') + week * 7 * DAY));
        await context.engine.duties.runOnce();
        const period = (await context.engine.store.duties.openRows({ countyId: 'yunan', packId: 'fixture', dutyId: 'reception' })).find((r) => r.subjectId === deputy.id)!;
        if (week === 0) expect(period).toMatchObject({ period: '2026-W02', dueAt: new Date('2026-01-07T16:00:00.000Z') });
        if (week % 4 !== 3) expectOk(await (await as('yunan', 'deputy')).send(period.itemId!, 'DONE'));
      }
      clock.set('2027-01-04T01:00:00.000Z');
      await context.engine.duties.runOnce();
      const all = await Promise.all(Array.from({ length: 52 }, (_, i) => rows('yunan', 'fixture', 'reception', `2026-W${String(i + 2).padStart(2, '0')}`)));
      const mine = all.flat().filter((r) => r.subjectId === deputy.id);
      expect(mine).toHaveLength(52);
      expect(mine.filter((r) => r.status === 'done')).toHaveLength(39);
      expect(mine.filter((r) => r.status === 'missed').map((r) => r.period)).toEqual(['2026-W05', '2026-W09', '2026-W13', '2026-W17', '2026-W21', '2026-W25', '2026-W29', '2026-W33', '2026-W37', '2026-W41', '2026-W45', '2026-W49', '2026-W53']);
    });

    it('a quarterly duty done by an item that counts; misses followed by a reminder, then an interview, counted afresh after a quarter done', async () => {
      const units = await context.engine.store.units.listUnits('yunan');
      const housing = units.find((u) => u.name === '县住房城乡建设局')!;
      const transport = units.find((u) => u.name === '县交通运输局')!;
      // 住建局 reports in Q1, Q2 and Q4; 交通局 in Q3 only.
      const reports: Record<string, string[]> = { Q1: ['department'], Q2: ['department'], Q3: ['transport'], Q4: ['department'] };
      const quarters = ['2027-01-10', '2027-04-10', '2027-07-10', '2027-10-10'];
      for (const [i, day] of quarters.entries()) {
        clock.set(`${day}T02:00:00.000Z`);
        await context.engine.duties.runOnce();
        for (const who of reports[`Q${i + 1}`]) {
          const unitPerson = await as('yunan', who);
          const { item } = expectOk(await unitPerson.createItem({}, { packId: 'fixture', flowId: 'report' }), 201);
          expectOk(await unitPerson.send(item.id, 'DONE'));
        }
        await context.engine.duties.runOnce();
      }
      clock.set('2028-01-02T02:00:00.000Z');
      await context.engine.duties.runOnce();
      const of = async (unitId: string) =>
        Promise.all(['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4'].map(async (q) => (await rows('yunan', 'fixture', 'quarterly-report', q)).find((r) => r.subjectId === unitId)!));
      const followUps = async (unitId: string) =>
        Promise.all((await of(unitId)).map(async (r) => (r.followupItemId ? (await context.engine.store.items.getItem('yunan', r.followupItemId))!.flowId : null)));
      expect((await of(housing.id)).map((r) => [r.status, r.misses])).toEqual([['done', 0], ['done', 0], ['missed', 1], ['done', 0]]);
      expect(await followUps(housing.id)).toEqual([null, null, 'reminder', null]);
      // Neither unit reported in 2026 (the year the weekly duty ran): 交通局's misses in a row go on from there,
      // and past the ladder's end the last step (an interview) repeats.
      expect((await of(transport.id)).map((r) => [r.status, r.misses])).toEqual([['missed', 5], ['missed', 6], ['done', 0], ['missed', 1]]);
      expect(await followUps(transport.id)).toEqual(['interview', 'interview', null, 'reminder']);
      // The follow-up is the unit's: assigned to it, in its people's inbox.
      const q2 = (await of(transport.id))[1];
      const interview = (await context.engine.store.items.getItem('yunan', q2.followupItemId!))!;
      expect(interview.assignee).toBe(`unit:${transport.id}`);
    });
  });
}
