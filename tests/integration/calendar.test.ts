import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import type { CalendarImportReport, CalendarYear } from '../../engine/http/api-types.js';
import { CountyCalendars } from '../../engine/runtime/county-calendars.js';
import { DEFAULT_APP_ROLE } from '../../engine/store/database-roles.js';
import { loginAs } from '../../engine/store/store.js';
import { multipartOf } from '../support/attachment-upload.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

type Client = ReturnType<typeof client>;
type Answer = { statusCode: number; body: string; json: () => { error: { code: string; messages: Record<string, string>; details?: unknown } } };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const refusal = (response: Answer) => ({ status: response.statusCode, ...response.json().error });

/** A workbook as a person would type it in Excel: one sheet, its rows (the first the headings). */
async function workbookOf(rows: ExcelJS.CellValue[][], sheetName = '工作日历'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The county's working calendar (工作日历, issue 11) over HTTP and in the engine's memory: the
 * demo counties' 2026 holidays, the administrator's edits and imports, who may do what, counties
 * kept apart, and an edit that never changes the calendar an earlier instant saw.
 */
for (const database of testDatabases()) {
  describe(`the working calendar on ${database.name}`, () => {
    let engine: Engine;
    let options: ReturnType<typeof database.options>;
    let admin: Client;
    let staff: Client;
    let auditor: Client;
    let maonanAdmin: Client;
    let adminCookie: string;

    beforeAll(async () => {
      options = database.options();
      engine = await startTestEngine(options);
      adminCookie = await login(engine.app, 'yunan', 'admin');
      admin = client(engine.app, adminCookie);
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
      maonanAdmin = client(engine.app, await login(engine.app, 'maonan', 'admin'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const year = async (who: Client, y: number): Promise<CalendarYear> => {
      const answer = await who.get(`/api/calendar?year=${y}`);
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json() as unknown as CalendarYear;
    };
    const importFile = async (cookie: string, bytes: Buffer) => {
      const { payload, contentType } = await multipartOf({ name: '工作日历.xlsx', type: XLSX, bytes });
      return engine.app.inject({ method: 'POST', url: '/api/calendar/import', payload, headers: { cookie, 'content-type': contentType } });
    };

    it('the demo counties have China’s 2026 holidays: 248 working days, readable by anyone of the county', async () => {
      for (const who of [staff, auditor, admin]) {
        const y2026 = await year(who, 2026);
        expect(y2026.workingDays).toBe(248);
        expect(y2026.days.find((d) => d.day === '2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' });
        expect(y2026.days.find((d) => d.day === '2026-10-10')).toMatchObject({ kind: 'workday', name: '国庆节' });
      }
      // A year nobody declared: the weekday rule (2027 has 261 weekdays).
      expect(await year(staff, 2027)).toEqual({ year: 2027, workingDays: 261, days: [] });
      // The engine's copy, which deadlines read, has them too.
      expect(engine.calendars.of('yunan').addWorkingDays(new Date('2026-09-29T02:00:00Z'), 5, new Date('2026-09-01T00:00:00Z')).toISOString()).toBe('2026-10-12T15:59:59.999Z');
    });

    it('the administrator declares a holiday and a make-up day, and takes one back; the count follows', async () => {
      const declared = await admin.put('/api/calendar/days/2027-03-15', { kind: 'holiday', name: '县庆' });
      expect(declared.statusCode, declared.body).toBe(200);
      expect(declared.json()).toMatchObject({ year: 2027, workingDays: 260, days: [{ day: '2027-03-15', kind: 'holiday', name: '县庆' }] });
      const workday = await admin.put('/api/calendar/days/2027-03-20', { kind: 'workday', name: '县庆' }); // a Saturday
      expect(workday.json()).toMatchObject({ workingDays: 261 });
      const back = await admin.put('/api/calendar/days/2027-03-20', { kind: 'normal', name: '县庆' });
      expect(back.json()).toMatchObject({ workingDays: 260, days: [{ day: '2027-03-15' }] });
      // The same declaration again records nothing new.
      const before = (await engine.store.calendar.all('yunan')).length;
      expect((await admin.put('/api/calendar/days/2027-03-15', { kind: 'holiday', name: '县庆' })).statusCode).toBe(200);
      expect((await engine.store.calendar.all('yunan')).length).toBe(before);
    });

    it('only administrators change the calendar; nothing is written for anyone else', async () => {
      const before = await engine.store.calendar.all('yunan');
      for (const who of [staff, auditor]) {
        expect(refusal(await who.put('/api/calendar/days/2027-04-01', { kind: 'holiday', name: '放假' }))).toMatchObject({ status: 403, code: 'CALENDAR_ADMIN_ONLY' });
        const file = await workbookOf([['日期', '类型', '名称'], ['2027-04-01', '节假日', '放假']]);
        const refused = refusal(await importFile(await login(engine.app, 'yunan', who === staff ? 'staff' : 'auditor'), file));
        expect(refused).toMatchObject({ status: 403, code: 'CALENDAR_ADMIN_ONLY' });
      }
      expect(refusal(await engine.app.inject({ method: 'GET', url: '/api/calendar?year=2026' }))).toMatchObject({ status: 401, code: 'AUTH_REQUIRED' });
      expect(await engine.store.calendar.all('yunan')).toEqual(before);
    });

    it('refuses a bad day, kind, name or year, naming the field and the rule in both languages', async () => {
      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        ['2027-02-30', { kind: 'holiday' }, 'day', '应为确实存在的日期'],
        ['27-3-1', { kind: 'holiday' }, 'day', '应为确实存在的日期'],
        ['2150-01-01', { kind: 'holiday' }, 'day', '2000 年至 2099 年'],
        ['2027-03-01', { kind: 'vacation' }, 'kind', '只能是“节假日”“调休上班”或“恢复”'],
        ['2027-03-01', { kind: 'workday' }, 'kind', '调休上班只能设在星期六或星期日'], // a Monday
        ['2027-03-01', { kind: 'holiday', name: '很'.repeat(31) }, 'name', '不超过 30 个字符'],
      ];
      const before = await engine.store.calendar.all('yunan');
      for (const [day, body, field, rule] of cases) {
        const refused = refusal(await admin.put(`/api/calendar/days/${day}`, body));
        expect(refused, `${day} ${JSON.stringify(body)}`).toMatchObject({ status: 400, code: 'CALENDAR_FIELD_INVALID' });
        expect(refused.messages['zh-CN']).toContain(`字段“${field}”`);
        expect(refused.messages['zh-CN']).toContain(rule);
        expect(refused.messages.en).toContain(`Field "${field}"`);
      }
      expect(refusal(await staff.get('/api/calendar?year=1999'))).toMatchObject({ status: 400, code: 'CALENDAR_FIELD_INVALID' });
      expect(refusal(await admin.put('/api/calendar/days/2027-03-01', { kind: 'holiday', extra: 1 })).status).toBe(400);
      expect(await engine.store.calendar.all('yunan')).toEqual(before);
    });

    it("another county neither sees nor changes this county's calendar", async () => {
      await admin.put('/api/calendar/days/2028-06-01', { kind: 'holiday', name: '郁南县庆' });
      expect((await year(maonanAdmin, 2028)).days).toEqual([]);
      expect((await engine.store.calendar.all('maonan')).some((e) => e.day === '2028-06-01')).toBe(false);
      expect(engine.calendars.of('maonan').isWorkingDay('2028-06-01', new Date('2030-01-01T00:00:00Z'))).toBe(true);
      await maonanAdmin.put('/api/calendar/days/2028-06-02', { kind: 'holiday', name: '茂南' });
      expect((await year(admin, 2028)).days.map((d) => d.day)).toEqual(['2028-06-01']);
    });

    it('an edit counts from a moment after it is made and never changes what an earlier instant saw', async () => {
      const before = new Date();
      const answer = await admin.put('/api/calendar/days/2027-05-10', { kind: 'holiday', name: '防汛停工' });
      const entry = (answer.json() as unknown as CalendarYear).days.find((d) => d.day === '2027-05-10')!;
      const inForce = new Date(entry.inForceFrom);
      // The engine's copy has the edit at once, counting from the moment every process has heard of it.
      expect(inForce.getTime()).toBeGreaterThan(before.getTime());
      const calendar = engine.calendars.of('yunan');
      expect(calendar.isWorkingDay('2027-05-10', new Date(inForce.getTime() - 1))).toBe(true);
      expect(calendar.isWorkingDay('2027-05-10', inForce)).toBe(false);
      // A deadline computed before the edit comes out the same when recomputed afterwards.
      const friday = new Date('2027-05-07T02:00:00Z');
      expect(calendar.addWorkingDays(friday, 1, before).toISOString()).toBe('2027-05-10T15:59:59.999Z');
      expect(calendar.addWorkingDays(friday, 1, inForce).toISOString()).toBe('2027-05-11T15:59:59.999Z');
      // A later revert is history too: before it, the holiday; after it, the weekday rule.
      const reverted = await admin.put('/api/calendar/days/2027-05-10', { kind: 'normal' });
      expect((reverted.json() as unknown as CalendarYear).days.some((d) => d.day === '2027-05-10')).toBe(false);
      const history = (await engine.store.calendar.all('yunan')).filter((e) => e.day === '2027-05-10');
      expect(history.map((e) => e.kind)).toEqual(['holiday', 'normal']);
      expect(history[1].recordedAt.getTime()).toBeGreaterThan(history[0].recordedAt.getTime());
      const now = engine.calendars.of('yunan');
      expect(now.isWorkingDay('2027-05-10', inForce)).toBe(false);
      expect(now.isWorkingDay('2027-05-10', history[1].recordedAt)).toBe(true);
      expect(history.every((e) => e.recordedBy !== null)).toBe(true);
    });

    it('an import with a bad row changes nothing, and names every bad row, column and rule', async () => {
      const before = await engine.store.calendar.all('yunan');
      const file = await workbookOf([
        ['日期', '类型', '名称'],
        ['2029-01-01', '节假日', '元旦'],
        ['2029-02-30', '节假日', '春节'], // row 3: no such date
        ['2029-01-02', '放风筝', ''], // row 4: no such kind
        ['2029-01-03', '调休上班', ''], // row 5: a Wednesday
        ['2029-01-01', '节假日', '元旦'], // row 6: the same day again
        ['', '节假日', '无日期'], // row 7: no date
      ]);
      const refused = refusal(await importFile(adminCookie, file));
      expect(refused).toMatchObject({ status: 422, code: 'CALENDAR_IMPORT_INVALID' });
      const report = refused.details as CalendarImportReport;
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => [p.row, p.column])).toEqual([
        [3, '日期'],
        [4, '类型'],
        [5, '类型'],
        [6, '日期'],
        [7, '日期'],
      ]);
      expect(report.problems[0].message['zh-CN']).toContain('字段“日期”');
      expect(report.problems[0].message.en).toContain('Field "Date"');
      expect(report.problems[2].message['zh-CN']).toContain('星期六或星期日');
      expect(await engine.store.calendar.all('yunan')).toEqual(before);
      // A file without the columns is refused with the headings it lacks.
      const headless = refusal(await importFile(adminCookie, await workbookOf([['Day', '名称'], ['2029-01-01', '元旦']])));
      expect((headless.details as CalendarImportReport).problems.map((p) => [p.row, p.column])).toEqual([
        [1, '日期'],
        [1, '类型'],
      ]);
      // Not a workbook at all.
      expect(refusal(await importFile(adminCookie, Buffer.from('not a zip'))).status).toBe(415);
    });

    it('export and import round-trip: a year exported from one county imports into another as it is', async () => {
      await admin.put('/api/calendar/days/2030-10-01', { kind: 'holiday', name: '国庆节' });
      await admin.put('/api/calendar/days/2030-09-29', { kind: 'workday', name: '国庆节' }); // a Sunday
      const exported = await admin.get('/api/calendar/export?year=2030');
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain(XLSX);
      expect(decodeURIComponent(String(exported.headers['content-disposition']))).toContain('郁南县工作日历-2030.xlsx');
      const bytes = exported.rawPayload;
      const read = new ExcelJS.Workbook();
      await read.xlsx.load(bytes as unknown as ExcelJS.Buffer);
      const sheet = read.getWorksheet('工作日历')!;
      expect(sheet.getRow(1).values).toEqual([undefined, '日期', '类型', '名称']);
      expect(sheet.getRow(2).getCell(2).value).toBe('调休上班');

      const maonanCookie = await login(engine.app, 'maonan', 'admin');
      const imported = await importFile(maonanCookie, bytes);
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json()).toMatchObject({ ok: true, changed: 2, unchanged: 0, problems: [] });
      const [yunan2030, maonan2030] = [await year(admin, 2030), await year(maonanAdmin, 2030)];
      const strip = (y: CalendarYear) => ({ workingDays: y.workingDays, days: y.days.map(({ day, kind, name }) => ({ day, kind, name })) });
      expect(strip(maonan2030)).toEqual(strip(yunan2030));
      // Imported again, it changes nothing.
      expect((await importFile(maonanCookie, bytes)).json()).toMatchObject({ ok: true, changed: 0, unchanged: 2 });
      // 恢复 rows take days back to the weekday rule.
      const revert = await importFile(maonanCookie, await workbookOf([['日期', '类型', '名称'], [new Date('2030-10-01T00:00:00Z'), '恢复', null]]));
      expect(revert.json()).toMatchObject({ ok: true, changed: 1 });
      expect((await year(maonanAdmin, 2030)).days.map((d) => d.day)).toEqual(['2030-09-29']);
    });

    it.runIf(database.name === 'postgres')('another engine process hears of an edit and reloads that county', async () => {
      const elsewhere = new CountyCalendars(engine.store);
      const errors: unknown[] = [];
      await elsewhere.start({ connectionString: loginAs(options.databaseUrl!, DEFAULT_APP_ROLE, undefined), schema: options.schema!, onError: (e) => errors.push(e) });
      try {
        const answer = await admin.put('/api/calendar/days/2031-01-06', { kind: 'holiday', name: '通知测试' });
        const inForce = new Date((answer.json() as unknown as CalendarYear).days[0].inForceFrom);
        const deadline = Date.now() + 5000;
        while (elsewhere.of('yunan').isWorkingDay('2031-01-06', inForce) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(elsewhere.of('yunan').isWorkingDay('2031-01-06', inForce)).toBe(false);
        // It heard within the notice period: the edit counts for nobody before every process has it.
        expect(Date.now()).toBeLessThan(inForce.getTime());
        expect(errors).toEqual([]);
      } finally {
        await elsewhere.close();
      }
    });
  });
}
