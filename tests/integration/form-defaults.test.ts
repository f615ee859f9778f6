import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { CHOICES, choicesFixturePack } from '../support/choices-fixture-pack.js';
import { testDatabases } from '../support/databases.js';
import { expectOk, expectRefused } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

/**
 * The server stores what the user gave, the form's declared defaults for fields left out, and
 * nothing else: a choice nobody made is not stored (once, a village deputy was stored as a
 * national one because the form pre-filled the first option).
 */
for (const database of testDatabases()) {
  describe(`declared defaults and untouched choices on ${database.name}`, () => {
    let engine: Engine;
    let deputy: ReturnType<typeof client>;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      const published = await publishPack(engine.store, engine.registry, choicesFixturePack());
      expect(published.ok, JSON.stringify(published)).toBe(true);
      deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const start = (payload: unknown) => deputy.post('/api/items', { packId: CHOICES.packId, flowId: CHOICES.flowId, payload });
    const storedData = async (itemId: string) => {
      const item = await engine.store.items.getItem('yunan', itemId);
      const events = await engine.store.items.listEvents('yunan', itemId);
      return { context: (item!.snapshot as { context: Record<string, unknown> }).context, payloads: events.map((e) => e.payload) };
    };

    it('a field left out gets its declared default; an untouched choice without one is not stored', async () => {
      const { item } = expectOk(await start({ ok: true }), 201);
      const { context, payloads } = await storedData(item.id);
      expect(payloads).toEqual([{ ok: true, channel: 'visit' }]);
      expect(context).toMatchObject({ ok: true, channel: 'visit' });
      expect(context).not.toHaveProperty('level');
    });

    it('what the user chose is kept, and an empty answer counts as not filled in', async () => {
      const chosen = expectOk(await start({ ok: false, channel: 'letter', level: 'township' }), 201);
      expect((await storedData(chosen.item.id)).payloads).toEqual([{ ok: false, channel: 'letter', level: 'township' }]);
      const empty = expectOk(await start({ ok: false, channel: '', level: '' }), 201);
      expect((await storedData(empty.item.id)).payloads).toEqual([{ ok: false, channel: 'visit' }]);
    });

    it('events are filled in the same way, and a required answer is never assumed', async () => {
      const { item } = expectOk(await start({ ok: false }), 201);
      const error = expectRefused(await deputy.send(item.id, 'DECIDE', {}), 400, 'PAYLOAD_INVALID');
      expect(error.details.errors).toEqual([expect.objectContaining({ field: '/ok', rule: 'required' })]);
      expectOk(await deputy.send(item.id, 'DECIDE', { ok: true }));
      expect((await storedData(item.id)).payloads).toEqual([{ ok: false, channel: 'visit' }, { ok: true, channel: 'visit' }]);
    });
  });
}
