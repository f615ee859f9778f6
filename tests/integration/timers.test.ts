import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR, startEngine, type Engine } from '../../engine/engine.js';
import { ItemService } from '../../engine/runtime/item-service.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import type { StoreOptions } from '../../engine/store/store.js';
import { testDatabases } from '../support/databases.js';
import { fixturePack } from '../support/fixture-pack.js';
import { expectError, expectOk } from '../support/responses.js';
import { TestClock } from '../support/test-clock.js';
import { client, login } from '../support/test-engine.js';
import { intake, triageTo } from '../support/yunan-payloads.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
/** A time no wall clock this suite runs on is near, so a time read from the wall would show. */
const START = '2021-03-01T02:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();
const none = (zh: string, en: string, roles = ['staff']) => ({ label: text(zh, en), roles, form: null });

/**
 * handling (3 days; reminder 12 hours before; at the deadline tell the assignee, a day later the
 * auditors, two days later move to supervision), with working ⇄ waiting (the clock stands while
 * waiting on the submitter) and an extension of 2 days, once → review, which closes itself after
 * a day.
 */
const timedFlow = {
  id: 'timed',
  initial: 'handling',
  meta: { title: text('限时办理', 'Timed handling'), start: { roles: ['staff'], form: 'decision' }, listFields: ['note'] },
  states: {
    handling: {
      initial: 'working',
      meta: {
        label: text('办理', 'Handling'),
        roles: ['staff'],
        deadline: 'P3D',
        reminders: [{ before: 'PT12H' }],
        escalation: [
          { label: text('逾期提醒', 'Overdue') },
          { after: 'P1D', label: text('提请督办', 'Referred to supervisors'), notify: [{ roles: ['auditor'], at: 'county' }] },
          { after: 'P2D', label: text('转入督办', 'Moved to supervision'), target: 'supervision' },
        ],
      },
      on: {
        EXTEND: { meta: { ...none('延期', 'Extend'), extendDeadline: { by: 'P2D', limit: 1 } } },
        FINISH: { target: 'review', meta: none('办结', 'Finish') },
      },
      states: {
        working: { meta: { label: text('办理中', 'Working') }, on: { ASK: { target: 'waiting', meta: none('请提交人补充', 'Ask the submitter') } } },
        waiting: { meta: { label: text('等待补充', 'Waiting'), pauseClock: true }, on: { ANSWER: { target: 'working', meta: none('已补充', 'Answered') } } },
      },
    },
    supervision: { meta: { label: text('督办中', 'Under supervision'), roles: ['staff'] }, on: { FINISH: { target: 'review', meta: none('办结', 'Finish') } } },
    review: { meta: { label: text('待确认', 'Review') }, after: [{ delay: 'P1D', target: 'closed', meta: { label: text('超时自动办结', 'Closed by itself') } }] },
    closed: { type: 'final', meta: { label: text('已办结', 'Closed') } },
  },
};

for (const database of testDatabases()) {
  describe(`durable timers on ${database.name}`, () => {
    const clock = new TestClock(START);
    const secret = randomBytes(32);
    let options: StoreOptions;
    let folder: string | undefined;
    let engine: Engine;
    let staff: ReturnType<typeof client>;
    let auditor: ReturnType<typeof client>;
    let department: ReturnType<typeof client>;

    const start = async () => {
      engine = await startEngine({ ...options, clock, signingSecret: secret, seed: true, packsDir: DEFAULT_PACKS_DIR, outboxIntervalMs: 0 });
      await signIn();
    };
    /** Sessions, as of the clock's time (a session started years earlier has expired). */
    const signIn = async () => {
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
      department = client(engine.app, await login(engine.app, 'yunan', 'department'));
    };
    const create = async (note: string) => expectOk(await staff.createItem({ ok: true, note }, { packId: 'fixture', flowId: 'timed' }), 201).item;
    const item = async (id: string) => (await engine.store.items.getItem('yunan', id))!;
    const trace = async (id: string) => expectOk(await staff.get(`/api/items/${id}/trace`), 200);
    /** The timer events recorded on an item (the system's), in order. */
    const fired = async (id: string) => (await engine.store.items.listEvents('yunan', id)).filter((e) => e.actorId === null).map((e) => e.type);
    const unread = async (who: ReturnType<typeof client>) => expectOk(await who.get('/api/notifications?unread=true'), 200).notifications as Array<{ title: { 'zh-CN': string } }>;

    beforeAll(async () => {
      if (database.name === 'pglite') folder = await mkdtemp(join(tmpdir(), 'timers-'));
      options = folder ? { dataDir: folder } : database.options();
      await start();
      const published = await publishPack(engine.store, engine.registry, fixturePack({ flow: timedFlow }));
      expect(published.ok, JSON.stringify(published)).toBe(true);
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('arms the reminder and the escalation ladder from the deadline, and each fires when due as the system', async () => {
      clock.set(START);
      const created = await create('阶梯');
      const row = await item(created.id);
      expect(row.deadlines).toEqual({ handling: at(3 * DAY) });
      expect(row.schedule.timers).toEqual({
        'engine.escalate.handling.0': at(3 * DAY),
        'engine.escalate.handling.1': at(4 * DAY),
        'engine.escalate.handling.2': at(5 * DAY),
        'engine.remind.handling.0': at(3 * DAY - 12 * HOUR),
      });

      clock.set(at(2 * DAY));
      await engine.timers.runOnce();
      expect(await fired(created.id)).toEqual([]);

      clock.set(at(3 * DAY - 12 * HOUR));
      expect(await engine.timers.runOnce()).toEqual({ fired: 1, stale: 0, failed: 0 });
      const reminded = await trace(created.id);
      const last = reminded.events.at(-1);
      expect(last).toMatchObject({ type: 'engine.remind.handling.0', role: 'system', actor: { id: null }, label: { 'zh-CN': '到期提醒' }, at: at(3 * DAY - 12 * HOUR) });
      await engine.outbox.runOnce();
      const reminders = await unread(staff);
      expect(reminders.map((n) => n.title['zh-CN'])).toContain('到期提醒：阶梯');

      clock.set(at(3 * DAY + HOUR));
      await engine.timers.runOnce();
      expect(await fired(created.id)).toEqual(['engine.remind.handling.0', 'engine.escalate.handling.0']);
      clock.set(at(4 * DAY));
      await engine.timers.runOnce();
      expect(await fired(created.id)).toHaveLength(3);
      await engine.outbox.runOnce();
      expect((await unread(auditor)).map((n) => n.title['zh-CN'])).toContain('提请督办：阶梯');

      clock.set(at(5 * DAY));
      await engine.timers.runOnce();
      const moved = await item(created.id);
      expect(moved.statePaths).toEqual(['supervision']);
      expect(moved.schedule).toEqual({});
      const final = await trace(created.id);
      expect(final.events.map((e: { type: string }) => e.type).slice(1)).toEqual([
        'engine.remind.handling.0',
        'engine.escalate.handling.0',
        'engine.escalate.handling.1',
        'engine.escalate.handling.2',
      ]);
      expect(final.events.at(-1).label['zh-CN']).toBe('转入督办');
      expect(final.integrity).toMatchObject({ valid: true });
    });

    it('an extension moves the deadline and its ladder later, as many times as the flow allows', async () => {
      clock.set(START);
      const created = await create('延期');
      clock.set(at(DAY));
      expectOk(await staff.send(created.id, 'EXTEND'));
      const row = await item(created.id);
      expect(row.deadlines).toEqual({ handling: at(5 * DAY) });
      expect(row.schedule.timers?.['engine.remind.handling.0']).toBe(at(5 * DAY - 12 * HOUR));
      expect(row.schedule.extensions).toEqual({ handling: 1 });
      expectError(await staff.send(created.id, 'EXTEND'), 'EXTENSION_LIMIT', 409);
      clock.set(at(3 * DAY));
      await engine.timers.runOnce();
      expect(await fired(created.id)).toEqual([]);
      expect((await trace(created.id)).integrity).toMatchObject({ valid: true });
    });

    it('the clock stands while the item waits on the submitter: nothing fires, and the deadline is later by the wait', async () => {
      clock.set(START);
      const created = await create('暂停');
      clock.set(at(DAY));
      expectOk(await staff.send(created.id, 'ASK'));
      const waiting = await item(created.id);
      expect(waiting.dueAt).toBeNull();
      expect(waiting.schedule.pausedAt).toBe(at(DAY));
      clock.set(at(4 * DAY));
      await engine.timers.runOnce();
      expect(await fired(created.id)).toEqual([]);
      expectOk(await staff.send(created.id, 'ANSWER'));
      const resumed = await item(created.id);
      expect(resumed.deadlines).toEqual({ handling: at(6 * DAY) });
      expect(resumed.dueAt?.toISOString()).toBe(at(6 * DAY));
      expect(resumed.schedule.timers?.['engine.escalate.handling.0']).toBe(at(6 * DAY));
      expect((await trace(created.id)).integrity).toMatchObject({ valid: true });
    });

    it('no one but the engine sends a timer event', async () => {
      clock.set(START);
      const created = await create('越权');
      const refused = expectError(await staff.send(created.id, 'engine.remind.handling.0'), 'EVENT_NOT_ALLOWED', 409);
      expect(JSON.stringify(refused)).not.toContain('engine.escalate');
      expect((await item(created.id)).version).toBe(1);
    });

    it('a timer fired by two processes at once is recorded once', async () => {
      clock.set(START);
      const created = await create('并发');
      clock.set(at(3 * DAY - 12 * HOUR));
      const services = [0, 1].map(() => new ItemService(engine.store, engine.registry, engine.keys, engine.calendars, clock));
      const outcomes = await Promise.all(services.map((s) => s.fireTimer('yunan', created.id, 'engine.remind.handling.0')));
      expect(outcomes.sort()).toEqual(['fired', 'stale']);
      const events = await engine.store.items.listEvents('yunan', created.id);
      expect(events.filter((e) => e.type === 'engine.remind.handling.0')).toHaveLength(1);
    });

    it('郁南: a department has 15 working days, one extension of 10, and an overdue suggestion moves to supervised handling', async () => {
      // Monday 22 June 2026, 10:00 in the county, after 端午节: no public holiday in the weeks that follow.
      clock.set('2026-06-22T02:00:00.000Z');
      await signIn();
      const created = expectOk(await staff.createItem(intake('关于延期办理的建议')), 201).item;
      expectOk(await staff.send(created.id, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局')));
      expectOk(await department.send(created.id, 'ACCEPT'));
      // 15 working days after Monday 22 June: Monday 13 July, to its end.
      expect((await item(created.id)).deadlines).toEqual({ 'general.handling': '2026-07-13T15:59:59.999Z' });
      expectOk(await department.send(created.id, 'EXTEND', { reason: '需协调交通部门共同施工' }));
      // 10 more working days: Monday 27 July; the reminder 3 working days before it, on Wednesday 22 July.
      const extended = await item(created.id);
      expect(extended.deadlines).toEqual({ 'general.handling': '2026-07-27T15:59:59.999Z' });
      expect(extended.schedule.timers?.['engine.remind.general.handling.0']).toBe('2026-07-22T15:59:59.999Z');
      expectError(await department.send(created.id, 'EXTEND', { reason: '还需要更多时间' }), 'EXTENSION_LIMIT', 409);
      // 5 working days after the deadline (the ladder's last step): Monday 3 August, end of day.
      clock.set('2026-08-03T16:00:00.000Z');
      await engine.timers.runOnce();
      await signIn();
      const moved = await item(created.id);
      expect(moved.statePaths).toEqual(['major', 'major.handling']);
      expect(await fired(created.id)).toEqual([
        'engine.remind.general.handling.0',
        'engine.escalate.general.handling.0',
        'engine.escalate.general.handling.1',
        'engine.escalate.general.handling.2',
      ]);
      await engine.outbox.runOnce();
      const toDepartment = (await unread(department)).map((n) => n.title['zh-CN']);
      expect(toDepartment).toEqual(expect.arrayContaining(['到期提醒：关于延期办理的建议', '办理逾期提醒：关于延期办理的建议', '逾期转入监督办理：关于延期办理的建议']));
      expect((await unread(staff)).map((n) => n.title['zh-CN'])).toContain('逾期提请督办：关于延期办理的建议');
      expect((await trace(created.id)).integrity).toMatchObject({ valid: true });
    });

    it('a delayed transition that fell due while the engine was stopped fires at the first round after start', async () => {
      clock.set(START);
      const created = await create('重启');
      expectOk(await staff.send(created.id, 'FINISH'));
      expect((await item(created.id)).schedule.timers).toEqual({ 'engine.after.review.0': at(DAY) });
      await engine.close();
      clock.set(at(10 * DAY));
      await start();
      const round = await engine.timers.runOnce();
      expect(round.failed).toBe(0);
      const closed = await item(created.id);
      expect(closed.status).toBe('done');
      const events = (await trace(created.id)).events;
      expect(events.at(-1)).toMatchObject({ type: 'engine.after.review.0', label: { 'zh-CN': '超时自动办结' }, at: at(10 * DAY) });
    });
  });
}
