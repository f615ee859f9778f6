import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import type { DirectoryImportReport } from '../../engine/http/api-types.js';
import { importDirectory } from '../support/attachment-upload.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sheets to write: each a name and its rows, the first of which is the heading row. */
type Sheets = Record<string, ExcelJS.CellValue[][]>;

/** A workbook built as a person would in Excel: given sheets, given rows. */
async function workbookOf(sheets: Sheets): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

/** A zip of the given entries, deflated (CRCs left 0: nothing here checks them before the engine refuses the file). */
function zipOf(entries: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = deflateRawSync(content);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(content.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    directory.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const size = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...directory, end]);
}

const PEOPLE_HEADINGS = ['用户名', '姓名', '角色', '站点编号', '单位', '代表层级', '状态', '初始密码'];
const UNIT_HEADINGS = ['名称', '类别', '状态'];
const STATION_HEADINGS = ['编号', '名称', '类型', '上级站点编号', '服务村（社区）', '设立日期', '撤销日期'];

/** The Excel import and export of the county's directory (issue 10). */
for (const database of testDatabases()) {
  describe(`the directory in Excel on ${database.name}`, () => {
    let engine: Engine;
    let adminCookie: string;
    let staffCookie: string;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      adminCookie = await login(engine.app, 'yunan', 'admin');
      staffCookie = await login(engine.app, 'yunan', 'staff');
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const exportWorkbook = async (cookie = adminCookie) => engine.app.inject({ method: 'GET', url: '/api/admin/directory.xlsx', headers: { cookie } });

    const importFile = (bytes: Buffer, { dryRun = false, cookie = adminCookie } = {}) => importDirectory(engine.app, cookie, bytes, { dryRun });

    /** The county's directory as stored: what an import must leave alone when it refuses. */
    const directory = async () => ({
      people: await engine.store.users.listPeople('yunan'),
      units: await engine.store.units.listUnits('yunan'),
      stations: await engine.store.counties.listStations('yunan'),
    });

    const refusal = (response: { statusCode: number; json: () => { error: { code: string; messages: Record<string, string>; details?: unknown } } }) => ({
      status: response.statusCode,
      ...response.json().error,
    });

    it('only administrators export and import', async () => {
      expect(refusal(await exportWorkbook(staffCookie))).toMatchObject({ status: 403, code: 'DIRECTORY_ADMIN_ONLY' });
      const before = await directory();
      const file = await workbookOf({ 单位: [UNIT_HEADINGS, ['县水利局', '承办单位']] });
      expect(refusal(await importFile(file, { cookie: staffCookie }))).toMatchObject({ status: 403, code: 'DIRECTORY_ADMIN_ONLY' });
      expect(await directory()).toEqual(before);
    });

    it('exports its sheets in the county’s words, with a Chinese file name and no passwords', async () => {
      const response = await exportWorkbook();
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(XLSX);
      const disposition = String(response.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toMatch(/^郁南县人员单位站点-\d{4}-\d{2}-\d{2}\.xlsx$/);

      const workbook = await readWorkbook(response.rawPayload);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['人员', '单位', '站点', '农户', '关系']);
      const headings = (name: string) => (workbook.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
      expect(headings('人员')).toEqual(['用户名', '姓名', '角色', '站点编号', '站点', '单位', '代表层级', '状态', '初始密码']);
      expect(headings('单位')).toEqual(UNIT_HEADINGS);
      expect(headings('站点')).toEqual([...STATION_HEADINGS, '属性']);
      // The English is in each heading's note.
      expect(String(workbook.getWorksheet('人员')!.getCell('A1').note)).toContain('Username');

      const people = workbook.getWorksheet('人员')!;
      const rows = new Map<string, unknown[]>();
      people.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1)));
      expect(rows.get('staff')).toEqual(['staff', '联络员 陈晓明', '工作人员', 'ducheng-central', '都城镇人大代表中心联络站', undefined, undefined, '正常']);
      expect(rows.get('department')?.[2]).toBe('承办单位');
      // No password, nor its hash, anywhere in the file.
      people.eachRow((row, n) => n > 1 && expect(row.getCell(9).value ?? null).toBeNull());
      expect(response.rawPayload.toString('latin1')).not.toContain('$argon2');

      const stations = workbook.getWorksheet('站点')!;
      // Ordered by id; a station type by its name.
      expect((stations.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['dawan-area', '大湾镇片区联络站', '片区联络站', 'ducheng-central']);
    });

    it('a workbook exported and imported unchanged changes nothing', async () => {
      // A unit, a member, a station with villages and dates: every kind of cell the export writes.
      const admin = client(engine.app, adminCookie);
      const unit = (await admin.post('/api/admin/units', { name: '县市场监督管理局', kind: '承办单位' })).json();
      await admin.patch(`/api/admin/people/${(await engine.store.users.listPeople('yunan')).find((p) => p.username === 'department')!.id}`, { unitId: unit.id, deputyLevel: 'county' });
      await admin.post('/api/admin/stations', { id: 'xinxing-village', name: '新兴村联络站', stationType: 'village-station', parentId: 'dawan-area', villages: ['新兴村', '旧寨村'], openedOn: '2025-04-01', closedOn: '2026-10-31' });
      const before = await directory();

      const exported = (await exportWorkbook()).rawPayload;
      const preview = await importFile(exported, { dryRun: true });
      expect(preview.statusCode).toBe(200);
      const unchanged = (n: number) => ({ created: 0, updated: 0, unchanged: n });
      const counts = { people: unchanged(before.people.length), units: unchanged(before.units.length), stations: unchanged(before.stations.length), households: unchanged(0), relations: unchanged(0) };
      const expected = { ok: true, counts, problems: [], omittedProblems: 0, ignoredColumns: [] };
      expect(preview.json()).toEqual({ dryRun: true, ...expected });

      const imported = await importFile(exported);
      expect(imported.statusCode).toBe(200);
      expect(imported.json()).toEqual({ dryRun: false, ...expected });
      expect(await directory()).toEqual(before);
    });

    // A file as an administrator makes it: a new unit, two new stations (the child's row before
    // its parent's), new people in the new unit and at the new stations, one change to a stored person.
    const newcomers = (roles: string) =>
      workbookOf({
        人员: [
          PEOPLE_HEADINGS,
          ['shuiwu-1', '水务局 刘洋', '承办单位', '', '县应急管理局', '', '', 'first-pass-1'],
          ['yunan-deputy-7', '代表 周红', roles, 'dawan-east、dawan-east-point', '', '县', '', 'first-pass-2'],
          ['staff', '联络员 陈晓明', '工作人员', 'ducheng-central、dawan-east', '', '', '', ''],
        ],
        单位: [UNIT_HEADINGS, ['县应急管理局', '承办单位', '正常']],
        站点: [
          STATION_HEADINGS,
          ['dawan-east-point', '大湾东联络点', '联络点', 'dawan-east', '东村', '', ''],
          ['dawan-east', '大湾镇东片联络站', '行政村级联络站', 'dawan-area', '东村、西村', '2026-03-01', ''],
        ],
      });

    it('one bad row among good ones: the report names its sheet, row and column, and nothing is written', async () => {
      const before = await directory();
      const file = await newcomers('人大代表、市长');

      const preview = await importFile(file, { dryRun: true });
      expect(preview.statusCode).toBe(200);
      const report: DirectoryImportReport = preview.json();
      expect(report).toMatchObject({ dryRun: true, ok: false, counts: { people: { created: 2, updated: 1 }, units: { created: 1 }, stations: { created: 2 } } });
      expect(report.problems).toEqual([{ sheet: '人员', row: 3, column: '角色', message: { 'zh-CN': expect.stringContaining('角色'), en: expect.stringContaining('Roles') } }]);
      expect(report.problems[0].message['zh-CN']).toContain('市长');

      const refused = await importFile(file);
      expect(refusal(refused)).toMatchObject({ status: 422, code: 'DIRECTORY_IMPORT_INVALID', details: { ...report, dryRun: false } });
      expect(await directory()).toEqual(before);
    });

    it('the importing administrator cannot disable themselves or drop their own administrator role', async () => {
      const before = await directory();
      const file = await workbookOf({ 人员: [['用户名', '角色', '状态'], ['admin', '工作人员', '已停用']] });
      const report: DirectoryImportReport = (await importFile(file, { dryRun: true })).json();
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
        ['人员', 2, '角色'],
        ['人员', 2, '状态'],
      ]);
      expect(report.problems[0].message['zh-CN']).toContain('不能停用导入人自己的账号或取消其管理员角色');
      expect(refusal(await importFile(file)).code).toBe('DIRECTORY_IMPORT_INVALID');
      expect(await directory()).toEqual(before);
    });

    it('the same file fixed imports everything, rows referring to rows of the same file', async () => {
      const imported = await importFile(await newcomers('人大代表'));
      expect(imported.statusCode).toBe(200);
      expect(imported.json()).toMatchObject({ ok: true, counts: { people: { created: 2, updated: 1 }, units: { created: 1, updated: 0 }, stations: { created: 2, updated: 0 } } });

      const { people, units, stations } = await directory();
      const water = units.find((u) => u.name === '县应急管理局')!;
      expect(water).toMatchObject({ kind: '承办单位', disabled: false, memberCount: 1 });
      expect(people.find((p) => p.username === 'shuiwu-1')).toMatchObject({ displayName: '水务局 刘洋', roles: ['department'], unitId: water.id, mustChangePassword: true });
      expect(people.find((p) => p.username === 'yunan-deputy-7')).toMatchObject({ roles: ['deputy'], stationIds: ['dawan-east', 'dawan-east-point'], deputyLevel: 'county' });
      expect(people.find((p) => p.username === 'staff')!.stationIds).toEqual(['ducheng-central', 'dawan-east']);
      expect(stations.find((s) => s.id === 'dawan-east')).toMatchObject({ stationType: 'village-station', parentId: 'dawan-area', villages: ['东村', '西村'], openedOn: '2026-03-01', closedOn: null });
      expect(stations.find((s) => s.id === 'dawan-east-point')).toMatchObject({ stationType: 'liaison-point', parentId: 'dawan-east' });

      // A new person logs in with the first password and must choose their own.
      const newcomer = client(engine.app, await login(engine.app, 'yunan', 'shuiwu-1', 'first-pass-1'));
      expect(refusal(await newcomer.get('/api/inbox'))).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
      // Imported again, the file changes nothing (a stored person's first password is left alone).
      expect((await importFile(await newcomers('人大代表'), { dryRun: true })).json().counts.people).toEqual({ created: 0, updated: 0, unchanged: 3 });
    });

    it('reports every problem at once, in every sheet', async () => {
      const before = await directory();
      const file = await workbookOf({
        人员: [
          PEOPLE_HEADINGS,
          ['new-a', '', '人大代表', 'nowhere', '没有这个单位', '省级', '休假', 'short'],
          ['new-a', '重复', '人大代表', '', '', '', '', 'first-pass-3'],
          ['b c', '乙', '人大代表', '', '', '', '', ''],
        ],
        单位: [UNIT_HEADINGS, ['', '承办单位', ''], ['县财政局', 'x'.repeat(31), '']],
        站点: [
          STATION_HEADINGS,
          ['loop-a', '甲', '联络点', 'loop-b', '', '2026-13-01', ''],
          ['loop-b', '乙', '行政村级联络站', 'loop-a', '', '2026-05-01', '2026-04-01'],
          ['top', '丙', '消防站', '', '', '', ''],
        ],
      });
      const report: DirectoryImportReport = (await importFile(file, { dryRun: true })).json();
      const where = report.problems.map((p) => `${p.sheet}!${p.row}:${p.column}`);
      expect(where).toEqual([
        '人员!2:姓名',
        '人员!2:站点编号',
        '人员!2:单位',
        '人员!2:代表层级',
        '人员!2:状态',
        '人员!2:初始密码',
        '人员!3:用户名',
        '人员!4:用户名',
        '人员!4:初始密码',
        '单位!2:名称',
        '单位!3:类别',
        '站点!2:上级站点编号',
        '站点!2:设立日期',
        '站点!3:上级站点编号',
        '站点!3:撤销日期',
        '站点!4:类型',
      ]);
      expect(report.problems.find((p) => p.column === '单位')!.message).toEqual({
        'zh-CN': '字段“单位”（没有这个单位）不是本区县的单位',
        en: 'Field "Unit" (没有这个单位) is not a unit of this county',
      });
      expect(report.problems.find((p) => p.row === 3 && p.sheet === '人员')!.message['zh-CN']).toContain('不止一次');
      expect(report.problems.find((p) => p.column === '设立日期')!.message.en).toContain('must be a date');
      // A liaison point may hang under a village station, but not under one that hangs under it.
      expect(report.problems.filter((p) => p.sheet === '站点' && p.column === '上级站点编号').map((p) => p.message.en)).toEqual([
        expect.stringContaining('would put the station under itself'),
        expect.stringContaining('may not hang under'),
      ]);
      expect(refusal(await importFile(file))).toMatchObject({ status: 422, code: 'DIRECTORY_IMPORT_INVALID' });
      expect(await directory()).toEqual(before);
    });

    it('reads what Excel and WPS put in cells: numbers, rich text, formulas, links, dates as numbers or text, extra columns', async () => {
      const serial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
      const file = await workbookOf({
        人员: [
          [...PEOPLE_HEADINGS, '备注'],
          [13800138000, { richText: [{ text: '代表', font: { bold: true } }, { text: ' 孙梅' }] }, { formula: '"人大代表"', result: '人大代表' }, '', '', ' 乡镇 ', '', { text: 'first-pass-4', hyperlink: 'mailto:x@example.org' }, '电话联系'],
        ],
        站点: [
          [...STATION_HEADINGS, '属性'],
          ['odd-1', '甲村联络站', 'village-station', 'dawan-area', '甲村，乙村;丙村', serial('2026-03-01'), '2026/12/31', '{"特色": "调解", "开放时间": ["周一", "周四"]}'],
          ['odd-2', '乙村联络站', '行政村级联络站', 'dawan-area', '', '2026年3月1日', new Date(Date.UTC(2026, 11, 31)), ''],
        ],
      });
      const preview: DirectoryImportReport = (await importFile(file, { dryRun: true })).json();
      expect(preview).toMatchObject({ ok: true, problems: [], ignoredColumns: [{ sheet: '人员', column: '备注' }] });
      expect((await importFile(file)).statusCode).toBe(200);
      const { people, stations } = await directory();
      expect(people.find((p) => p.username === '13800138000')).toMatchObject({ displayName: '代表 孙梅', roles: ['deputy'], deputyLevel: 'township' });
      expect(stations.find((s) => s.id === 'odd-1')).toMatchObject({ villages: ['甲村', '乙村', '丙村'], openedOn: '2026-03-01', closedOn: '2026-12-31', attributes: { 特色: '调解', 开放时间: ['周一', '周四'] } });
      expect(stations.find((s) => s.id === 'odd-2')).toMatchObject({ stationType: 'village-station', openedOn: '2026-03-01', closedOn: '2026-12-31', attributes: {} });
      await login(engine.app, 'yunan', '13800138000', 'first-pass-4');
    });

    it('refuses cells without a value, JSON it cannot keep, and a sheet without its key column, by row and column', async () => {
      const before = await directory();
      const file = await workbookOf({
        人员: [['姓名', '角色'], ['无名', '人大代表']],
        站点: [
          [...STATION_HEADINGS, '属性'],
          ['bad-1', { formula: 'B3' }, '联络点', 'dawan-area', '', '', '', '{"__proto__": {"admin": true}}'],
          ['bad-2', { error: '#N/A' }, '联络点', 'dawan-area', '', '', '', '[1, 2]'],
          ['bad-3', '丙', '联络点', 'dawan-area', '', '', '', '{"a": "\\u0000"}'],
          ['bad-4', '丁', '联络点', 'dawan-area', '', '', '', '{not json'],
        ],
      });
      const report: DirectoryImportReport = (await importFile(file, { dryRun: true })).json();
      expect(report.problems.map((p) => [p.sheet, p.row, p.column, p.message.en])).toEqual([
        ['人员', 1, '用户名', expect.stringContaining('row 1 of the sheet must have this column heading')],
        ['站点', 2, '名称', expect.stringContaining('formula without a computed value')],
        ['站点', 2, '名称', expect.stringContaining('must not be empty')],
        ['站点', 2, '属性', expect.stringContaining('cannot be stored')],
        ['站点', 3, '名称', expect.stringContaining('an error value')],
        ['站点', 3, '名称', expect.stringContaining('must not be empty')],
        ['站点', 3, '属性', expect.stringContaining('must be a JSON object')],
        ['站点', 4, '属性', expect.stringContaining('cannot be stored')],
        ['站点', 5, '属性', expect.stringContaining('must be a JSON object')],
      ]);
      expect(refusal(await importFile(file))).toMatchObject({ status: 422, code: 'DIRECTORY_IMPORT_INVALID' });
      expect(await directory()).toEqual(before);
    });

    it('refuses what is no workbook, or more than it reads, with a coded error, writing nothing and staying up', async () => {
      const before = await directory();
      const tooManyRows = await workbookOf({ 人员: [PEOPLE_HEADINGS, ...Array.from({ length: 10_001 }, (_, i) => [`bulk-${i}`, `人员 ${i}`, '人大代表', '', '', '', '', 'first-pass-1'])] });
      const cases: Array<[string, Buffer, number, string]> = [
        ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF'), 415, 'DIRECTORY_FILE_INVALID'],
        ['an empty file', Buffer.alloc(0), 415, 'DIRECTORY_FILE_INVALID'],
        ['a zip of something else', zipOf({ 'readme.txt': Buffer.from('hello') }), 415, 'DIRECTORY_FILE_INVALID'],
        ['a cut-off workbook', (await workbookOf({ 单位: [UNIT_HEADINGS] })).subarray(0, 2000), 415, 'DIRECTORY_FILE_INVALID'],
        ['a zip bomb', zipOf({ 'xl/workbook.xml': Buffer.from('<workbook/>'), 'xl/worksheets/sheet1.xml': Buffer.alloc(64 * 1024 * 1024, 0x20) }), 413, 'DIRECTORY_FILE_TOO_LARGE'],
        ['too many cells', zipOf({ 'xl/workbook.xml': Buffer.from('<workbook/>'), 'xl/worksheets/sheet1.xml': Buffer.from(`<sheetData><row>${'<c/>'.repeat(250_001)}</row></sheetData>`) }), 413, 'DIRECTORY_TOO_MANY_ROWS'],
        ['10,001 rows', tooManyRows, 413, 'DIRECTORY_TOO_MANY_ROWS'],
        ['no sheet it knows', await workbookOf({ Sheet1: [['姓名'], ['甲']] }), 422, 'DIRECTORY_SHEETS_MISSING'],
        ['more than 5 MB', Buffer.alloc(5 * 1024 * 1024 + 1, 1), 413, 'DIRECTORY_FILE_TOO_LARGE'],
      ];
      for (const [what, bytes, status, code] of cases) {
        for (const dryRun of [true, false]) {
          const answer = refusal(await importFile(bytes, { dryRun }));
          expect(answer, what).toMatchObject({ status, code });
          expect(answer.messages['zh-CN'], what).toBeTruthy();
          expect(answer.messages.en, what).toBeTruthy();
        }
      }
      expect(refusal(await importFile(tooManyRows))).toMatchObject({ messages: { 'zh-CN': expect.stringContaining('“人员”') } });
      // No file at all.
      const admin = client(engine.app, adminCookie);
      expect(refusal(await admin.post('/api/admin/directory/import', {}))).toMatchObject({ status: 400, code: 'ATTACHMENT_MISSING' });
      expect(await directory()).toEqual(before);
      expect((await admin.get('/api/admin/people')).statusCode).toBe(200);
    });

    it('writes a file in one transaction: a write that fails at its last row leaves nothing of the others', async () => {
      const before = await directory();
      const written = await engine.store.directory.write(
        'yunan',
        {
          units: { create: [{ id: 'unit-in-batch', name: '县林业局', kind: null }], update: [] },
          stations: { create: [{ countyId: 'yunan', id: 'station-in-batch', name: '批量站', stationType: 'central-station', parentId: null, attributes: {} }], update: [] },
          // The user name is taken: the insert fails after the unit and the station were written.
          people: { create: [{ countyId: 'yunan', id: 'person-in-batch', username: 'staff', displayName: '重名', roles: ['staff'], stationIds: [], passwordHash: 'x' }], update: [] },
        },
        new Date(),
      );
      expect(written).toBe(false);
      expect(await directory()).toEqual(before);
    });
  });
}
