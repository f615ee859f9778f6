import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { importDirectory } from '../support/attachment-upload.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

type Client = ReturnType<typeof client>;
type Answer = { statusCode: number; body: string; json: () => { error: { code: string; messages: Record<string, string>; details?: unknown } } };

/** Households (农户) and relations of the kinds the packs declare, as the county's administrator manages them (issue 10). */
for (const database of testDatabases()) {
  describe(`households and relations on ${database.name}`, () => {
    let engine: Engine;
    let maonan: Client;
    let maonanCookie: string;
    let maonanStaff: Client;
    let chizhou: Client;
    let people: Map<string, string>;
    let chizhouPeople: Map<string, string>;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      maonanCookie = await login(engine.app, 'maonan', 'admin');
      maonan = client(engine.app, maonanCookie);
      maonanStaff = client(engine.app, await login(engine.app, 'maonan', 'staff'));
      chizhou = client(engine.app, await login(engine.app, 'chizhou', 'admin'));
      people = new Map((await engine.store.users.listPeople('maonan')).map((p) => [p.username, p.id]));
      chizhouPeople = new Map((await engine.store.users.listPeople('chizhou')).map((p) => [p.username, p.id]));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const refusal = (response: Answer) => ({ status: response.statusCode, ...response.json().error });
    /** A coded 4xx whose messages name the field, in both languages. */
    const expectRefused = (response: Answer, code: string, field: string) => {
      const answer = refusal(response);
      expect(answer.status, response.body).toBeGreaterThanOrEqual(400);
      expect(answer.status, response.body).toBeLessThan(500);
      expect(answer.code, response.body).toBe(code);
      expect(answer.messages['zh-CN'], response.body).toContain(field);
      expect(answer.messages.en, response.body).toContain(field);
      return answer;
    };
    const household = async (admin: Client, body: Record<string, unknown>) => {
      const created = await admin.post('/api/admin/households', body);
      expect(created.statusCode, created.body).toBe(201);
      return created.json() as unknown as { id: string; code: string; headName: string; village: string };
    };

    it('only administrators manage households and relations', async () => {
      for (const url of ['/api/admin/households', '/api/admin/relations']) expect(refusal(await maonanStaff.get(url))).toMatchObject({ status: 403, code: 'DIRECTORY_ADMIN_ONLY' });
      expect(refusal(await maonanStaff.post('/api/admin/households', { headName: '王秀英', village: '京塘坡村' }))).toMatchObject({ status: 403, code: 'DIRECTORY_ADMIN_ONLY' });
    });

    it('households: created with a made-up code, searched, paged, changed and closed; bad fields refused with the field', async () => {
      const wang = await household(maonan, { headName: '王秀英', village: '京塘坡村', stationId: 'gongguan-shuangzhu', phone: '138 0000 1111' });
      expect(wang.code).toMatch(/^H[2-9A-Z]{8}$/);
      await household(maonan, { code: 'JTP-002', headName: '陈大勇', village: '京塘坡村' });
      await household(maonan, { code: 'LZT-001', headName: '林美玲', village: '荔枝塘村', note: '独居老人' });

      const page = async (query: string) => (await maonan.get(`/api/admin/households?${query}`)).json() as unknown as { households: Array<{ headName: string }>; total: number };
      // In the order of village, then head, as the database compares them (code points: 王 before 陈).
      expect((await page('')).households.map((h) => h.headName)).toEqual(['王秀英', '陈大勇', '林美玲']);
      // Two Chinese characters (a name), one character, part of a code, a village.
      expect((await page(`q=${encodeURIComponent('秀英')}`)).households.map((h) => h.headName)).toEqual(['王秀英']);
      expect((await page(`q=${encodeURIComponent('林')}`)).households.map((h) => h.headName)).toEqual(['林美玲']);
      expect((await page('q=jtp')).households.map((h) => h.headName)).toEqual(['陈大勇']);
      expect((await page(`village=${encodeURIComponent('京塘坡村')}&pageSize=1&page=2`)).households.map((h) => h.headName)).toEqual(['陈大勇']);
      expect((await page(`village=${encodeURIComponent('京塘坡村')}&pageSize=1`)).total).toBe(2);
      expect((await page('stationId=gongguan-shuangzhu')).households.map((h) => h.headName)).toEqual(['王秀英']);

      const closed = await maonan.patch(`/api/admin/households/${wang.id}`, { closed: true, note: '已搬迁' });
      expect(closed.json()).toMatchObject({ closed: true, note: '已搬迁', headName: '王秀英' });
      expect((await page('')).households.map((h) => h.headName)).toEqual(['陈大勇', '林美玲']);
      expect((await page('status=closed')).households.map((h) => h.headName)).toEqual(['王秀英']);
      await maonan.patch(`/api/admin/households/${wang.id}`, { closed: false });

      expectRefused(await maonan.post('/api/admin/households', { headName: ' ', village: '京塘坡村' }), 'DIRECTORY_FIELD_INVALID', 'headName');
      expectRefused(await maonan.post('/api/admin/households', { headName: '甲', village: '京塘坡村', phone: 'call me' }), 'DIRECTORY_FIELD_INVALID', 'phone');
      expectRefused(await maonan.post('/api/admin/households', { headName: '甲', village: '京塘坡村', code: 'a b' }), 'DIRECTORY_FIELD_INVALID', 'code');
      expectRefused(await maonan.post('/api/admin/households', { headName: '甲', village: '京塘坡村', stationId: 'meilin-village' }), 'DIRECTORY_FIELD_INVALID', 'stationId');
      expectRefused(await maonan.post('/api/admin/households', { headName: '甲', village: '京塘坡村', code: 'JTP-002' }), 'HOUSEHOLD_CODE_TAKEN', 'code');
      expectRefused(await maonan.post('/api/admin/households', { headName: '甲', village: '京塘坡村', owner: 'x' }), 'REQUEST_INVALID', 'owner');
      // Another county neither sees nor changes them; the same code is free there.
      expect((await chizhou.get('/api/admin/households')).json()).toMatchObject({ households: [], total: 0 });
      expect(refusal(await chizhou.patch(`/api/admin/households/${wang.id}`, { note: 'x' }))).toMatchObject({ status: 404, code: 'HOUSEHOLD_NOT_FOUND' });
      await household(chizhou, { code: 'JTP-002', headName: '王阿姨', village: '龙山村' });
    });

    it('relations: made between entries of the kind’s types, listed from either end with names, ended by a date', async () => {
      const [h] = (await (await maonan.get(`/api/admin/households?q=${encodeURIComponent('陈大勇')}`)).json() as unknown as { households: Array<{ id: string }> }).households;
      const deputy = people.get('deputy')!;
      const made = await maonan.post('/api/admin/relations', {
        kind: 'deputy-household',
        from: { type: 'person', id: deputy },
        to: { type: 'household', id: h.id },
        attributes: { visitCadence: 'monthly', helpWith: '种植技术' },
        startsOn: '2026-01-01',
      });
      expect(made.statusCode, made.body).toBe(201);
      const relation = made.json() as unknown as { id: string };
      expect(relation).toMatchObject({ kind: 'deputy-household', from: { type: 'person', name: '站长 林志明' }, to: { type: 'household', name: '陈大勇（京塘坡村）' }, endsOn: null });

      const list = async (query: string) => (await maonan.get(`/api/admin/relations?${query}`)).json() as unknown as { relations: Array<{ id: string; to: { name: string } }>; total: number };
      expect((await list(`from=person:${deputy}`)).relations.map((r) => r.id)).toEqual([relation.id]);
      expect((await list(`to=household:${h.id}&kind=deputy-household`)).total).toBe(1);
      expect((await list('activeOn=2025-12-31')).total).toBe(0);

      // Each household has one contact deputy at a time (atMost perTo 1): another deputy is refused while the first holds.
      const other = { kind: 'deputy-household', from: { type: 'person', id: people.get('staff')! }, to: { type: 'household', id: h.id }, attributes: { visitCadence: 'quarterly' }, startsOn: '2026-03-01' };
      expectRefused(await maonan.post('/api/admin/relations', other), 'DIRECTORY_FIELD_INVALID', 'to');
      // Ended on the last day of February: then the other deputy may take over from March.
      const ended = await maonan.patch(`/api/admin/relations/${relation.id}`, { endsOn: '2026-02-28' });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(ended.json()).toMatchObject({ endsOn: '2026-02-28', attributes: { visitCadence: 'monthly' } });
      expect((await maonan.post('/api/admin/relations', other)).statusCode).toBe(201);
      expect((await list('activeOn=2026-02-01')).relations.map((r) => r.id)).toEqual([relation.id]);
      // Reopening the first would overlap the second.
      expectRefused(await maonan.patch(`/api/admin/relations/${relation.id}`, { endsOn: null }), 'DIRECTORY_FIELD_INVALID', 'to');
      expectRefused(await maonan.patch(`/api/admin/relations/${relation.id}`, { endsOn: '2025-12-01' }), 'DIRECTORY_FIELD_INVALID', 'endsOn');
      expect(refusal(await maonan.patch('/api/admin/relations/nope', { endsOn: '2026-03-01' }))).toMatchObject({ status: 404, code: 'RELATION_NOT_FOUND' });
    });

    it('refuses a bad relation with a coded 4xx naming the field, writing nothing', async () => {
      const before = (await engine.store.relations.all('maonan')).length;
      const [h] = (await (await maonan.get(`/api/admin/households?q=${encodeURIComponent('林美玲')}`)).json() as unknown as { households: Array<{ id: string }> }).households;
      const good = { kind: 'deputy-household', from: { type: 'person', id: people.get('deputy')! }, to: { type: 'household', id: h.id }, attributes: { visitCadence: 'monthly' }, startsOn: '2026-01-01' };
      expectRefused(await maonan.post('/api/admin/relations', { ...good, kind: 'unit-village' }), 'DIRECTORY_FIELD_INVALID', 'kind');
      expectRefused(await maonan.post('/api/admin/relations', { ...good, from: { type: 'unit', id: 'x' } }), 'DIRECTORY_FIELD_INVALID', 'from');
      expectRefused(await maonan.post('/api/admin/relations', { ...good, from: { type: 'person', id: 'nobody' } }), 'DIRECTORY_FIELD_INVALID', 'from');
      expectRefused(await maonan.post('/api/admin/relations', { ...good, to: { type: 'household', id: 'nowhere' } }), 'DIRECTORY_FIELD_INVALID', 'to');
      expectRefused(await maonan.post('/api/admin/relations', { ...good, endsOn: '2025-06-30' }), 'DIRECTORY_FIELD_INVALID', 'endsOn');
      expectRefused(await maonan.post('/api/admin/relations', { ...good, startsOn: '2026-02-30' }), 'REQUEST_INVALID', 'startsOn');
      // The kind's form: a required field left out, a value it does not offer, a field it does not have.
      // (The form's refusals name the field by its title, and by its path in the details.)
      for (const attributes of [{}, { visitCadence: 'daily' }]) {
        const refused = expectRefused(await maonan.post('/api/admin/relations', { ...good, attributes }), 'PAYLOAD_INVALID', '');
        expect(refused.messages['zh-CN']).toContain('走访频次');
        expect(refused.messages.en).toContain('Visits');
        expect(refused.details).toMatchObject({ errors: [{ field: '/visitCadence' }] });
      }
      expect(refusal(await maonan.post('/api/admin/relations', { ...good, attributes: { visitCadence: 'monthly', secret: 1 } }))).toMatchObject({ status: 400, code: 'PAYLOAD_INVALID' });
      // The same two ends twice in the same period.
      expect((await maonan.post('/api/admin/relations', good)).statusCode).toBe(201);
      expectRefused(await maonan.post('/api/admin/relations', { ...good, startsOn: '2026-05-01' }), 'DIRECTORY_FIELD_INVALID', 'to');
      expect((await engine.store.relations.all('maonan')).length).toBe(before + 1);
    });

    it("a county administrator cannot relate another county's people, units, stations or households", async () => {
      const [theirs] = (await (await chizhou.get('/api/admin/households')).json() as unknown as { households: Array<{ id: string }> }).households;
      const ours = (await (await maonan.get('/api/admin/households')).json() as unknown as { households: Array<{ id: string }> }).households[0];
      // A Maonan relation to a Chizhou household, and from a Chizhou person: both ends unknown here.
      expectRefused(
        await maonan.post('/api/admin/relations', { kind: 'deputy-household', from: { type: 'person', id: people.get('deputy')! }, to: { type: 'household', id: theirs.id }, attributes: { visitCadence: 'monthly' }, startsOn: '2026-01-01' }),
        'DIRECTORY_FIELD_INVALID',
        'to',
      );
      expectRefused(
        await maonan.post('/api/admin/relations', { kind: 'deputy-household', from: { type: 'person', id: chizhouPeople.get('deputy')! }, to: { type: 'household', id: ours.id }, attributes: { visitCadence: 'monthly' }, startsOn: '2026-01-01' }),
        'DIRECTORY_FIELD_INVALID',
        'from',
      );
      // Chizhou's unit paired with its village station; Maonan sees none of it and cannot end it.
      const unit = (await chizhou.get('/api/admin/units')).json() as unknown as Array<{ id: string; name: string }>;
      const paired = await chizhou.post('/api/admin/relations', {
        kind: 'unit-village',
        from: { type: 'unit', id: unit[0].id },
        to: { type: 'station', id: 'meilin-village' },
        attributes: { pairingContent: '修缮村道', visitsPerQuarter: 2 },
        startsOn: '2026-01-01',
      });
      expect(paired.statusCode, paired.body).toBe(201);
      expect(paired.json()).toMatchObject({ from: { name: unit[0].name }, to: { name: '梅林村人大代表联络站' } });
      expectRefused(
        await chizhou.post('/api/admin/relations', { kind: 'unit-village', from: { type: 'unit', id: unit[0].id }, to: { type: 'station', id: 'gongguan-shuangzhu' }, attributes: { pairingContent: '修缮村道' }, startsOn: '2026-01-01' }),
        'DIRECTORY_FIELD_INVALID',
        'to',
      );
      expect((await maonan.get(`/api/admin/relations?kind=unit-village`)).json()).toMatchObject({ relations: [], total: 0 });
      expect(refusal(await maonan.patch(`/api/admin/relations/${(paired.json() as unknown as { id: string }).id}`, { endsOn: '2026-06-30' }))).toMatchObject({ status: 404, code: 'RELATION_NOT_FOUND' });
    });

    it('households and relations go to Excel and back: a file with a bad row imports nothing, the fixed file imports whole', async () => {
      const exported = await maonan.get('/api/admin/directory.xlsx');
      expect(exported.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.rawPayload as unknown as ExcelJS.Buffer);
      const households = workbook.getWorksheet('农户')!;
      const relations = workbook.getWorksheet('关系')!;
      expect((households.getRow(1).values as unknown[]).slice(1)).toEqual(['户编号', '户主姓名', '村（社区）', '所属站点编号', '联系电话', '备注', '状态']);
      expect((relations.getRow(1).values as unknown[]).slice(1)).toEqual(['关系类型', '起点', '起点名称', '终点', '终点名称', '开始日期', '结束日期', '属性']);
      // Ends as people know them: a username, a household code; their names beside them.
      const firstRelation = (relations.getRow(2).values as unknown[]).slice(1, 6);
      expect(firstRelation[0]).toBe('代表联系农户');
      expect(firstRelation).toContain('站长 林志明');

      // Unchanged, the file changes nothing.
      const unchanged = await importDirectory(engine.app, maonanCookie, exported.rawPayload, { dryRun: true });
      expect(unchanged.json(), unchanged.body).toMatchObject({ ok: true, counts: { households: { created: 0, updated: 0 }, relations: { created: 0, updated: 0 } } });

      // A new household, and relations naming it by its code and by 户主（村）; one row with a bad date order, one with an unknown deputy, one with a bad attribute.
      households.addRow(['JTP-009', '黄春花', '京塘坡村', 'gongguan-shuangzhu', '', '', '正常']);
      const base = relations.rowCount;
      relations.addRow(['代表联系农户', 'deputy', '', 'JTP-009', '', new Date('2026-04-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'), '{"visitCadence":"monthly"}']);
      relations.addRow(['代表联系农户', 'nobody', '', '黄春花（京塘坡村）', '', new Date('2026-04-01T00:00:00Z'), null, '{"visitCadence":"monthly"}']);
      relations.addRow(['站长带成员', 'deputy', '', 'committee', '', new Date('2026-01-01T00:00:00Z'), null, '{"memberRole":"mayor"}']);
      const bad = Buffer.from(await workbook.xlsx.writeBuffer());
      const before = { households: (await engine.store.households.all('maonan')).length, relations: (await engine.store.relations.all('maonan')).length };
      const refused = await importDirectory(engine.app, maonanCookie, bad);
      expect(refused.statusCode).toBe(422);
      const report = (refused.json() as unknown as { error: { code: string; details: { problems: Array<{ sheet: string; row: number; column: string; message: Record<string, string> }> } } }).error;
      expect(report.code).toBe('DIRECTORY_IMPORT_INVALID');
      expect(report.details.problems.map((p) => `${p.sheet} ${p.row - base} ${p.column}`)).toEqual(['关系 1 结束日期', '关系 2 起点', '关系 3 属性']);
      expect(report.details.problems[1].message['zh-CN']).toContain('不是本区县的人员');
      expect((await engine.store.households.all('maonan')).length).toBe(before.households);
      expect((await engine.store.relations.all('maonan')).length).toBe(before.relations);

      // Fixed row by row, the same file imports whole.
      relations.getRow(base + 1).getCell(7).value = null;
      relations.getRow(base + 2).getCell(2).value = 'deputy';
      relations.getRow(base + 2).getCell(6).value = new Date('2026-01-01T00:00:00Z');
      relations.getRow(base + 3).getCell(8).value = '{"memberRole":"village-cadre"}';
      // The second row now repeats the first's deputy and household, from an earlier start: overlapping, refused as the same relation twice.
      const twice = await importDirectory(engine.app, maonanCookie, Buffer.from(await workbook.xlsx.writeBuffer()), { dryRun: true });
      expect((twice.json() as unknown as { problems: Array<{ row: number; column: string }> }).problems.map((p) => `${p.row - base} ${p.column}`)).toEqual(['1 终点', '2 终点']);
      relations.getRow(base + 2).getCell(7).value = new Date('2026-03-31T00:00:00Z');
      const fixed = await importDirectory(engine.app, maonanCookie, Buffer.from(await workbook.xlsx.writeBuffer()));
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json()).toMatchObject({ ok: true, counts: { households: { created: 1 }, relations: { created: 3 } } });
      const huang = (await engine.store.households.all('maonan')).find((h) => h.code === 'JTP-009')!;
      const theirs = (await (await maonan.get(`/api/admin/relations?to=household:${huang.id}`)).json() as unknown as { relations: Array<{ from: { name: string }; startsOn: string; endsOn: string | null }> }).relations;
      expect(theirs.map((r) => [r.from.name, r.startsOn, r.endsOn])).toEqual([
        ['站长 林志明', '2026-04-01', null],
        ['站长 林志明', '2026-01-01', '2026-03-31'],
      ]);
    });
  });
}
