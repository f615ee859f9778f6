import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { attachmentFixturePack } from '../support/attachment-fixture-pack.js';
import { upload } from '../support/attachment-upload.js';
import { testDatabases } from '../support/databases.js';
import { fixturePack } from '../support/fixture-pack.js';
import { expectError, expectOk } from '../support/responses.js';
import { TestClock } from '../support/test-clock.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
/** Years before any wall clock this suite runs on, so a time taken from the wall would show. */
const START = '2020-02-03T04:05:06.000Z';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const after = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

/** open (3 days) → review (12 hours) → done, each step a DECIDE with ok: true. */
const deadlineFlow = {
  id: 'decide',
  initial: 'open',
  meta: { title: text('限时决定', 'Timed decision'), start: { roles: ['staff'], form: 'decision' }, listFields: ['note'] },
  states: {
    open: {
      meta: { label: text('待决定', 'Open'), roles: ['staff'], deadline: 'P3D' },
      on: { DECIDE: { target: 'review', meta: { label: text('决定', 'Decide'), roles: ['staff'], form: 'decision' } } },
    },
    review: {
      meta: { label: text('复核', 'Review'), roles: ['staff'], deadline: 'PT12H' },
      on: { DECIDE: { target: 'done', meta: { label: text('复核', 'Review'), roles: ['staff'], form: 'decision' } } },
    },
    done: { type: 'final', meta: { label: text('完成', 'Done') } },
  },
};

for (const database of testDatabases()) {
  describe(`time read from the injected clock on ${database.name}`, () => {
    const clock = new TestClock(START);
    let engine: Engine;
    let staff: ReturnType<typeof client>;
    let staffCookie: string;

    beforeAll(async () => {
      engine = await startTestEngine({ ...database.options(), clock });
      for (const pack of [fixturePack({ flow: deadlineFlow }), attachmentFixturePack()]) {
        const published = await publishPack(engine.store, engine.registry, pack);
        expect(published.ok, JSON.stringify(published)).toBe(true);
      }
      staffCookie = await login(engine.app, 'yunan', 'staff');
      staff = client(engine.app, staffCookie);
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it("stamps events and counts deadlines from the clock's time, and the record still verifies", async () => {
      const created = expectOk(await staff.createItem({ ok: true }, { packId: 'fixture', flowId: 'decide' }), 201).item;
      expect(created.createdAt).toBe(START);
      expect(created.deadlines).toEqual({ open: after(3 * DAY) });
      expect(created.dueAt).toBe(after(3 * DAY));

      clock.advance(DAY);
      const decided = expectOk(await staff.send(created.id, 'DECIDE', { ok: true })).item;
      expect(decided.state.paths).toEqual(['review']);
      expect(decided.updatedAt).toBe(after(DAY));
      expect(decided.deadlines).toEqual({ review: after(DAY + 12 * HOUR) });
      expect(decided.dueAt).toBe(after(DAY + 12 * HOUR));

      clock.advance(2 * HOUR);
      const closed = expectOk(await staff.send(created.id, 'DECIDE', { ok: true })).item;
      expect(closed.status).toBe('done');
      expect(closed.dueAt).toBeNull();

      const trace = expectOk(await staff.get(`/api/items/${created.id}/trace`));
      expect(trace.events.map((e: { at: string }) => e.at)).toEqual([START, after(DAY), after(DAY + 2 * HOUR)]);
      expect(trace.integrity).toMatchObject({ valid: true, problems: [] });
    });

    it('ends sessions by the clock, and stamps an uploaded file with its time', async () => {
      clock.set('2021-06-07T08:09:10.000Z');
      const photo = { name: 'site.png', type: 'image/png', bytes: Buffer.concat([PNG_SIGNATURE, Buffer.alloc(100)]) };
      // The session opened in 2020 has ended by the clock's 2021.
      expectError(await upload(engine.app, staffCookie, photo), 'AUTH_REQUIRED');
      const uploaded = expectOk(await upload(engine.app, await login(engine.app, 'yunan', 'staff'), photo), 201);
      expect(uploaded.createdAt).toBe('2021-06-07T08:09:10.000Z');
    });
  });
}
