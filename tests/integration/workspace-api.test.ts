import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import type { Inbox } from '../../engine/runtime/inbox-service.js';
import type { Board } from '../../engine/runtime/public-board.js';
import { hashPassword } from '../../engine/auth/passwords.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake, reply, triageTo } from '../support/yunan-payloads.js';

/** The API behind the web app's inbox, search and public board. */
for (const database of testDatabases()) {
  describe(`workspace API on ${database.name}`, () => {
    let engine: Engine;
    let deputy: ReturnType<typeof client>;
    let staff: ReturnType<typeof client>;
    let department: ReturnType<typeof client>;
    let auditor: ReturnType<typeof client>;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      department = client(engine.app, await login(engine.app, 'yunan', 'department'));
      auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const inboxIds = async (c: ReturnType<typeof client>) => ((await c.get('/api/inbox')).json() as Inbox).items.map((i) => i.id);
    const create = async (title: string, stationId = 'ducheng-central') => (await deputy.createItem(intake(title), { stationId })).json().item.id as string;

    it('each role finds in its inbox what waits for it, and only that', async () => {
      const id = await create('收件箱测试：路灯不亮');
      expect(await inboxIds(staff)).toContain(id);
      expect(await inboxIds(department)).not.toContain(id);
      expect(await inboxIds(deputy)).not.toContain(id);

      await staff.send(id, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局'));
      expect(await inboxIds(staff)).not.toContain(id);
      expect(await inboxIds(department)).toContain(id);

      await department.send(id, 'ACCEPT');
      await department.send(id, 'REPLY', reply);
      // Rating waits for the submitter: the deputy, not the staff member (who holds a role RATE allows).
      expect(await inboxIds(deputy)).toContain(id);
      expect(await inboxIds(staff)).not.toContain(id);

      const inbox: Inbox = (await deputy.get('/api/inbox')).json();
      const count = inbox.countsByState.find((c) => c.path === 'rating')!;
      expect(count.label['zh-CN']).toBe('待满意度测评');
      expect(count.count).toBeGreaterThanOrEqual(1);
      // The reply entered the rating state, which gives the submitter seven days (P7D) from then.
      const waiting = inbox.items.find((i) => i.id === id)!;
      expect(waiting.dueAt).toBe(new Date(Date.parse(waiting.updatedAt) + 7 * 24 * 3_600_000).toISOString());
    });

    it('a deputy files at their stations and those under them, not elsewhere', async () => {
      expect(await create('下级站点的建议', 'guixu-village')).toBeTruthy(); // under ducheng-central
      const refused = await deputy.createItem(intake('其他站点的建议'), { stationId: 'jiancheng-central' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toMatchObject({ code: 'STATION_NOT_YOURS', messages: { 'zh-CN': expect.stringContaining('stationId'), en: expect.stringContaining('stationId') } });
    });

    it('an inbox shows only the user’s stations (and items at no station)', async () => {
      // Filed by a deputy of that other station.
      await engine.store.users.createUser({
        countyId: 'yunan', id: 'deputy-jiancheng', username: 'deputy-jiancheng', displayName: '代表 建城', roles: ['deputy'], stationIds: ['jiancheng-central'],
        passwordHash: await hashPassword(DEMO_PASSWORD),
      });
      const other = client(engine.app, await login(engine.app, 'yunan', 'deputy-jiancheng'));
      const elsewhere = (await other.createItem(intake('其他站点的建议'), { stationId: 'jiancheng-central' })).json().item.id as string;
      const here = await create('本站点的建议', 'ducheng-central');
      const nowhere = (await deputy.createItem(intake('未指定站点的建议'))).json().item.id;
      const ids = await inboxIds(staff); // staff works at ducheng-central
      expect(ids).toContain(here);
      expect(ids).toContain(nowhere);
      expect(ids).not.toContain(elsewhere);
    });

    it('auditors search by free text and by actor', async () => {
      const id = await create('关于整治九星湖水质的建议');
      const found = (await auditor.get(`/api/items?q=${encodeURIComponent('九星湖')}`)).json();
      expect(found.items.map((i: { id: string }) => i.id)).toEqual([id]);
      const literal = (await auditor.get(`/api/items?q=${encodeURIComponent('%')}`)).json();
      expect(literal.items.map((i: { id: string }) => i.id)).not.toContain(id); // % is a character, not a wildcard

      await staff.send(id, 'TRIAGE', { mechanism: 'micro' });
      const users = (await auditor.get('/api/users')).json();
      const staffId = users.find((u: { username: string }) => u.username === 'staff').id;
      const byActor = (await auditor.get(`/api/items?actor=${staffId}`)).json();
      expect(byActor.items.map((i: { id: string }) => i.id)).toContain(id);
      const deputies = (await auditor.get('/api/users?role=deputy')).json();
      expect(deputies.every((u: { roles: string[] }) => u.roles.includes('deputy'))).toBe(true);
    });

    it('the public board needs no login and shows a suggestion once triaged, titled by its template', async () => {
      const id = await create('公示测试：桥梁护栏破损');
      const url = '/api/public/counties/yunan/stations/ducheng-central/board';
      const before = await engine.app.inject({ method: 'GET', url });
      expect(before.statusCode).toBe(200);
      expect((before.json() as Board).items.map((i) => i.id)).not.toContain(id); // awaiting triage: not public yet

      await staff.send(id, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局'));
      const board: Board = (await engine.app.inject({ method: 'GET', url })).json();
      expect(board.station.name).toBe('都城镇人大代表中心联络站');
      const item = board.items.find((i) => i.id === id)!;
      expect(item.title).toEqual({ 'zh-CN': '基础设施建设建议 · 入户走访', en: 'Infrastructure suggestion · Household visit' });
      expect(item.fields.mechanism).toEqual({ 'zh-CN': '一般建议速交办', en: 'General: assign fast' });
      expect(item.fields.department).toBe('县住房城乡建设局');
      expect(item.fieldTitles.mechanism).toEqual({ 'zh-CN': '办理机制', en: 'Mechanism' });
      expect(item.state).toEqual([{ 'zh-CN': '待承办单位签收', en: 'Awaiting the department' }]);
      const text = JSON.stringify(board);
      expect(text).not.toContain('13800138000');
      expect(text).not.toContain('张三');
      expect(text).not.toContain('公示测试：桥梁护栏破损'); // a typed title never heads the board
      expect(text).not.toContain('桂圩村村道破损严重'); // the full content is never on the board

      const unknown = await engine.app.inject({ method: 'GET', url: '/api/public/counties/yunan/stations/nowhere/board' });
      expect(unknown.statusCode).toBe(404);
      const otherCounty = await engine.app.inject({ method: 'GET', url: '/api/public/counties/maonan/stations/ducheng-central/board' });
      expect(otherCounty.statusCode).toBe(404);
    });
  });
}
