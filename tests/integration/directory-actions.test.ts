import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { testDatabases } from '../support/databases.js';
import { expectError, expectOk, type JsonBody } from '../support/responses.js';
import { siteRegistryPack, SITES } from '../support/station-registry-fixture-pack.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

type Client = ReturnType<typeof client>;

const allEight = { hasPlace: true, hasStaff: true, hasPlaque: true, hasEquipment: true, hasRules: true, hasLedger: true, hasOpinionBox: true, hasActivities: true };
const siteProposal = {
  stationName: '公馆镇荔枝塘村委会京塘坡村“双助”工作站',
  town: '公馆镇',
  villageCommittee: '荔枝塘村委会',
  naturalVillage: '京塘坡村',
  siteAddress: '京塘坡村文化室',
  chiefName: '林志明',
  specialityArea: 'culture',
  speciality: '发动乡贤捐资助力乡村振兴',
};
const application = { buildSummary: '场所、人员、制度、台账、意见箱均已落实，设置了事项进度栏。', memberCount: 9, specialityArea: 'industry', speciality: '“双助”工作站+公司+合作社+农户' };

/** Flows change the directory through named catalogue actions, and items link to it (issue 10). */
for (const database of testDatabases()) {
  describe(`directory actions on ${database.name}`, () => {
    let engine: Engine;
    let admin: Client;
    let staff: Client;
    let chief: Client;
    let auditor: Client;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      expect((await publishPack(engine.store, engine.registry, siteRegistryPack())).ok).toBe(true);
      admin = client(engine.app, await login(engine.app, 'maonan', 'admin'));
      staff = client(engine.app, await login(engine.app, 'maonan', 'staff'));
      chief = client(engine.app, await login(engine.app, 'maonan', 'deputy'));
      auditor = client(engine.app, await login(engine.app, 'maonan', 'auditor'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const stations = async (): Promise<JsonBody[]> => expectOk(await admin.get('/api/admin/stations'));
    const trace = async (id: string) => expectOk(await auditor.get(`/api/items/${id}/trace`));

    /** A 茂南 station-building item walked to 待揭牌挂牌. */
    async function acceptedSite(proposal: Record<string, unknown>): Promise<string> {
      const id = expectOk(await staff.post('/api/items', { packId: 'maonan-shuangzhu', flowId: 'station-building', payload: proposal }), 201).item.id;
      expectOk(await staff.send(id, 'SITE_REVIEW', { siteDecision: 'approve', reviewOpinion: '条件成熟，同意建站' }));
      expectOk(await chief.send(id, 'APPLY_ACCEPTANCE', application));
      const body = expectOk(await staff.send(id, 'INSPECT', { inspectedOn: '2026-11-20', ...allEight }));
      expect(body.item.state.paths).toEqual(['plaquing']);
      return id;
    }

    it('茂南: 揭牌挂牌 adds the workstation to the registry with its 一站一特色', async () => {
      const id = await acceptedSite(siteProposal);
      expect((await stations()).find((s) => s.id === id)).toBeUndefined();
      const body = expectOk(await staff.send(id, 'UNVEIL', { unveiledOn: '2026-12-01', plaqueName: '人大代表“双助”工作站', fundsRaised: 160 }));
      expect(body.item.status).toBe('done');
      // The station's intent is the directory's, not a field of the item's data.
      expect(body.item.data).not.toHaveProperty('$station');

      const registered = (await stations()).find((s) => s.id === id);
      expect(registered).toEqual({
        id,
        stationType: 'shuangzhu-station',
        name: siteProposal.stationName,
        parentId: null,
        villages: ['京塘坡村'],
        openedOn: '2026-12-01',
        closedOn: null,
        // The speciality as the acceptance application last stated it.
        attributes: { town: '公馆镇', villageCommittee: '荔枝塘村委会', naturalVillage: '京塘坡村', specialityArea: 'industry', speciality: '“双助”工作站+公司+合作社+农户', memberCount: 9 },
      });
      // Every user of the county finds it among the stations (for filing items there, pickers).
      const listed = expectOk(await chief.get('/api/stations')) as JsonBody[];
      expect(listed.find((s) => s.id === id)).toMatchObject({ name: siteProposal.stationName, stationType: 'shuangzhu-station' });

      // The trace says so, and the record still verifies.
      const t = await trace(id);
      const unveil = t.events.find((e: JsonBody) => e.type === 'UNVEIL');
      expect(unveil.label['zh-CN']).toBe('揭牌挂牌');
      expect(unveil.directory).toEqual({
        station: { id, name: siteProposal.stationName, registered: true, label: { 'zh-CN': '登记站点', en: 'Station registered' } },
        linked: [{ kind: 'station', targetId: id }],
        unlinked: [],
      });
      expect(t.events.filter((e: JsonBody) => e.directory)).toHaveLength(1);
      expect(t.integrity).toEqual({ valid: true, problems: [] });

      // The item that built the station is among the station's items.
      const list = expectOk(await staff.get(`/api/items?linked=station:${id}`));
      expect(list.items.map((i: JsonBody) => i.id)).toEqual([id]);
      expect(list.total).toBe(1);
    });

    it('a name another station has is refused with a code, and nothing is recorded; another name goes through', async () => {
      const id = await acceptedSite({ ...siteProposal, naturalVillage: '上塘村' });
      const before = { item: expectOk(await staff.get(`/api/items/${id}`)), stations: (await stations()).length, events: (await trace(id)).events.length };
      const unveil = { unveiledOn: '2026-12-08', plaqueName: '人大代表“双助”工作站' };
      const error = expectError(await staff.send(id, 'UNVEIL', unveil), 'STATION_NAME_TAKEN', 409);
      expect(error.messages['zh-CN']).toContain('stationName');
      expect(error.messages['zh-CN']).toContain(siteProposal.stationName);
      expect(error.messages.en).toContain('Unveil the plaque');

      const after = expectOk(await staff.get(`/api/items/${id}`));
      expect(after).toMatchObject({ version: before.item.version, status: 'active', state: { paths: ['plaquing'] } });
      expect((await stations()).length).toBe(before.stations);
      expect((await trace(id)).events).toHaveLength(before.events);

      // The unveiling form may give the name the station is registered under.
      const renamed = '公馆镇荔枝塘村委会上塘村“双助”工作站';
      expectOk(await staff.send(id, 'UNVEIL', { ...unveil, stationName: renamed }));
      expect((await stations()).find((s) => s.id === id)).toMatchObject({ name: renamed, villages: ['上塘村'] });
      expect((await trace(id)).integrity.valid).toBe(true);
    });

    it('registering again updates the same station; attributes its type refuses are a coded refusal that changes nothing', async () => {
      const id = expectOk(await staff.post('/api/items', { packId: SITES.packId, flowId: SITES.flowId, payload: { siteName: '试点站' } }), 201).item.id;
      // The type's attribute form requires a speciality: refused, naming the field and the rule.
      const missing = expectError(await staff.send(id, 'REGISTER', { siteName: '试点站' }), 'STATION_ATTRIBUTES_INVALID', 422);
      expect(missing.messages.en).toContain('speciality');
      const tooLong = expectError(await staff.send(id, 'REGISTER', { siteName: '试点站', speciality: '很长'.repeat(11) }), 'STATION_ATTRIBUTES_INVALID', 422);
      expect(tooLong.messages['zh-CN']).toContain('speciality');
      expectError(await staff.send(id, 'REGISTER', { siteName: '  ', speciality: '调解' }), 'STATION_REGISTRATION_INVALID', 422);
      expect((await stations()).find((s) => s.id === id)).toBeUndefined();
      expect((await trace(id)).events).toHaveLength(1);

      const count = (await stations()).length;
      expectOk(await staff.send(id, 'REGISTER', { siteName: '试点站', speciality: '调解', villages: ['甲村'], openedOn: '2026-03-01' }));
      expect((await stations()).find((s) => s.id === id)).toMatchObject({ stationType: 'test-site', name: '试点站', villages: ['甲村'], openedOn: '2026-03-01', attributes: { speciality: '调解' } });
      // The administrator closes it meanwhile: the flow's update keeps it closed.
      const station = (await stations()).find((s) => s.id === id);
      expectOk(await admin.put(`/api/admin/stations/${id}`, { ...station, closedOn: '2026-10-01', id: undefined, countyId: undefined }));

      expectOk(await staff.send(id, 'REGISTER', { siteName: '试点站（扩建）', speciality: '普法', villages: ['甲村', '乙村'], openedOn: '2026-03-01' }));
      expect((await stations()).length).toBe(count + 1);
      expect((await stations()).find((s) => s.id === id)).toMatchObject({ name: '试点站（扩建）', villages: ['甲村', '乙村'], closedOn: '2026-10-01', attributes: { speciality: '普法' } });
      // The same station registered again: nothing to write.
      expectOk(await staff.send(id, 'REGISTER', { siteName: '试点站（扩建）', speciality: '普法', villages: ['甲村', '乙村'], openedOn: '2026-03-01' }));

      const t = await trace(id);
      expect(t.events.map((e: JsonBody) => e.directory?.station?.label['zh-CN'] ?? null)).toEqual([null, '登记站点', '更新站点', null]);
      expect(t.integrity).toEqual({ valid: true, problems: [] });
    });

    it('items link to units and people and are counted and listed per link', async () => {
      const units: Record<string, string> = {};
      for (const name of ['区交通运输局', '区农业农村局']) units[name] = expectOk(await admin.post('/api/admin/units', { name, kind: '承办单位' }), 201).id;
      const people = expectOk(await admin.get('/api/admin/people')) as JsonBody[];
      const deputyId = people.find((p) => p.username === 'deputy').id;
      const committeeId = people.find((p) => p.username === 'committee').id;
      const start = async (siteName: string) => expectOk(await staff.post('/api/items', { packId: SITES.packId, flowId: SITES.flowId, payload: { siteName } }), 201).item.id as string;
      const [a, b, c] = [await start('关联一'), await start('关联二'), await start('关联三')];

      // Only ids the county has: a unit that does not exist is refused by its form.
      expectError(await staff.send(a, 'LINK', { unit: 'no-such-unit' }), 'PAYLOAD_INVALID', 400);
      expectOk(await staff.send(a, 'LINK', { unit: units['区交通运输局'], people: [deputyId, committeeId] }));
      expectOk(await staff.send(b, 'LINK', { unit: units['区交通运输局'], people: [deputyId] }));
      expectOk(await staff.send(c, 'LINK', { unit: units['区农业农村局'] }));
      // A link made twice is one link.
      expectOk(await staff.send(c, 'LINK', { unit: units['区农业农村局'] }));

      // 茂南's item intake links the item to the units it involves.
      const intake = { title: '关于修复村道的建议', category: 'urgent', source: 'visit', content: '村道塌陷，需交通部门协助修复。', involvedUnits: [units['区交通运输局']] };
      const station = expectOk(await chief.post('/api/items', { packId: 'maonan-shuangzhu', flowId: 'station-item', stationId: 'gongguan-shuangzhu', payload: intake }), 201).item.id;

      const counts = async (kind: string, extra = '') => expectOk(await staff.get(`/api/items/link-counts?kind=${kind}${extra}`)).counts;
      expect(await counts('unit')).toEqual([
        { targetId: units['区交通运输局'], count: 3 },
        { targetId: units['区农业农村局'], count: 1 },
      ]);
      expect(await counts('person')).toEqual(expect.arrayContaining([{ targetId: deputyId, count: 2 }, { targetId: committeeId, count: 1 }]));
      const listed = expectOk(await staff.get(`/api/items?linked=unit:${units['区交通运输局']}`));
      expect(listed.items.map((i: JsonBody) => i.id).sort()).toEqual([a, b, station].sort());
      expect(listed.total).toBe(3);
      // With another filter the total is counted from the items.
      expect(expectOk(await staff.get(`/api/items?linked=unit:${units['区交通运输局']}&flow=${SITES.flowId}`)).total).toBe(2);
      expectError(await staff.get('/api/items?linked=village:1'), 'REQUEST_INVALID', 400);

      // Unlinking one unit and every person; closing an item keeps its links.
      const unlinked = expectOk(await staff.send(a, 'UNLINK', { unit: units['区交通运输局'] }));
      expect(unlinked.item.data).not.toHaveProperty('$links');
      expectOk(await staff.send(b, 'CLOSE'));
      expect(await counts('unit')).toEqual([
        { targetId: units['区交通运输局'], count: 2 },
        { targetId: units['区农业农村局'], count: 1 },
      ]);
      expect(await counts('unit', '&status=active')).toEqual([
        { targetId: units['区交通运输局'], count: 1 },
        { targetId: units['区农业农村局'], count: 1 },
      ]);
      expect(await counts('person')).toEqual([{ targetId: deputyId, count: 1 }]);

      const t = await trace(a);
      expect(t.events.map((e: JsonBody) => Boolean(e.directory))).toEqual([false, true, true]);
      expect(t.events[1].directory).toEqual({
        linked: [
          { kind: 'unit', targetId: units['区交通运输局'] },
          { kind: 'person', targetId: deputyId },
          { kind: 'person', targetId: committeeId },
        ],
        unlinked: [],
      });
      expect(t.events[2].directory).toEqual({
        linked: [],
        unlinked: [
          { kind: 'unit', targetId: units['区交通运输局'] },
          { kind: 'person', targetId: deputyId },
          { kind: 'person', targetId: committeeId },
        ],
      });
      for (const id of [a, b, c, station]) expect((await trace(id)).integrity).toEqual({ valid: true, problems: [] });

      // The rollup the counts read agrees with the links themselves, row by row.
      const [rollup, recount] = await engine.store.inCounty('maonan', async (trx) => [
        (await sql<JsonBody>`select kind, target_id, station_id, status, n::int from link_counts where county_id = 'maonan' and n <> 0 order by 1, 2, 3, 4`.execute(trx)).rows,
        (await sql<JsonBody>`select l.kind, l.target_id, coalesce(i.station_id, '') as station_id, i.status, count(*)::int as n from item_links l join items i on i.county_id = l.county_id and i.id = l.item_id where l.county_id = 'maonan' group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(trx)).rows,
      ]);
      expect(rollup.length).toBeGreaterThan(0);
      expect(rollup).toEqual(recount);
    });

    it('the county-wide verification still finds the record intact', async () => {
      const verified = expectOk(await auditor.post('/api/audit/verify', {}));
      expect(verified.valid).toBe(true);
    });
  });
}
