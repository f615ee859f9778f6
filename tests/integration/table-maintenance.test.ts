import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { TableMaintenance } from '../../engine/store/table-maintenance.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';

describe('table maintenance decides by the rows written', () => {
  it('vacuums a table past 50 rows plus a tenth of its size, then counts again from zero', async () => {
    const vacuumed: string[] = [];
    const sizes = new Map([['items', 1000], ['item_counts', 10], ['events', 0]]);
    const maintenance = new TableMaintenance({ rows: async () => sizes, vacuum: async (table) => void vacuumed.push(table) });
    maintenance.note('items', 140); // under 50 + 100
    maintenance.note('item_counts', 60); // over 50 + 1
    maintenance.note('events', 40); // under 50
    expect(await maintenance.sweep()).toEqual(['item_counts']);
    maintenance.note('items', 20);
    maintenance.note('events', 20);
    expect(await maintenance.sweep()).toEqual(['items', 'events']);
    expect(await maintenance.sweep()).toEqual([]);
    expect(vacuumed).toEqual(['item_counts', 'items', 'events']);
  });
});

for (const database of testDatabases()) {
  describe(`table maintenance on ${database.name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await startTestEngine({ ...database.options(), maintenanceIntervalMs: 0 } as never);
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('vacuums and analyzes the tables events write where no autovacuum does, as their owner, and the engine goes on as the application', async (context) => {
      if (!engine.store.maintenance) {
        console.log(`skipped on ${database.name}: its autovacuum is on, and keeps the tables itself`);
        context.skip();
      }
      const deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      for (let i = 0; i < 60; i++) expect((await deputy.createItem(intake(`维护测试第${i + 1}条`))).statusCode).toBe(201);
      // Each suggestion arms its reminder: the timers table is rewritten too.
      expect((await engine.store.maintenance!.sweep()).sort()).toEqual(['events', 'item_counts', 'timers']);
      // VACUUM ran (ANALYZE gave the planner the table's size), and the connection is the application's again.
      const { rows } = await sql<{ reltuples: number; user: string }>`select reltuples::float8 as reltuples, current_user as user from pg_class
        where relname = 'events' and relnamespace = current_schema()::regnamespace`.execute(engine.store.db);
      expect(rows[0].reltuples).toBeGreaterThanOrEqual(60);
      expect(rows[0].user).toBe(engine.store.appRole);
      expect((await deputy.createItem(intake('维护之后'))).statusCode).toBe(201);
      expect(await engine.store.maintenance!.sweep()).toEqual([]);
    });

    it('gathers no statistics on the columns nothing filters on (the big JSON), and keeps those the lists and lookups use', async () => {
      // Migration 0019: ANALYZE samples every column; the snapshot and payload cost the most and help no plan.
      const { rows } = await sql<{ table: string; column: string; target: number }>`
        select c.relname as table, a.attname as column, coalesce(a.attstattarget, -1)::int as target
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        where c.relnamespace = current_schema()::regnamespace and c.relname in ('events', 'items') and a.attnum > 0 and not a.attisdropped`.execute(engine.store.db);
      const target = (table: string, column: string) => rows.find((r) => r.table === table && r.column === column)?.target;
      for (const column of ['payload', 'snapshot_after', 'state_before', 'state_after', 'seal']) expect(target('events', column), column).toBe(0);
      expect(target('items', 'snapshot')).toBe(0);
      for (const column of ['county_id', 'item_id', 'actor_id', 'idempotency_key', 'created_at']) expect(target('events', column), column).toBe(-1);
      for (const column of ['status', 'station_id', 'due_at', 'state_paths', 'assignee']) expect(target('items', column), column).toBe(-1);
    });
  });
}
