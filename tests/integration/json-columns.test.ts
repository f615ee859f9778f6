import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../engine/domain/event-record.js';
import type { ItemRecord } from '../../engine/domain/item-record.js';
import type { Engine } from '../../engine/engine.js';
import type { StoreOptions } from '../../engine/store/store.js';
import { testDatabases } from '../support/databases.js';
import { asOwner } from '../support/owner-access.js';
import { startTestEngine } from '../support/test-engine.js';

/**
 * The store converts column names between snake_case and camelCase (store/row-naming.ts). The
 * keys inside a JSON value are data, not names: form fields, state names and pack content must
 * come back exactly as written, whatever their case, nested or not.
 */
const data = {
  camelCase: 1,
  snake_case: 2,
  'kebab-and_Mixed': true,
  nested_object: { innerKey: [{ deep_key: '深', deepKey: '浅' }], inner_list: [[{ a_b: null }]] },
};

for (const database of testDatabases()) {
  describe(`JSON columns keep their keys on ${database.name}`, () => {
    let engine: Engine;
    let options: StoreOptions;
    let userId: string;

    beforeAll(async () => {
      options = database.options();
      engine = await startTestEngine(options);
      userId = (await engine.store.users.findForLogin('yunan', 'staff'))!.user.id;
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    /** The value as the database holds it (read as the owner, without the store's row naming). */
    const stored = (table: string, column: string, where: Record<string, string>) =>
      asOwner(engine, options, async (db) => {
        let query = db.selectFrom(table).select(column);
        for (const [name, value] of Object.entries(where)) query = query.where(name, '=', value);
        return (await query.executeTakeFirstOrThrow())[column];
      });

    it('an item and its event: snapshot, deadlines, payload, states and origin', async () => {
      await engine.store.packs.publish('yunan', 'json-keys', '1.0.0', { manifest: data }, 'h');
      const at = new Date('2026-01-02T03:04:05.000Z');
      const snapshot = { status: 'active', value: { under_review: 'first_round' }, context: data };
      const item: ItemRecord = {
        countyId: 'yunan', id: 'json-keys-item', packId: 'json-keys', packVersion: '1.0.0', flowId: 'some_flow', stationId: null,
        snapshot, statePaths: ['under_review', 'under_review.first_round'], status: 'active', version: 1, title: '键名', createdBy: userId, assignee: null, schedule: {},
        createdAt: at, updatedAt: at, deadlines: { under_review: at.toISOString(), firstRound: at.toISOString() }, dueAt: at, headHash: 'h1',
      };
      const event: EventRecord = {
        countyId: 'yunan', itemId: item.id, seq: 1, type: 'CREATE', actorId: userId, role: 'staff', payload: data, stateBefore: null,
        stateAfter: { under_review: 'first_round' }, snapshotAfter: snapshot, packVersion: '1.0.0', createdAt: at, idempotencyKey: null,
        prevHash: '', hash: 'h1', seal: 's1', origin: { packId: 'json-keys', flowId: 'some_flow', stationId: null },
      };
      await engine.store.items.insertItem(item, event, { userId, key: 'start:json-keys:some_flow' });

      expect(await engine.store.items.getItem('yunan', item.id)).toEqual(item);
      expect(await engine.store.items.listEvents('yunan', item.id)).toEqual([event]);
      expect(await stored('items', 'snapshot', { county_id: 'yunan', id: item.id })).toEqual(snapshot);
      expect(await stored('events', 'payload', { county_id: 'yunan', item_id: item.id })).toEqual(data);
      // The text search looks into the item's data under its own keys.
      const found = await engine.store.lists.list('yunan', { text: '深', packId: 'json-keys' }, { offset: 0, limit: 10 });
      expect(found.items.map((i) => i.id)).toEqual([item.id]);
    });

    it('a draft, a station and a pack version', async () => {
      const draft = await engine.store.drafts.put('yunan', userId, 'start:json-keys:some_flow', data, new Date());
      expect(await engine.store.drafts.get('yunan', userId, 'start:json-keys:some_flow')).toEqual(draft);
      expect(await stored('drafts', 'payload', { county_id: 'yunan', user_id: userId })).toEqual(data);

      const station = { countyId: 'yunan', id: 'json-keys-station', stationType: 'liaison_station', name: '测试站', parentId: null, attributes: data };
      await engine.store.counties.upsertStation(station);
      expect(await engine.store.counties.getStation('yunan', station.id)).toEqual({ ...station, villages: [], openedOn: null, closedOn: null });

      await engine.store.packs.publish('yunan', 'json-keys-pack', '1.0.0', { forms: data }, 'h2');
      const versions = await engine.store.packs.listVersions('yunan');
      expect(versions.find((v) => v.packId === 'json-keys-pack')).toMatchObject({ version: '1.0.0', content: { forms: data }, hash: 'h2' });
    });
  });
}
