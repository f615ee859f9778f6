import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR, startEngine, type Engine } from '../../engine/engine.js';
import { RecordKeys } from '../../engine/record/record-keys.js';
import { createPostgresDialect } from '../../engine/store/dialects/postgres-dialect.js';
import { createPGliteDialect } from '../../engine/store/dialects/serial-pglite-dialect.js';
import { migrateToLatest, migrations } from '../../engine/store/migrator.js';
import type { OwnerDatabase } from '../../engine/store/owner-database.js';
import type { StoreOptions } from '../../engine/store/store.js';
import { testDatabases } from '../support/databases.js';
import { client, login } from '../support/test-engine.js';
import { intake, reply } from '../support/yunan-payloads.js';

/**
 * Migrations that fill new tables from the rows already there (search rows, item counts) run on
 * a county with items: the schema is taken back to before them and brought up again, as an
 * installation upgrading with its data would.
 */
for (const database of testDatabases()) {
  describe(`migrations over existing items on ${database.name}`, () => {
    const secret = randomBytes(32);
    let dataDir: string | undefined;
    afterAll(async () => {
      await database.cleanup();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('fill the search rows and the item counts of every item, and the lists answer from them', async () => {
      // PGlite in a folder (not in memory), so the data outlives the engine.
      if (database.name === 'pglite') dataDir = await mkdtemp(join(tmpdir(), 'renda-migrate-'));
      const options: StoreOptions = database.name === 'pglite' ? { dataDir } : database.options();
      const start = () => startEngine({ ...options, signingSecret: secret, seed: true, packsDir: DEFAULT_PACKS_DIR });

      let engine: Engine = await start();
      const deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      const staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      const ids: string[] = [];
      for (const title of ['迁移测试：九星湖水质', '迁移测试：桂圩村路灯', '迁移测试：文化广场']) ids.push((await deputy.createItem(intake(title))).json().item.id);
      expect((await staff.send(ids[0], 'TRIAGE', { mechanism: 'micro' })).statusCode).toBe(200);
      expect((await staff.send(ids[0], 'HANDLE', reply)).statusCode).toBe(200);
      await engine.close();

      const owner: OwnerDatabase = new Kysely({ dialect: options.databaseUrl ? createPostgresDialect(options.databaseUrl, options.schema) : createPGliteDialect(dataDir) });
      try {
        const all = migrations(new RecordKeys(secret));
        const migrator = new Migrator({ db: owner, provider: { getMigrations: async () => all }, ...(options.schema ? { migrationTableSchema: options.schema } : {}) });
        const back = await migrator.migrateTo('0004-login-audit');
        expect(back.error).toBeUndefined();
        expect(await migrateToLatest(owner, new RecordKeys(secret), options.schema)).toBe(true);
      } finally {
        await owner.destroy();
      }

      engine = await start();
      try {
        const auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
        const search = async (q: string) => (await auditor.get(`/api/items?q=${encodeURIComponent(q)}`)).json().items.map((i: { id: string }) => i.id);
        expect(await search('九星湖')).toEqual([ids[0]]);
        expect(await search('积水问题已解决')).toEqual([ids[0]]); // written by a later event
        const totals = await engine.store.inCounty('yunan', async (trx) => ({
          items: Number((await sql<{ n: string }>`select count(*) as n from items where county_id = 'yunan'`.execute(trx)).rows[0].n),
          searchRows: Number((await sql<{ n: string }>`select count(*) as n from item_search where county_id = 'yunan'`.execute(trx)).rows[0].n),
          counted: Number((await sql<{ n: string }>`select coalesce(sum(n), 0) as n from item_counts where county_id = 'yunan' and path = ''`.execute(trx)).rows[0].n),
        }));
        expect(totals).toEqual({ items: 3, searchRows: 3, counted: 3 });
        expect((await auditor.get('/api/items?status=active&pageSize=1')).json().total).toBe(3);
      } finally {
        await engine.close();
      }
    });
  });
}
