import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { eventDraftKey, startDraftKey } from '../../engine/domain/draft.js';
import { attachmentFixturePack, FIELD_VISITS } from '../support/attachment-fixture-pack.js';
import { testDatabases } from '../support/databases.js';
import { login, startTestEngine } from '../support/test-engine.js';
import { expectError } from '../support/responses.js';

for (const database of testDatabases()) {
  describe(`drafts on ${database.name}`, () => {
    let engine: Engine;
    let app: FastifyInstance;
    let staff: string;
    let colleague: string;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      app = engine.app;
      const published = await publishPack(engine.store, engine.registry, attachmentFixturePack());
      expect(published.ok, JSON.stringify(published)).toBe(true);
      staff = await login(app, 'yunan', 'staff');
      colleague = await login(app, 'yunan', 'deputy');
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const url = (key: string) => `/api/drafts/${encodeURIComponent(key)}`;
    const getDraft = (key: string, cookie = staff) => app.inject({ method: 'GET', url: url(key), headers: { cookie } });
    const putDraft = (key: string, payload: unknown, cookie = staff) => app.inject({ method: 'PUT', url: url(key), headers: { cookie }, payload: { payload } });
    const deleteDraft = (key: string, cookie = staff) => app.inject({ method: 'DELETE', url: url(key), headers: { cookie } });
    const startKey = startDraftKey(FIELD_VISITS.packId, FIELD_VISITS.flowId);
    const createVisit = (payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/items', headers: { cookie: staff }, payload: { packId: FIELD_VISITS.packId, flowId: FIELD_VISITS.flowId, payload } });
    const send = (itemId: string, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `/api/items/${itemId}/events`, headers: { cookie: staff }, payload: { type: 'FOLLOW_UP', payload } });
    async function newVisit() {
      const response = await createVisit({ subject: '走访桂圩村' });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().item.id as string;
    }

    it('saves, reads, overwrites and discards a draft', async () => {
      const key = 'start:field-visits:other-flow';
      expectError(await getDraft(key), 'DRAFT_NOT_FOUND');
      const saved = await putDraft(key, { subject: '走访', photos: [] });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ key, payload: { subject: '走访', photos: [] } });

      expect((await getDraft(key)).json()).toMatchObject({ key, payload: { subject: '走访', photos: [] } });
      await putDraft(key, { subject: '走访桂圩村村道' });
      const overwritten = (await getDraft(key)).json();
      expect(overwritten.payload).toEqual({ subject: '走访桂圩村村道' });
      expect(Date.parse(overwritten.updatedAt)).toBeGreaterThanOrEqual(Date.parse(saved.json().updatedAt));

      expect((await deleteDraft(key)).statusCode).toBe(204);
      expect((await getDraft(key)).statusCode).toBe(404);
      // discarding again is not an error
      expect((await deleteDraft(key)).statusCode).toBe(204);
    });

    it('a draft is its owner’s only', async () => {
      const key = 'start:field-visits:private';
      await putDraft(key, { subject: '我的草稿' });
      expect((await getDraft(key, colleague)).statusCode).toBe(404);
      expect((await getDraft(key, await login(app, 'maonan', 'staff'))).statusCode).toBe(404);
      // the colleague's own draft under the same key is a different draft
      await putDraft(key, { subject: '同事的草稿' }, colleague);
      await deleteDraft(key, colleague);
      expect((await getDraft(key)).json().payload).toEqual({ subject: '我的草稿' });
      expect((await getDraft(key, '')).statusCode).toBe(401);
    });

    it('refuses other keys, oversized drafts and auditors', async () => {
      for (const key of ['anything', 'start:Field:x', 'event:abc:lower', `start:${'a'.repeat(70)}:x`]) {
        const response = await putDraft(key, {});
        expect(response.statusCode, key).toBe(400);
        expectError(response, 'REQUEST_INVALID');
      }
      const big = await putDraft('start:field-visits:big', { subject: '字'.repeat(70 * 1024) });
      expect(expectError(big, 'DRAFT_TOO_LARGE').messages['zh-CN']).toBe('草稿太大：最多 200 KB');
      const auditor = await putDraft('start:field-visits:audit', {}, await login(app, 'yunan', 'auditor'));
      expectError(auditor, 'AUDITOR_READ_ONLY');
    });

    it('creating the item clears the start draft; a refused create does not', async () => {
      await putDraft(startKey, { subject: '走访桂圩村' });
      await putDraft(startKey, { subject: '同事的走访' }, colleague);
      const refused = await createVisit({ subject: 'x'.repeat(201) });
      expect(refused.statusCode).toBe(400);
      expect((await getDraft(startKey)).statusCode).toBe(200);

      await newVisit();
      expect((await getDraft(startKey)).statusCode).toBe(404);
      // only the submitter's draft goes
      expect((await getDraft(startKey, colleague)).statusCode).toBe(200);
    });

    it('sending an event clears that event’s draft; a refused event does not', async () => {
      const itemId = await newVisit();
      const key = eventDraftKey(itemId, 'FOLLOW_UP');
      const other = eventDraftKey(itemId, 'OTHER_EVENT');
      await putDraft(key, { done: false });
      await putDraft(other, { note: '别的事件' });

      // refused by the guard (done must be true) and by the form: the item and the draft stay
      expectError(await send(itemId, { done: false }), 'GUARD_REJECTED');
      expectError(await send(itemId, { done: 'yes' }), 'PAYLOAD_INVALID');
      expect((await getDraft(key)).json().payload).toEqual({ done: false });

      const accepted = await send(itemId, { done: true });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect((await getDraft(key)).statusCode).toBe(404);
      expect((await getDraft(other)).statusCode).toBe(200);
    });
  });
}
