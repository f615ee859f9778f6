import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { TABLE_ACCESS } from '../../engine/store/database-roles.js';
import { tableName } from '../../engine/store/row-naming.js';
import type { StoreOptions } from '../../engine/store/store.js';
import { testDatabases } from '../support/databases.js';
import { fixturePack } from '../support/fixture-pack.js';
import { asOwner } from '../support/owner-access.js';
import { expectOk } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';

/**
 * The second wall: the database itself keeps counties apart, so a query that forgets its
 * county filter still cannot reach another county's rows.
 */
for (const database of testDatabases()) {
  describe(`row-level security on ${database.name}`, () => {
    let engine: Engine;
    let options: StoreOptions;

    beforeAll(async () => {
      options = database.options();
      engine = await startTestEngine(options);
      // Items in two counties.
      const yunan = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      expectOk(await yunan.createItem(intake(), { stationId: 'ducheng-central' }), 201);
      const published = await publishPack(engine.store, engine.registry, fixturePack({ county: 'maonan' }));
      expect(published.ok).toBe(true);
      const maonan = client(engine.app, await login(engine.app, 'maonan', 'staff'));
      expectOk(await maonan.post('/api/items', { packId: 'fixture', flowId: 'decide', payload: { ok: true, note: '茂南区的事项' } }), 201);
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const countyTables = Object.entries(TABLE_ACCESS).filter(([, access]) => access.county).map(([table]) => table as keyof typeof TABLE_ACCESS);

    it('a query without a county filter sees only the county of its transaction', async () => {
      for (const county of ['yunan', 'maonan']) {
        for (const table of countyTables) {
          const rows = await engine.store.inCounty(county, (trx) => trx.selectFrom(table).select('countyId').execute());
          expect(rows.every((r) => r.countyId === county), `${table} in ${county}`).toBe(true);
        }
        const items = await engine.store.inCounty(county, (trx) => trx.selectFrom('items').select('countyId').execute());
        expect(items.length, `items of ${county}`).toBeGreaterThan(0);
      }
      // The owner sees both counties' items: the rows are there, the application cannot reach them.
      const all = await asOwner(engine, options, (db) => db.selectFrom('items').select('county_id').distinct().execute());
      expect(all.map((r) => r.county_id).sort()).toEqual(['maonan', 'yunan']);
    });

    it('outside any county the application sees no county rows at all', async () => {
      for (const table of countyTables) {
        const rows = await engine.store.db.selectFrom(table).select('countyId').execute();
        expect(rows, table).toEqual([]);
      }
    });

    it("a write into another county's rows is refused by the database", async () => {
      await expect(
        engine.store.inCounty('yunan', (trx) =>
          trx.insertInto('drafts').values({ countyId: 'maonan', userId: 'x', draftKey: 'start:a:b', payload: '{}', updatedAt: new Date() }).execute(),
        ),
      ).rejects.toThrow(/row-level security/);
      const moved = await engine.store.inCounty('yunan', (trx) => trx.updateTable('items').set({ title: '被改动' }).where('countyId', '=', 'maonan').executeTakeFirst());
      expect(Number(moved.numUpdatedRows)).toBe(0);
    });

    it('every county table forces row-level security, and the application role can bypass none of it', async () => {
      const tables = await asOwner(engine, options, (db) =>
        sql<{ name: string; enabled: boolean; forced: boolean }>`select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
          from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'`.execute(db),
      );
      for (const table of countyTables) expect(tables.rows.find((t) => t.name === tableName(table)), table).toMatchObject({ enabled: true, forced: true });
      const role = await engine.store.inCounty('yunan', (trx) =>
        sql<{ superuser: boolean; bypass: boolean; owns: number }>`select rolsuper as superuser, rolbypassrls as bypass,
          (select count(*)::int from pg_tables where tableowner = current_user) as owns from pg_roles where rolname = current_user`.execute(trx),
      );
      expect(role.rows[0]).toEqual({ superuser: false, bypass: false, owns: 0 });
    });
  });
}
