import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR, type Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { readPackFolder } from '../../engine/packs/pack-reader.js';
import { testDatabases } from '../support/databases.js';
import { fixturePack } from '../support/fixture-pack.js';
import type { RawDatabase } from '../support/owner-access.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';
import { expectPackProblem } from '../support/pack-problems.js';
import { expectError } from '../support/responses.js';

for (const database of testDatabases()) {
  describe(`durability on ${database.name}`, () => {
    let engine: Engine;
    let deputy: ReturnType<typeof client>;
    let staff: ReturnType<typeof client>;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const eventCount = async (id: string) => (await engine.store.items.listEvents('yunan', id)).length;

    it('an idempotent retry returns the first result and writes no second event', async () => {
      const headers = { 'idempotency-key': 'create-1' };
      const first = await deputy.createItem(intake(), {}, headers);
      const again = await deputy.createItem(intake(), {}, headers);
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(200);
      expect(again.json().replayed).toBe(true);
      expect(again.json().item.id).toBe(first.json().item.id);
      const listed = await engine.store.lists.list('yunan', { createdBy: first.json().item.createdBy }, { offset: 0, limit: 100 });
      expect(listed.items.filter((i) => i.id === first.json().item.id)).toHaveLength(1);

      const id = first.json().item.id;
      const triage = { 'idempotency-key': 'triage-1' };
      const sent = await staff.send(id, 'TRIAGE', { mechanism: 'micro' }, triage);
      const retried = await staff.send(id, 'TRIAGE', { mechanism: 'micro' }, triage);
      expect(sent.statusCode).toBe(200);
      expect(retried.statusCode).toBe(200);
      expect(retried.json().replayed).toBe(true);
      expect(retried.json().event).toEqual(sent.json().event);
      expect(retried.json().item.state).toEqual(sent.json().item.state);
      expect(await eventCount(id)).toBe(2);

      // The same key for a different request is refused, not silently answered.
      const misuse = await staff.send(id, 'REJECT', { reason: '重复使用的键' }, triage);
      expectError(misuse, 'IDEMPOTENCY_KEY_REUSED', 422);
      expect(await eventCount(id)).toBe(2);
    });

    it('two concurrent conflicting events: exactly one wins, the other gets 409', async () => {
      for (let round = 0; round < 5; round++) {
        const id = (await deputy.createItem(intake())).json().item.id;
        const responses = await Promise.all([
          staff.send(id, 'TRIAGE', { mechanism: 'micro' }),
          staff.send(id, 'REJECT', { reason: '与另一事项重复' }),
        ]);
        const codes = responses.map((r) => r.statusCode).sort();
        expect(codes).toEqual([200, 409]);
        expect(await eventCount(id)).toBe(2);
        const item = await engine.store.items.getItem('yunan', id);
        expect(item!.version).toBe(2);
      }
    });

    it('the version guard: two writers from the same version, one is refused', async () => {
      const id = (await deputy.createItem(intake())).json().item.id;
      const item = (await engine.store.items.getItem('yunan', id))!;
      const [event] = await engine.store.items.listEvents('yunan', id);
      const change = { snapshot: item.snapshot, statePaths: item.statePaths, status: item.status, title: item.title, deadlines: {}, dueAt: null, schedule: {}, updatedAt: new Date(), headHash: 'x', assignee: null };
      const write = (type: string) =>
        engine.store.items.appendEvent(item, change, { ...event, seq: 2, type, idempotencyKey: null, createdAt: new Date() }, { userId: event.actorId!, key: `event:${id}:${type}` });
      const results = await Promise.allSettled([write('A'), write('B')]);
      const wins = results.filter((r) => r.status === 'fulfilled' && r.value === true);
      expect(wins).toHaveLength(1);
      expect(await eventCount(id)).toBe(2);
    });

    it('the application cannot change or remove an event (its database role may only insert history)', async () => {
      const id = (await deputy.createItem(intake())).json().item.id;
      const asApp = <T>(work: (trx: RawDatabase) => Promise<T>) => engine.store.inCounty('yunan', work);
      await expect(asApp((trx) => trx.updateTable('events').set({ role: 'admin' }).where('itemId', '=', id).execute())).rejects.toThrow(/permission denied/);
      await expect(asApp((trx) => trx.deleteFrom('events').where('itemId', '=', id).execute())).rejects.toThrow(/permission denied/);
      expect(await eventCount(id)).toBe(1);
    });

    it('a guard that does not hold: 422, nothing changes', async () => {
      const published = await publishPack(engine.store, engine.registry, fixturePack());
      expect(published.ok).toBe(true);
      const created = await staff.post('/api/items', { packId: 'fixture', flowId: 'decide', payload: { ok: false } });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().item.id;
      const refused = await staff.send(id, 'DECIDE', { ok: false });
      expectError(refused, 'GUARD_REJECTED', 422);
      expect(await eventCount(id)).toBe(1);
      const accepted = await staff.send(id, 'DECIDE', { ok: true });
      expect(accepted.json().item.status).toBe('done');
    });

    it('items stay on the pack version they were created with', async () => {
      const files = await readPackFolder(join(DEFAULT_PACKS_DIR, 'yunan-suggestions'));
      const shipped = JSON.parse(files.find((f) => f.path === 'pack.json')!.text).version as string;
      const old = (await deputy.createItem(intake())).json().item;
      expect(old.packVersion).toBe(shipped);

      // The next major version drops REJECT from the flow.
      const next = `${Number(shipped.split('.')[0]) + 1}.0.0`;
      const changed = files.map((f) => {
        if (f.path === 'pack.json') return { ...f, text: JSON.stringify({ ...JSON.parse(f.text), version: next }) };
        if (f.path === 'flows/suggestion.json') {
          const flow = JSON.parse(f.text);
          delete flow.states.submitted.on.REJECT;
          delete flow.states.notAccepted;
          return { ...f, text: JSON.stringify(flow) };
        }
        return f;
      });
      const result = await publishPack(engine.store, engine.registry, changed);
      expect(result.ok, JSON.stringify(result)).toBe(true);

      const fresh = (await deputy.createItem(intake())).json().item;
      expect(fresh.packVersion).toBe(next);
      const refused = await staff.send(fresh.id, 'REJECT', { reason: '新版本没有此操作' });
      expect(refused.statusCode).toBe(409);

      const stillOld = await staff.send(old.id, 'REJECT', { reason: '旧版本仍可不予受理' });
      expect(stillOld.statusCode, stillOld.body).toBe(200);
      expect(stillOld.json().item.packVersion).toBe(shipped);
      const trace = (await staff.get(`/api/items/${old.id}/trace`)).json();
      expect(trace.events.every((e: { packVersion: string }) => e.packVersion === shipped)).toBe(true);
    });

    it('a published version is immutable: same version, other content is refused', async () => {
      const files = await readPackFolder(join(DEFAULT_PACKS_DIR, 'yunan-suggestions'));
      const same = await publishPack(engine.store, engine.registry, files);
      expect(same.ok).toBe(true);
      const manifest = JSON.parse(await readFile(join(DEFAULT_PACKS_DIR, 'yunan-suggestions', 'pack.json'), 'utf8'));
      const edited = files.map((f) => (f.path === 'pack.json' ? { ...f, text: JSON.stringify({ ...manifest, description: { 'zh-CN': '改过的说明', en: 'edited' } }) } : f));
      const refused = await publishPack(engine.store, engine.registry, edited);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        const problem = expectPackProblem(refused.problems, 'VERSION_PUBLISHED', { file: 'pack.json', pointer: '/version' });
        expect(problem.message['zh-CN']).toContain('不可修改');
      }
    });
  });
}
