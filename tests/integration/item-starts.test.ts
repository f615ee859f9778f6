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

const DAY = 24 * 3_600_000;
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const START = '2026-03-02T02:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();
const relayOn = { type: 'startItem', params: { flow: 'relay', fields: ['ok', 'note'] } };

/** open —HAND_ON (starts another relay)→ waiting —a day later (starts another relay)→ done. */
const relayFlow = {
  id: 'relay',
  initial: 'open',
  meta: { title: text('接力事项', 'Relay'), start: { roles: ['staff'], form: 'decision' }, listFields: ['note'] },
  states: {
    open: { meta: { label: text('待转交', 'Open'), roles: ['staff'] }, on: { HAND_ON: { target: 'waiting', actions: [relayOn], meta: { label: text('转交', 'Hand on'), roles: ['staff'], form: null } } } },
    waiting: { meta: { label: text('等待', 'Waiting') }, after: [{ delay: 'P1D', target: 'done', actions: [relayOn], meta: { label: text('到期转出', 'Passed on in time') } }] },
    done: { type: 'final', meta: { label: text('已转出', 'Done') } },
  },
};

type Related = { itemId: string; flowTitle: { 'zh-CN': string } };

for (const database of testDatabases()) {
  describe(`one item starts another on ${database.name}`, () => {
    const clock = new TestClock(START);
    const secret = randomBytes(32);
    let options: StoreOptions;
    let folder: string | undefined;
    let engine: Engine;
    let staff: ReturnType<typeof client>;
    let deputy: ReturnType<typeof client>;

    const start = async () => {
      engine = await startEngine({ ...options, clock, signingSecret: secret, seed: true, packsDir: DEFAULT_PACKS_DIR, outboxIntervalMs: 0 });
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
    };
    const view = async (id: string, who = staff) => expectOk(await who.get(`/api/items/${id}`), 200);
    const trace = async (id: string) => expectOk(await staff.get(`/api/items/${id}/trace`), 200);
    const relay = async (note: string) => expectOk(await staff.createItem({ ok: true, note }, { packId: 'fixture', flowId: 'relay' }), 201).item;

    beforeAll(async () => {
      if (database.name === 'pglite') folder = await mkdtemp(join(tmpdir(), 'item-starts-'));
      options = folder ? { dataDir: folder } : database.options();
      await start();
      const published = await publishPack(engine.store, engine.registry, fixturePack({ flow: relayFlow }));
      expect(published.ok, JSON.stringify(published)).toBe(true);
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
      if (folder) await rm(folder, { recursive: true, force: true });
    });

    it('郁南: staff confirm a visit and raise the opinion heard as a suggestion of the visiting deputy, each linked to the other', async () => {
      clock.set(START);
      const visitRecord = { visitDate: '2026-03-01', visitType: 'evening', location: '都城镇东坝村', households: 12, opinionCount: 3, opinions: '村道路灯损坏' };
      const visit = expectOk(await deputy.createItem(visitRecord, { packId: 'yunan-suggestions', flowId: 'visit', stationId: 'ducheng-central' }), 201).item;
      const payload = { suggestionTitle: '关于修复东坝村路灯的建议', suggestionContent: '东坝村村道路灯损坏已久，夜间出行不便，建议尽快修复。', category: 'infrastructure' };
      const sent = expectOk(await staff.send(visit.id, 'CONFIRM_AS_SUGGESTION', payload), 200);
      expect(sent.item.status).toBe('done');
      // Started within the request: the answer already names the new item.
      expect(sent.item.related.started).toEqual([{ itemId: expect.any(String), flowTitle: expect.objectContaining({ 'zh-CN': '代表建议办理' }) }]);
      const childId = (sent.item.related.started as Related[])[0].itemId;

      const child = await view(childId);
      expect(child).toMatchObject({ flowId: 'suggestion', stationId: 'ducheng-central', title: payload.suggestionTitle, state: { paths: ['submitted'] } });
      expect(child.data).toMatchObject({ title: payload.suggestionTitle, content: payload.suggestionContent, category: 'infrastructure', channel: 'visit', location: '都城镇东坝村' });
      // The engine's links are the related items', not data fields.
      expect(Object.keys(child.data).filter((k) => k.startsWith('$'))).toEqual([]);
      expect(child.related).toEqual({ parent: { itemId: visit.id, flowTitle: expect.objectContaining({ 'zh-CN': '代表走访记录' }) }, started: [] });
      // The visiting deputy's suggestion (by: creator): theirs to read and, later, to rate.
      const deputyId = (await view(visit.id)).createdBy;
      expect(child.createdBy).toBe(deputyId);
      expect((await view(childId, deputy)).id).toBe(childId);

      const parentTrace = await trace(visit.id);
      expect(parentTrace.events.at(-1)).toMatchObject({
        type: 'engine.start.0',
        actor: { id: null },
        role: 'system',
        label: { 'zh-CN': '启动代表建议办理' },
        link: { relation: 'started', itemId: childId },
      });
      expect(parentTrace.integrity).toMatchObject({ valid: true });
      const childTrace = await trace(childId);
      expect(childTrace.events[0]).toMatchObject({ seq: 1, actor: { id: deputyId }, link: { relation: 'startedBy', itemId: visit.id, flowTitle: { 'zh-CN': '代表走访记录' } } });
      expect(childTrace.integrity).toMatchObject({ valid: true });
    });

    it('a start decided by a timer is started by the timer worker, once, in a finished item, even when fired twice', async () => {
      clock.set(START);
      const first = await relay('第一棒');
      const handed = expectOk(await staff.send(first.id, 'HAND_ON'), 200).item;
      expect(handed.related.started).toHaveLength(1);
      // No one but the engine sends a start's event.
      expectError(await staff.send(first.id, 'engine.start.1'), 'EVENT_NOT_ALLOWED', 409);

      clock.set(at(DAY));
      expect(await engine.timers.runOnce()).toMatchObject({ fired: 1, failed: 0 });
      const row = await engine.store.items.getItem('yunan', first.id);
      expect(row).toMatchObject({ status: 'done', schedule: { timers: { 'engine.start.1': at(DAY) }, starts: 2 } });
      // Two processes fire it at once: one item is started and one event names it.
      const services = [0, 1].map(() => new ItemService(engine.store, engine.registry, engine.keys, engine.calendars, clock));
      const outcomes = await Promise.all(services.map((s) => s.fireTimer('yunan', first.id, 'engine.start.1')));
      expect(outcomes.sort()).toEqual(['fired', 'stale']);
      const events = await engine.store.items.listEvents('yunan', first.id);
      expect(events.filter((e) => e.type === 'engine.start.1')).toHaveLength(1);

      const done = await view(first.id);
      expect(done.status).toBe('done');
      expect(done.related.started).toHaveLength(2);
      for (const started of done.related.started as Related[]) expect((await view(started.itemId)).related.parent.itemId).toBe(first.id);
      expect((await engine.store.items.getItem('yunan', first.id))!.schedule).toEqual({ starts: 2 });
      expect((await trace(first.id)).integrity).toMatchObject({ valid: true });
    });

    it('a start that was recorded but not yet made when the engine stopped is made at the first round after start', async () => {
      clock.set(START);
      const first = await relay('重启前');
      expectOk(await staff.send(first.id, 'HAND_ON'));
      clock.set(at(DAY));
      await engine.timers.runOnce();
      expect((await engine.store.items.getItem('yunan', first.id))!.schedule.timers).toEqual({ 'engine.start.1': at(DAY) });
      await engine.close();
      clock.set(at(2 * DAY));
      await start();
      const round = await engine.timers.runOnce();
      expect(round).toMatchObject({ failed: 0 });
      const done = await view(first.id);
      expect(done.related.started).toHaveLength(2);
      const second = (done.related.started as Related[])[1];
      expect(await view(second.itemId)).toMatchObject({ flowId: 'relay', title: '重启前', related: { parent: { itemId: first.id } } });
      const events = (await trace(first.id)).events;
      expect(events.at(-1)).toMatchObject({ type: 'engine.start.1', at: at(2 * DAY), link: { itemId: second.itemId } });
    });
  });
}
