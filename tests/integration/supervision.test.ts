import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR, startEngine, type Engine } from '../../engine/engine.js';
import { hashPassword } from '../../engine/auth/passwords.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { testDatabases } from '../support/databases.js';
import { expectError, expectOk } from '../support/responses.js';
import { TestClock } from '../support/test-clock.js';
import { client, login } from '../support/test-engine.js';
import { intake, triageTo } from '../support/yunan-payloads.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 1 March 2021, 10:00 in the county (02:00 UTC): a week without holidays, far from any wall clock. */
const START = '2021-03-01T02:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();
/** A deadline in working days ends with the county's day: Wednesday 23:59:59.999 in the county. */
const WEDNESDAY_END = '2021-03-03T15:59:59.999Z';

type Client = ReturnType<typeof client>;
type Row = { unitId?: string | null; unitName?: string | null; stationId?: string | null; stationName?: string | null; overdue: number; dueSoon: number; oldestDueAt: string | null };

/** Rows without ids, as a person reads them: name, overdue, due soon, oldest missed deadline. */
const byUnit = (view: { byUnit: Row[] }) => view.byUnit.map((r) => [r.unitName, r.overdue, r.dueSoon, r.oldestDueAt]);
const byStation = (view: { byStation: Row[] }) => view.byStation.map((r) => [r.stationName, r.overdue, r.dueSoon, r.oldestDueAt]);

/**
 * The supervision view (督办看板) over the 郁南 suggestion flow, whose deadlines are data: 待分类交办
 * (submitted) P3D, unassigned; 待承办单位签收 (general.assigned) 2 working days, assigned to the
 * unit; 承办单位办理中 (general.handling) 15 working days. Five items, all filed on Monday 10:00:
 *   a  都城镇中心站, left in triage                         due Thu 10:00 (3 days)
 *   b  桂圩村站 (under 都城 by 大湾), to 住建局               due at the end of Wednesday (2 working days)
 *   c  建城镇中心站, to 交通运输局, accepted                   due at the end of Monday 22 March (15 working days)
 *   d  建城镇中心站, to 住建局                                due at the end of Wednesday
 *   e  都城镇中心站, filed a day later, left in triage        due Fri 10:00
 * The clock then stands at Thursday 11:00: a, b and d are overdue, e is due within 24 hours.
 * No timer is fired (the worker's rounds are off), so nothing escalates under the counts.
 */
for (const database of testDatabases()) {
  describe(`supervision view on ${database.name}`, () => {
    const clock = new TestClock(START);
    let engine: Engine;
    let staff: Client;
    let auditor: Client;
    let department: Client;
    let transport: Client;
    let jiancheng: Client;
    let maonan: Client;
    const ids: Record<'a' | 'b' | 'c' | 'd' | 'e', string> = { a: '', b: '', c: '', d: '', e: '' };
    const units: Record<string, string> = {};

    const listed = async (who: Client, query: string) => {
      const page = expectOk(await who.get(`/api/items?${query}&pageSize=100`));
      const names = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
      expect(page.total).toBe(page.items.length);
      return (page.items as Array<{ id: string }>).map((i) => names[i.id] ?? i.id).sort();
    };

    beforeAll(async () => {
      engine = await startEngine({ ...database.options(), clock, signingSecret: randomBytes(32), seed: true, packsDir: DEFAULT_PACKS_DIR, timerIntervalMs: 0, outboxIntervalMs: 0 });
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      await engine.store.users.createUser({ countyId: 'yunan', id: 'u-staff-jiancheng', username: 'staff-jiancheng', displayName: '联络员 建城', roles: ['staff'], stationIds: ['jiancheng-central'], passwordHash });
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
      department = client(engine.app, await login(engine.app, 'yunan', 'department'));
      transport = client(engine.app, await login(engine.app, 'yunan', 'transport'));
      jiancheng = client(engine.app, await login(engine.app, 'yunan', 'staff-jiancheng'));
      maonan = client(engine.app, await login(engine.app, 'maonan', 'auditor'));
      for (const u of expectOk(await auditor.get('/api/units')) as Array<{ id: string; name: string }>) units[u.name] = u.id;

      const file = async (who: Client, title: string, stationId: string) => expectOk(await who.createItem(intake(title), { stationId }), 201).item.id as string;
      ids.a = await file(staff, '都城镇：集市路面破损', 'ducheng-central');
      ids.b = await file(staff, '桂圩村：危房改造', 'guixu-village');
      expectOk(await staff.send(ids.b, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局')));
      ids.c = await file(jiancheng, '建城镇：客运班线加密', 'jiancheng-central');
      expectOk(await jiancheng.send(ids.c, 'TRIAGE', await triageTo(jiancheng, 'general', '县交通运输局')));
      expectOk(await transport.send(ids.c, 'ACCEPT'));
      ids.d = await file(jiancheng, '建城镇：自来水管网改造', 'jiancheng-central');
      expectOk(await jiancheng.send(ids.d, 'TRIAGE', await triageTo(jiancheng, 'general', '县住房城乡建设局')));
      clock.set(at(DAY));
      ids.e = await file(staff, '都城镇：路灯不亮', 'ducheng-central');
      clock.set(at(3 * DAY + HOUR));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('the deadlines are the flow’s, as the counts below assume', async () => {
      const due = async (id: string) => (await engine.store.items.getItem('yunan', id))!.dueAt?.toISOString();
      expect([await due(ids.a), await due(ids.b), await due(ids.c), await due(ids.d), await due(ids.e)]).toEqual([
        at(3 * DAY),
        WEDNESDAY_END,
        '2021-03-22T15:59:59.999Z',
        WEDNESDAY_END,
        at(4 * DAY),
      ]);
    });

    it('counts overdue and due-soon items per unit and per station for a county-wide reader, worst first', async () => {
      const view = expectOk(await auditor.get('/api/supervision'));
      expect(view.at).toBe(at(3 * DAY + HOUR));
      expect(view.soonHours).toBe(24);
      expect(byUnit(view)).toEqual([
        ['县住房城乡建设局', 2, 0, WEDNESDAY_END],
        [null, 1, 1, at(3 * DAY)],
      ]);
      expect(view.byUnit.map((r: Row) => r.unitId)).toEqual([units['县住房城乡建设局'], null]);
      expect(byStation(view)).toEqual([
        ['都城镇人大代表中心联络站', 1, 1, at(3 * DAY)],
        ['桂圩镇桂圩村联络站', 1, 0, WEDNESDAY_END],
        ['建城镇人大代表中心联络站', 1, 0, WEDNESDAY_END],
      ]);
      expect(view.totals).toEqual({ overdue: 3, dueSoon: 1, oldestDueAt: WEDNESDAY_END });
    });

    it('looks further ahead with soonHours, and moves with the clock', async () => {
      // Thirty days ahead: c (due in 18 days) is due soon too, 交通运输局's only item.
      const wide = expectOk(await auditor.get('/api/supervision?soonHours=720'));
      expect(byUnit(wide)).toEqual([
        ['县住房城乡建设局', 2, 0, WEDNESDAY_END],
        [null, 1, 1, at(3 * DAY)],
        ['县交通运输局', 0, 1, null],
      ]);
      expect(wide.totals).toEqual({ overdue: 3, dueSoon: 2, oldestDueAt: WEDNESDAY_END });
      // Wednesday 11:00: nothing overdue yet; b and d due tonight, a tomorrow at 10:00, all within the day.
      clock.set(at(2 * DAY + HOUR));
      const before = expectOk(await auditor.get('/api/supervision'));
      expect(before.totals).toEqual({ overdue: 0, dueSoon: 3, oldestDueAt: null });
      expect(byUnit(before)).toEqual([
        ['县住房城乡建设局', 0, 2, null],
        [null, 0, 1, null],
      ]);
      clock.set(at(3 * DAY + HOUR));
    });

    it('shows a unit’s people their own unit only, a station’s people their stations’ subtree, another county nothing', async () => {
      const unit = expectOk(await department.get('/api/supervision'));
      expect(byUnit(unit)).toEqual([['县住房城乡建设局', 2, 0, WEDNESDAY_END]]);
      expect(byStation(unit)).toEqual([
        ['桂圩镇桂圩村联络站', 1, 0, WEDNESDAY_END],
        ['建城镇人大代表中心联络站', 1, 0, WEDNESDAY_END],
      ]);
      expect(unit.totals).toEqual({ overdue: 2, dueSoon: 0, oldestDueAt: WEDNESDAY_END });
      // 交通运输局's person: its one item is not due for weeks.
      expect(expectOk(await transport.get('/api/supervision')).totals).toEqual({ overdue: 0, dueSoon: 0, oldestDueAt: null });

      // 都城镇中心站 and the stations under it (大湾, 桂圩): a, b and e; 建城镇's d is not theirs.
      const station = expectOk(await staff.get('/api/supervision'));
      expect(byStation(station)).toEqual([
        ['都城镇人大代表中心联络站', 1, 1, at(3 * DAY)],
        ['桂圩镇桂圩村联络站', 1, 0, WEDNESDAY_END],
      ]);
      expect(byUnit(station)).toEqual([
        [null, 1, 1, at(3 * DAY)],
        ['县住房城乡建设局', 1, 0, WEDNESDAY_END],
      ]);
      expect(byStation(expectOk(await jiancheng.get('/api/supervision')))).toEqual([['建城镇人大代表中心联络站', 1, 0, WEDNESDAY_END]]);

      const other = expectOk(await maonan.get('/api/supervision'));
      expect(other).toMatchObject({ byUnit: [], byStation: [], totals: { overdue: 0, dueSoon: 0, oldestDueAt: null } });
    });

    it('opens the items a count counted: the list’s due, assignee and station filters', async () => {
      expect(await listed(auditor, 'due=overdue')).toEqual(['a', 'b', 'd']);
      expect(await listed(auditor, `due=overdue&assignee=unit:${units['县住房城乡建设局']}`)).toEqual(['b', 'd']);
      expect(await listed(auditor, 'due=overdue&assignee=no-unit')).toEqual(['a']);
      expect(await listed(auditor, 'due=soon')).toEqual(['e']);
      expect(await listed(auditor, 'due=soon&soonHours=720')).toEqual(['c', 'e']);
      expect(await listed(auditor, `due=soon&soonHours=720&assignee=unit:${units['县交通运输局']}`)).toEqual(['c']);
      expect(await listed(auditor, 'due=overdue&station=guixu-village')).toEqual(['b']);
      expect(await listed(auditor, 'due=overdue&noStation=true')).toEqual([]);
      // Without due, the assignee filter reads every item assigned to the unit now, overdue or not.
      expect(await listed(auditor, `assignee=unit:${units['县交通运输局']}`)).toEqual(['c']);
      // Within scope, as the view counts: the unit's items, the station's subtree.
      expect(await listed(department, 'due=overdue')).toEqual(['b', 'd']);
      expect(await listed(staff, 'due=overdue')).toEqual(['a', 'b']);
      expect(await listed(maonan, 'due=overdue')).toEqual([]);
    });

    it('exports both tables as a workbook: Chinese headings, the same rows, local times, a dated file name', async () => {
      const response = await auditor.get('/api/supervision/export');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe(XLSX);
      const disposition = String(response.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      // Thursday 03:00 UTC is Thursday 11:00 in the county: the county's date.
      expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe('郁南县督办看板-2021-03-04.xlsx');

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['按承办单位', '按站点']);
      const rows = (name: string) => {
        const sheet = workbook.getWorksheet(name)!;
        return sheet.getRows(1, sheet.rowCount)!.map((r) => (r.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : v)));
      };
      // Times are Beijing wall-clock times, written as Excel shows them: Wednesday's 15:59:59 UTC reads 23:59:59;
      // overdue by 11 hours is 0.4 days (rounded down), by one hour 0.
      expect(rows('按承办单位')).toEqual([
        ['承办单位', '已超期（件）', '即将到期（件）', '最早超期时限', '最长已超期（天）'],
        ['县住房城乡建设局', 2, 0, '2021-03-03T23:59:59.999Z', 0.4],
        ['（未交办到承办单位）', 1, 1, '2021-03-04T10:00:00.000Z', 0],
        ['合计', 3, 1, '2021-03-03T23:59:59.999Z', 0.4],
        [],
        ['统计时间：2021-03-04 11:00（北京时间）；即将到期指 24 小时内到期；计时暂停的事项不计入。'],
      ]);
      expect(rows('按站点').slice(0, 5)).toEqual([
        ['站点', '已超期（件）', '即将到期（件）', '最早超期时限', '最长已超期（天）'],
        ['都城镇人大代表中心联络站', 1, 1, '2021-03-04T10:00:00.000Z', 0],
        ['桂圩镇桂圩村联络站', 1, 0, '2021-03-03T23:59:59.999Z', 0.4],
        ['建城镇人大代表中心联络站', 1, 0, '2021-03-03T23:59:59.999Z', 0.4],
        ['合计', 3, 1, '2021-03-03T23:59:59.999Z', 0.4],
      ]);
      expect(String(workbook.getWorksheet('按站点')!.getCell('B1').note)).toContain('Overdue');

      // The unit's person exports what they see: their unit only.
      const own = new ExcelJS.Workbook();
      await own.xlsx.load((await department.get('/api/supervision/export?soonHours=48')).rawPayload as unknown as ExcelJS.Buffer);
      expect(own.getWorksheet('按承办单位')!.getRow(2).getCell(1).value).toBe('县住房城乡建设局');
      expect(own.getWorksheet('按承办单位')!.getRow(3).getCell(1).value).toBe('合计');
    });

    it('refuses bad parameters with coded 400s in both languages, and strangers with 401', async () => {
      for (const q of ['soonHours=0', 'soonHours=721', 'soonHours=1.5', 'soonHours=soon', 'unit=x']) {
        const error = expectError(await auditor.get(`/api/supervision?${q}`), 'REQUEST_INVALID');
        expect(error.messages['zh-CN']).toContain('querystring');
        expectError(await auditor.get(`/api/supervision/export?${q}`), 'REQUEST_INVALID');
      }
      expectError(await auditor.get('/api/items?due=late'), 'REQUEST_INVALID');
      expectError(await auditor.get('/api/items?assignee=person:u-1'), 'REQUEST_INVALID');
      expectError(await auditor.get('/api/items?due=soon&soonHours=0'), 'REQUEST_INVALID');
      const conflict = expectError(await auditor.get('/api/items?noStation=true&station=guixu-village'), 'FILTERS_CONFLICT');
      expect(conflict.messages['zh-CN']).toBe('参数“querystring.noStation”不能与“station”同时使用');
      const needs = expectError(await auditor.get('/api/items?due=overdue&soonHours=48'), 'FILTER_NEEDS');
      expect(needs.messages.en).toBe('Parameter "querystring.soonHours" may be given only with "due=soon"');
      expectError(await engine.app.inject({ method: 'GET', url: '/api/supervision' }), 'AUTH_REQUIRED');
      expectError(await engine.app.inject({ method: 'GET', url: '/api/supervision/export' }), 'AUTH_REQUIRED');
    });
  });
}
