import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import type { Inbox } from '../../engine/runtime/inbox-service.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { testDatabases } from '../support/databases.js';
import { referralPack, REFERRAL } from '../support/referral-fixture-pack.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

type Client = ReturnType<typeof client>;

/** Work assigned to one unit among many, claimed by one member (issue 10). */
for (const database of testDatabases()) {
  describe(`assignment on ${database.name}`, () => {
    let engine: Engine;
    let staff: Client;
    let admin: Client;
    const units: Record<string, string> = {};
    const people: Record<string, Client> = {};
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      expect((await publishPack(engine.store, engine.registry, referralPack())).ok).toBe(true);
      admin = client(engine.app, await login(engine.app, 'yunan', 'admin'));
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      for (const name of ['县城市管理局', '县林业局']) units[name] = (await admin.post('/api/admin/units', { name, kind: '承办单位' })).json().id;
      for (const [username, unit] of [['jt-1', '县城市管理局'], ['jt-2', '县城市管理局'], ['zj-1', '县林业局']] as const) {
        const created = (await admin.post('/api/admin/people', { username, displayName: username, password: 'first-pass-1', roles: ['department'], unitId: units[unit] })).json();
        ids[username] = created.id;
        const c = client(engine.app, await login(engine.app, 'yunan', username, 'first-pass-1'));
        await c.post('/api/auth/password', { currentPassword: 'first-pass-1', newPassword: 'own-pass-22' });
        people[username] = c;
      }
      // A county-level handler in no unit (督查室): sees the county's items, acts on none assigned elsewhere.
      await admin.post('/api/admin/people', { username: 'dc-1', displayName: 'dc-1', password: 'first-pass-1', roles: ['department'] });
      people['dc-1'] = client(engine.app, await login(engine.app, 'yunan', 'dc-1', 'first-pass-1'));
      await people['dc-1'].post('/api/auth/password', { currentPassword: 'first-pass-1', newPassword: 'own-pass-22' });
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const start = async (subject: string) =>
      (await staff.post('/api/items', { packId: REFERRAL.packId, flowId: REFERRAL.flowId, payload: { subject } })).json().item.id as string;
    const inbox = async (c: Client): Promise<Inbox> => (await c.get('/api/inbox?pageSize=100')).json();
    const waiting = async (c: Client) => (await inbox(c)).items.map((i) => i.id);
    const handlingCount = async (c: Client) => (await inbox(c)).countsByState.find((s) => s.path === 'handling')?.count ?? 0;
    const code = (response: { json: () => { error?: { code: string } } }) => response.json().error?.code;

    it('is offered to the unit it was referred to, and refused to other units', async () => {
      const id = await start('国道路面塌陷');
      const before = { jt: await handlingCount(people['jt-1']), zj: await handlingCount(people['zj-1']) };
      expect(code(await staff.send(id, 'REFER', { unit: 'no-such-unit' }))).toBe('PAYLOAD_INVALID');
      const referred = await staff.send(id, 'REFER', { unit: units['县城市管理局'] });
      expect(referred.statusCode).toBe(200);
      expect(referred.json().item.assignment).toEqual({ kind: 'unit', id: units['县城市管理局'], claimedBy: null });
      expect(referred.json().item.data).not.toHaveProperty('$assignment');

      expect(await waiting(people['jt-1'])).toContain(id);
      expect(await waiting(people['jt-2'])).toContain(id);
      expect(await waiting(people['zj-1'])).not.toContain(id);
      const department = client(engine.app, await login(engine.app, 'yunan', 'department')); // the demo's, of another unit
      expect(await waiting(department)).not.toContain(id);
      // The tabs count what each may see, exactly (the county-wide counts come from item_counts).
      expect(await handlingCount(people['jt-1'])).toBe(before.jt + 1);
      expect(await handlingCount(people['zj-1'])).toBe(before.zj);

      // Another unit does not see it at all; someone who sees the county's items may not act on it.
      expect(code(await people['zj-1'].send(id, 'REPLY', { answer: '我局不是承办单位' }))).toBe('ITEM_NOT_FOUND');
      expect(code(await department.send(id, 'REPLY', { answer: '越权答复' }))).toBe('ITEM_NOT_FOUND');
      expect((await people['zj-1'].get(`/api/items/${id}`)).statusCode).toBe(404);
      expect((await people['zj-1'].get('/api/items?pageSize=100')).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
      expect((await people['jt-1'].get('/api/items?pageSize=100')).json().items.map((i: { id: string }) => i.id)).toContain(id);
      const county = await people['dc-1'].send(id, 'REPLY', { answer: '越权答复' });
      expect([county.statusCode, code(county)]).toEqual([403, 'ASSIGNED_ELSEWHERE']);
      expect((await people['dc-1'].get(`/api/items/${id}`)).json()).toMatchObject({ actions: [], claimOptions: [] });
      expect((await people['jt-1'].get(`/api/items/${id}`)).json().actions.map((a: { type: string }) => a.type)).toEqual(['REPLY']);
    });

    it('one member claims it; the others may not act until it is released or handed over', async () => {
      const id = await start('桥梁限高架被撞');
      await staff.send(id, 'REFER', { unit: units['县城市管理局'] });
      expect(code(await people['zj-1'].send(id, 'engine.claim'))).toBe('ITEM_NOT_FOUND');
      expect(code(await people['dc-1'].send(id, 'engine.claim'))).toBe('ASSIGNED_ELSEWHERE');
      expect((await people['jt-1'].get(`/api/items/${id}`)).json().claimOptions).toEqual(['claim', 'handOver']);
      expect((await admin.get(`/api/items/${id}`)).json().claimOptions).toEqual(['handOver']); // supervises; not a member
      expect(code(await people['jt-1'].send(id, 'engine.release'))).toBe('CLAIM_STATE_WRONG'); // nothing to release
      const claimed = await people['jt-1'].send(id, 'engine.claim');
      expect(claimed.statusCode).toBe(200);
      expect(claimed.json().item.assignment.claimedBy).toBe(ids['jt-1']);
      expect(claimed.json().item.claimOptions).toEqual(['release', 'handOver']);
      expect(code(await people['jt-1'].send(id, 'engine.claim'))).toBe('CLAIM_STATE_WRONG'); // already theirs
      expect((await people['jt-2'].get(`/api/items/${id}`)).json().claimOptions).toEqual([]);
      expect(code(await people['jt-2'].send(id, 'REPLY', { answer: '抢答' }))).toBe('CLAIMED_BY_OTHER');
      expect(code(await people['jt-2'].send(id, 'engine.claim'))).toBe('CLAIMED_BY_OTHER');
      expect(code(await people['jt-1'].send(id, 'engine.claim', { userId: ids['zj-1'] }))).toBe('CLAIM_TARGET_INVALID');

      // Handed to a colleague, who replies; the item is done and assigned to no one.
      expect((await people['jt-1'].send(id, 'engine.claim', { userId: ids['jt-2'] })).json().item.assignment.claimedBy).toBe(ids['jt-2']);
      expect(code(await people['jt-1'].send(id, 'REPLY', { answer: '已转交' }))).toBe('CLAIMED_BY_OTHER');
      const replied = await people['jt-2'].send(id, 'REPLY', { answer: '已修复' });
      expect(replied.statusCode).toBe(200);
      expect(replied.json().item).toMatchObject({ status: 'done', assignment: null });

      // Every claim is in the trace, sealed like any event, and the record replays to the same item.
      const trace = (await people['jt-2'].get(`/api/items/${id}/trace`)).json();
      expect(trace.events.map((e: { type: string }) => e.type)).toEqual(['xstate.init', 'REFER', 'engine.claim', 'engine.claim', 'REPLY']);
      expect(trace.events[2].label).toEqual({ 'zh-CN': '认领', en: 'Claim' });
      expect(trace.integrity).toMatchObject({ valid: true, problems: [] });

      // Done and assigned to no one, it stays the unit's to read (its members acted on it), no one else's.
      expect((await people['jt-1'].get(`/api/items/${id}`)).statusCode).toBe(200);
      expect((await people['zj-1'].get(`/api/items/${id}`)).statusCode).toBe(404);
      expect((await people['jt-1'].get('/api/items?status=done&pageSize=100')).json().items.map((i: { id: string }) => i.id)).toContain(id);
    });

    it('a supervising role acts for the unit; a release lets another member claim', async () => {
      const id = await start('公交站台破损');
      await staff.send(id, 'REFER', { unit: units['县城市管理局'] });
      await people['jt-1'].send(id, 'engine.claim');
      expect(code(await people['jt-1'].send(id, 'engine.release', { extra: 1 }))).toBe('PAYLOAD_INVALID');
      expect((await people['jt-1'].send(id, 'engine.release')).json().item.assignment.claimedBy).toBeNull();
      expect((await people['jt-2'].send(id, 'engine.claim')).statusCode).toBe(200);
      expect((await admin.send(id, 'REPLY', { answer: '督办答复' })).statusCode).toBe(200); // admin supervises this assignment
      expect(code(await people['jt-2'].send(id, 'engine.release'))).toBe('NOT_ASSIGNED_TO_UNIT');
    });
  });
}
