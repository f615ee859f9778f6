import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { PackRegistry } from '../../engine/packs/pack-registry.js';
import { takeCheckpoints } from '../../engine/record/checkpoints.js';
import { loadPublishedPacks, publishPack } from '../../engine/runtime/pack-publisher.js';
import { seedDemo } from '../../engine/seed/demo-seed.js';
import { outboxMessage } from '../../engine/domain/outbox-message.js';
import { TABLE_ACCESS } from '../../engine/store/database-roles.js';
import type { Database } from '../../engine/store/database-schema.js';
import { tableName } from '../../engine/store/row-naming.js';
import { attachmentFixturePack, FIELD_VISITS } from '../support/attachment-fixture-pack.js';
import { importDirectory, upload } from '../support/attachment-upload.js';
import { checkCountyFilter } from '../support/county-filter-check.js';
import { testDatabases } from '../support/databases.js';
import { publicBoardFixturePack, VILLAGE_AFFAIRS } from '../support/public-board-fixture-pack.js';
import { expectOk } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake, reply, satisfied, triageTo } from '../support/yunan-payloads.js';

/**
 * Every statement the application runs on a county table names the county, so that on Citus it
 * routes to one shard (docs/adr/0008-citus-distribution.md). The county tables are those
 * TABLE_ACCESS marks as county-owned, so a new table is covered the day it is declared. The
 * scenario drives every route the web app uses and the engine's cross-county loops (pack
 * loading, seeding, the session sweep, checkpoints); a new query that forgets county_id fails
 * here with its SQL. Migrations are out of scope: they run once, as the owner, before the
 * application's first query.
 */
const COUNTY_TABLES = new Set(
  (Object.entries(TABLE_ACCESS) as Array<[keyof Database, { county: boolean }]>).filter(([, a]) => a.county).map(([table]) => tableName(table)),
);
const COUNTIES = new Set(['yunan', 'maonan', 'chizhou']);

describe('the county filter check reads the SQL it is given', () => {
  const check = (statement: string, parameters: unknown[] = ['yunan']) => checkCountyFilter(statement, parameters, COUNTY_TABLES, COUNTIES).problems;

  it('accepts a query that names the county, an insert that writes it, and a join or subquery tied to a named county', () => {
    expect(check('select * from "items" where "county_id" = $1 and "id" = $2', ['yunan', 'x'])).toEqual([]);
    expect(check('insert into "events" ("county_id", "item_id") values ($1, $2)', ['yunan', 'x'])).toEqual([]);
    expect(check('update "items" set "version" = $1 where "county_id" = $2 and "id" = $3', [2, 'yunan', 'x'])).toEqual([]);
    expect(
      check(
        'select "users"."id" from "sessions" inner join "users" on "users"."county_id" = "sessions"."county_id" and "users"."id" = "sessions"."user_id" where "sessions"."county_id" = $1',
      ),
    ).toEqual([]);
    expect(
      check('select * from "items" where "county_id" = $1 and exists (select 1 as "one" from "events" where "events"."county_id" = "items"."county_id" and "events"."actor_id" = $2)', ['yunan', 'u']),
    ).toEqual([]);
    expect(check('select "id" from "counties"', [])).toEqual([]);
    // Conditions kysely groups in parentheses, and a county written as a literal (inCountyStatement).
    expect(check('select * from "items" where ("county_id" = $1 and "status" = $2)', ['yunan', 'active'])).toEqual([]);
    expect(check(`set local renda.county_id = 'yunan'; select * from "items" where "county_id" = 'yunan' and "id" = 'x'`, [])).toEqual([]);
    // Writes chained in one statement by data-modifying WITH queries: each body is its own scope.
    expect(
      check(
        'with "cleared" as (delete from "drafts" where "county_id" = $1 and "user_id" = $2 and "draft_key" = $3), "appended" as (insert into "events" ("county_id", "item_id") values ($4, $5)) update "items" set "version" = $6 where "county_id" = $7 and "id" = $8 and "version" = $9',
        ['yunan', 'u', 'k', 'yunan', 'x', 2, 'yunan', 'x', 1],
      ),
    ).toEqual([]);
  });

  it('refuses a query without the county, with it only under OR, bound to something else, or a table it cannot read', () => {
    expect(check('select * from "items" where "status" = $1', ['active'])).toHaveLength(1);
    expect(check('select count(*) as "n" from "items" where "pack_id" = $1 or "county_id" = $2', ['p', 'yunan'])).toHaveLength(1);
    expect(check('select * from "items" where ("pack_id" = $1 or "county_id" = $2)', ['p', 'yunan'])).toHaveLength(1);
    expect(check('select * from "items" where "county_id" = $1', ['not-a-county'])).toHaveLength(1);
    expect(check('insert into "drafts" ("user_id", "draft_key") values ($1, $2)', ['u', 'k'])).toHaveLength(1);
    expect(check('delete from "sessions" where "expires_at" <= $1', [new Date()])).toHaveLength(1);
    // The outer query names its county, the subquery is not tied to it.
    expect(check('select * from "items" where "county_id" = $1 and exists (select 1 from "events" where "events"."item_id" = "items"."id")')).toHaveLength(1);
    // A join tied to nothing that names a county.
    expect(check('select * from "items" as "i" inner join "events" as "e" on "e"."item_id" = "i"."id" where "i"."county_id" = $1')).toHaveLength(1);
    expect(check('truncate "events"', [])).toHaveLength(1);
    // One WITH query's filter does not cover the table the main statement writes.
    expect(check('with "cleared" as (delete from "drafts" where "county_id" = $1) update "items" set "version" = $2 where "id" = $3', ['yunan', 2, 'x'])).toHaveLength(1);
  });
});

for (const database of testDatabases()) {
  describe(`every query on a county table names its county, on ${database.name}`, () => {
    let engine: Engine;
    let capturing = false;
    const captured: CompiledQuery[] = [];

    beforeAll(async () => {
      engine = await startTestEngine({ ...database.options(), onQuery: (query) => capturing && captured.push(query) });
      capturing = true;
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('while a broad scenario runs through the API and the engine’s loops over counties', async () => {
      const { app, store } = engine;
      // What start-up and the timers do, county by county.
      expect((await publishPack(store, engine.registry, attachmentFixturePack())).ok).toBe(true);
      expect((await publishPack(store, engine.registry, publicBoardFixturePack())).ok).toBe(true);
      await loadPublishedPacks(store, new PackRegistry());
      await seedDemo(store);

      // Logging in, refused and accepted; who am I; logging out.
      expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { county: 'yunan', username: 'staff', password: 'wrong-password' } })).statusCode).toBe(401);
      expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { county: 'yunan', username: 'nobody', password: 'wrong-password' } })).statusCode).toBe(401);
      const staffCookie = await login(app, 'yunan', 'staff');
      const staff = client(app, staffCookie);
      const deputy = client(app, await login(app, 'yunan', 'deputy'));
      const department = client(app, await login(app, 'yunan', 'department'));
      const auditor = client(app, await login(app, 'yunan', 'auditor'));
      const leaving = client(app, await login(app, 'maonan', 'staff'));
      expectOk(await staff.get('/api/auth/me'));
      expect((await leaving.post('/api/auth/logout')).statusCode).toBeLessThan(300);
      expect((await leaving.get('/api/auth/me')).statusCode).toBe(401);

      // The county's lists of reference data.
      expectOk(await staff.get('/api/counties'));
      expectOk(await staff.get('/api/stations'));
      const users = expectOk(await auditor.get('/api/users'));
      expectOk(await auditor.get('/api/users?role=deputy'));
      expectOk(await staff.get('/api/catalogue'));
      expectOk(await staff.get('/api/packs'));

      // Items through their flow, a retried request, drafts along the way.
      const draftKey = encodeURIComponent('start:yunan-suggestions:suggestion');
      expectOk(await app.inject({ method: 'PUT', url: `/api/drafts/${draftKey}`, headers: { cookie: staffCookie }, payload: { payload: { title: '草稿' } } }));
      expectOk(await app.inject({ method: 'GET', url: `/api/drafts/${draftKey}`, headers: { cookie: staffCookie } }));
      expect((await app.inject({ method: 'DELETE', url: `/api/drafts/${draftKey}`, headers: { cookie: staffCookie } })).statusCode).toBe(204);
      const created = expectOk(await deputy.createItem(intake('县域过滤测试：路灯不亮'), { stationId: 'ducheng-central' }, { 'idempotency-key': 'county-filter-1' }), 201);
      expectOk(await deputy.createItem(intake('县域过滤测试：路灯不亮'), { stationId: 'ducheng-central' }, { 'idempotency-key': 'county-filter-1' }), 200);
      const id = created.item.id as string;
      expectOk(await staff.send(id, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局'), { 'idempotency-key': 'county-filter-2' }));
      expectOk(await staff.send(id, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局'), { 'idempotency-key': 'county-filter-2' }));
      expectOk(await department.send(id, 'ACCEPT'));
      expectOk(await department.send(id, 'REPLY', reply));
      expectOk(await deputy.send(id, 'RATE', satisfied));
      expectOk(await deputy.createItem(intake('县域过滤测试：未指定站点')), 201);

      // Every list filter, sort and page; the inbox of each role; an item and its trace.
      const staffId = users.find((u: { username: string }) => u.username === 'staff').id as string;
      const from = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
      const to = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
      for (const query of [
        '',
        'pack=yunan-suggestions',
        'flow=suggestion',
        'state=rating',
        'station=ducheng-central',
        'status=done',
        `createdBy=${staffId}`,
        `actor=${staffId}`,
        `q=${encodeURIComponent('路灯')}`,
        `from=${from}&to=${to}`,
        'page=2&pageSize=1',
        `pack=yunan-suggestions&flow=suggestion&state=intake&station=ducheng-central&status=active&createdBy=${staffId}&actor=${staffId}&q=x&from=${from}&to=${to}`,
      ]) {
        expectOk(await auditor.get(`/api/items?${query}`));
      }
      for (const c of [staff, deputy, department, auditor]) expectOk(await c.get('/api/inbox'));
      expectOk(await auditor.get('/api/items/link-counts?kind=unit'));
      expectOk(await department.get('/api/items')); // a unit's items (unit_items)
      expectOk(await staff.get(`/api/items/${id}`));

      // Attachments, the public board, checkpoints and the audit of the record.
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
      const file = expectOk(await upload(app, staffCookie, { name: 'site.png', type: 'image/png', bytes: png }), 201);
      expect((await staff.get(`/api/attachments/${file.id}`)).statusCode).toBe(200);
      expectOk(await staff.get(`/api/attachments/${file.id}/meta`));
      const visit = expectOk(await staff.createItem({ subject: '走访桂圩村', photos: [file.id] }, { packId: FIELD_VISITS.packId, flowId: FIELD_VISITS.flowId }), 201);
      expectOk(await staff.send(visit.item.id, 'FOLLOW_UP', { done: true }));
      expectOk(await staff.createItem({ category: 'road', village: 'guixu', households: 12, summary: '路灯坏了', name: '欧阳修远', phone: '13812341234' }, { packId: VILLAGE_AFFAIRS.packId, flowId: VILLAGE_AFFAIRS.opinionFlow, stationId: 'ducheng-central' }), 201);
      expectOk(await app.inject({ method: 'GET', url: '/api/public/counties/yunan/stations/ducheng-central/board' }));

      // The administrator's directory: people, units, stations, and the whole of it through Excel.
      const adminCookie = await login(app, 'yunan', 'admin');
      const admin = client(app, adminCookie);
      const unit = expectOk(await admin.post('/api/admin/units', { name: '县域过滤测试局', kind: '承办单位' }), 201);
      expectOk(await admin.patch(`/api/admin/units/${unit.id}`, { kind: null }));
      const person = expectOk(await admin.post('/api/admin/people', { username: 'filter-1', displayName: '甲', password: 'first-pass-1', roles: ['staff'], unitId: unit.id }), 201);
      expectOk(await admin.patch(`/api/admin/people/${person.id}`, { deputyLevel: 'county' }));
      expect((await admin.post(`/api/admin/people/${person.id}/password`, { password: 'reset-pass-2' })).statusCode).toBe(204);
      expectOk(await admin.post('/api/admin/stations', { id: 'filter-village', name: '过滤村联络站', stationType: 'village-station', parentId: 'dawan-area' }), 201);
      expectOk(await admin.put('/api/admin/stations/filter-village', { name: '过滤村联络站', stationType: 'village-station', parentId: 'ducheng-central', attributes: {}, villages: [], openedOn: null, closedOn: null }));
      for (const path of ['people', 'units', 'stations']) expectOk(await admin.get(`/api/admin/${path}`));
      const workbook = await admin.get('/api/admin/directory.xlsx');
      expect(workbook.statusCode).toBe(200);
      expectOk(await importDirectory(app, adminCookie, workbook.rawPayload));

      // Notifications: a message through the outbox to the in-app list, read one by one and all at once.
      await store.outbox.add('yunan', [
        outboxMessage({ countyId: 'yunan', createdAt: new Date(), itemId: id, eventSeq: 1, kind: 'remind', recipients: [{ kind: 'roles', roles: ['staff'], stationId: 'ducheng-central' }, { kind: 'unit', id: 'none' }, { kind: 'user', id: 'none' }], message: { title: { 'zh-CN': '提醒', en: 'Reminder' } } }),
      ]);
      await engine.outbox.runOnce();
      const notes = expectOk(await staff.get('/api/notifications?unread=true'));
      expectOk(await staff.get('/api/notifications/unread-count'));
      expect((await staff.post(`/api/notifications/${notes.notifications[0].id}/read`)).statusCode).toBe(204);
      expectOk(await staff.post('/api/notifications/read-all'));

      // Time: the timer worker's claim of due timers, and a round of the recurring duties with their boards.
      await engine.timers.runOnce();
      await engine.duties.runOnce();
      const chizhouAdmin = client(app, await login(app, 'chizhou', 'admin'));
      expectOk(await chizhouAdmin.get('/api/duties'));
      expectOk(await chizhouAdmin.get('/api/duties/chizhou-party-building/monthly-meeting'));

      await takeCheckpoints(store, engine.keys);
      expectOk(await auditor.get(`/api/items/${id}/trace`));
      const exported = expectOk(await auditor.get('/api/audit/checkpoints'));
      expectOk(await auditor.post('/api/audit/verify', { held: exported.checkpoints.map((c: { seq: number; signature: string }) => ({ seq: c.seq, signature: c.signature })) }));
      await store.users.deleteExpiredSessions(new Date());

      const verdicts = captured.map((query) => ({ sql: query.sql, ...checkCountyFilter(query.sql, query.parameters, COUNTY_TABLES, COUNTIES) }));
      const failing = [...new Set(verdicts.filter((v) => v.problems.length).map((v) => `${v.problems.join('; ')}\n    ${v.sql}`))];
      expect(failing, `statements that do not name their county:\n${failing.join('\n')}`).toEqual([]);
      // The scenario reached every county table: a table no statement touched would pass unseen.
      const touched = new Set(verdicts.flatMap((v) => v.tables));
      expect([...COUNTY_TABLES].filter((t) => !touched.has(t))).toEqual([]);
    });
  });
}
