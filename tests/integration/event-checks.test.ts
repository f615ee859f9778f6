import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { testDatabases } from '../support/databases.js';
import { expectRefused } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake, reply, triageTo } from '../support/yunan-payloads.js';

/**
 * Each refusal answers with its code in both languages and leaves the item exactly as it was:
 * same version, same snapshot, no new event.
 */
for (const database of testDatabases()) {
  describe(`event checks on ${database.name}`, () => {
    let engine: Engine;
    let deputy: ReturnType<typeof client>;
    let staff: ReturnType<typeof client>;
    let auditor: ReturnType<typeof client>;
    let otherCounty: ReturnType<typeof client>;
    let itemId: string;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
      otherCounty = client(engine.app, await login(engine.app, 'maonan', 'staff'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    async function newItem() {
      const response = await deputy.createItem(intake());
      expect(response.statusCode, response.body).toBe(201);
      itemId = response.json().item.id;
      return itemId;
    }
    async function stored(id: string) {
      const [item, events] = await Promise.all([engine.store.items.getItem('yunan', id), engine.store.items.listEvents('yunan', id)]);
      return { version: item!.version, snapshot: item!.snapshot, events: events.length };
    }

    it('another county: 404, as if the item did not exist, for reads and writes', async () => {
      const id = await newItem();
      const before = await stored(id);
      await expectRefused(await otherCounty.get(`/api/items/${id}`), 404, 'ITEM_NOT_FOUND');
      await expectRefused(await otherCounty.get(`/api/items/${id}/trace`), 404, 'ITEM_NOT_FOUND');
      await expectRefused(await otherCounty.send(id, 'TRIAGE', { mechanism: 'micro' }), 404, 'ITEM_NOT_FOUND');
      const missing = await expectRefused(await staff.send('no-such-item', 'TRIAGE', { mechanism: 'micro' }), 404, 'ITEM_NOT_FOUND');
      expect(missing.messages.en).toContain('no-such-item');
      const list = await otherCounty.get('/api/items');
      expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(id);
      expect(await stored(id)).toEqual(before);
    });

    it('not logged in: 401', async () => {
      const id = await newItem();
      const anonymous = client(engine.app, '');
      await expectRefused(await anonymous.send(id, 'TRIAGE', { mechanism: 'micro' }), 401, 'AUTH_REQUIRED');
      await expectRefused(await anonymous.get('/api/items'), 401, 'AUTH_REQUIRED');
    });

    it('wrong role: 403 naming the roles that may', async () => {
      const id = await newItem();
      const before = await stored(id);
      const error = await expectRefused(await deputy.send(id, 'TRIAGE', { mechanism: 'micro' }), 403, 'ROLE_NOT_ALLOWED');
      expect(error.messages['zh-CN']).toContain('staff');
      expect(await stored(id)).toEqual(before);
    });

    it('the role check comes before the state check', async () => {
      const id = await newItem();
      // A deputy may never APPROVE_REPLY, and the item is not in review either: the role answers first.
      await expectRefused(await deputy.send(id, 'APPROVE_REPLY', {}), 403, 'ROLE_NOT_ALLOWED');
    });

    it('auditors cannot change anything', async () => {
      const id = await newItem();
      const before = await stored(id);
      await expectRefused(await auditor.send(id, 'TRIAGE', { mechanism: 'micro' }), 403, 'AUDITOR_READ_ONLY');
      await expectRefused(await auditor.createItem(intake()), 403, 'AUDITOR_READ_ONLY');
      const view = await auditor.get(`/api/items/${id}`);
      expect(view.statusCode).toBe(200);
      expect(view.json().actions).toEqual([]);
      expect(await stored(id)).toEqual(before);
    });

    it('wrong state: 409 listing the events allowed now', async () => {
      const id = await newItem();
      const before = await stored(id);
      const error = await expectRefused(await staff.send(id, 'APPROVE_REPLY', {}), 409, 'EVENT_NOT_ALLOWED');
      expect(error.details.allowed.map((a: { type: string }) => a.type).sort()).toEqual(['REJECT', 'TRIAGE']);
      expect(error.messages['zh-CN']).toContain('待分类交办');
      await expectRefused(await staff.send(id, 'NO_SUCH_EVENT'), 409, 'EVENT_NOT_ALLOWED');
      expect(await stored(id)).toEqual(before);
    });

    it('invalid payload: 400 with each error naming the field and the rule, in both languages', async () => {
      const id = await newItem();
      const before = await stored(id);
      const error = await expectRefused(await staff.send(id, 'TRIAGE', { mechanism: 'general', triageOpinion: 'x'.repeat(1001) }), 400, 'PAYLOAD_INVALID');
      const byField = Object.fromEntries(error.details.errors.map((e: { field: string }) => [e.field, e]));
      expect(byField['/department'].rule).toBe('required');
      expect(byField['/department'].message['zh-CN']).toBe('“承办单位”为必填项');
      expect(byField['/department'].message.en).toBe('"Handling department" is required');
      expect(byField['/triageOpinion'].rule).toBe('maxLength');
      expect(byField['/triageOpinion'].message['zh-CN']).toBe('“交办意见”不能超过 1000 个字');
      expect(await stored(id)).toEqual(before);
    });

    it('an empty required text field fails as it does in the browser', async () => {
      const response = await deputy.createItem({ ...intake(), title: '' });
      const error = await expectRefused(response, 400, 'PAYLOAD_INVALID');
      expect(error.details.errors[0]).toMatchObject({ field: '/title', rule: 'required' });
    });

    it('messages follow the language asked for', async () => {
      const id = await newItem();
      const response = await engine.app.inject({
        method: 'POST',
        url: `/api/items/${id}/events?lang=en`,
        payload: { type: 'APPROVE_REPLY', payload: {} },
        headers: { cookie: await login(engine.app, 'yunan', 'staff') },
      });
      expect(response.json().error.message).toMatch(/^The item is in "Awaiting triage"/);
      const zh = await staff.send(id, 'APPROVE_REPLY', {});
      expect(zh.json().error.message).toMatch(/^事项当前处于“待分类交办”/);
    });

    it('only the submitter may rate', async () => {
      const id = await newItem();
      await staff.send(id, 'TRIAGE', { mechanism: 'micro' });
      await deputy.send(id, 'HANDLE', reply);
      const before = await stored(id);
      // staff holds a role RATE allows, but did not submit this suggestion
      await expectRefused(await staff.send(id, 'RATE', { rating: 'satisfied' }), 403, 'ONLY_CREATOR');
      expect(await stored(id)).toEqual(before);
    });

    it('an event without a form refuses a payload', async () => {
      const id = await newItem();
      expect((await staff.send(id, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局'))).statusCode).toBe(200);
      const department = client(engine.app, await login(engine.app, 'yunan', 'department'));
      const error = await expectRefused(await department.send(id, 'ACCEPT', { note: 'x' }), 400, 'PAYLOAD_INVALID');
      expect(error.details.errors[0].rule).toBe('noForm');
    });

    it('start checks: role, station, pack and flow', async () => {
      await expectRefused(await deputy.createItem(intake(), { stationId: 'no-such-station' }), 400, 'STATION_NOT_FOUND');
      await expectRefused(await deputy.createItem(intake(), { flowId: 'nope' }), 404, 'FLOW_NOT_FOUND');
      await expectRefused(await deputy.createItem(intake(), { packId: 'nope' }), 404, 'PACK_NOT_FOUND');
      const department = client(engine.app, await login(engine.app, 'yunan', 'department'));
      await expectRefused(await department.createItem(intake()), 403, 'START_NOT_ALLOWED');
      // another county's pack is not visible
      await expectRefused(await otherCounty.createItem(intake()), 404, 'PACK_NOT_FOUND');
    });
  });
}
