import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../engine/auth/passwords.js';
import { DEFAULT_PACKS_DIR, type Engine } from '../../engine/engine.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { testDatabases } from '../support/databases.js';
import { expectOk, expectRefused } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

/**
 * The Maonan "双助" and Chizhou "党建+代表" packs, walked to their final states through the API.
 */
type Client = ReturnType<typeof client>;

// ---- Maonan payloads ----
const opinion = {
  title: '关于硬底化京塘坡村环村路的意见',
  category: 'opinion',
  area: 'living-environment',
  source: 'visit',
  content: '京塘坡村环村路仍是泥路，雨天难行，村民希望发动乡贤捐资进行硬底化。',
  location: '公馆镇京塘坡村',
  collectedBy: '陈伟',
  constituentName: '黄大伯',
  constituentPhone: '13800138000',
};
const dispute = {
  title: '关于两户村民宅基地边界的纠纷',
  category: 'dispute',
  source: 'station',
  content: '村民甲、乙两户因宅基地边界围墙位置发生争执，需协调化解。',
};
const passed = { meetingDate: '2026-11-10', participants: '林志明、陈伟、陈国平', decision: 'passed', decisionNote: '研究通过，交村“两委”牵头组织实施。' };
const published = { publicityMethod: 'publicise', publicisedOn: '2026-12-20', publicityContent: '环村路硬底化已完工，在事项进度栏公示。' };
const allEight = { hasPlace: true, hasStaff: true, hasPlaque: true, hasEquipment: true, hasRules: true, hasLedger: true, hasOpinionBox: true, hasActivities: true };
const siteProposal = {
  stationName: '公馆镇荔枝塘村委会京塘坡村“双助”工作站',
  town: '公馆镇',
  villageCommittee: '荔枝塘村委会',
  naturalVillage: '京塘坡村',
  siteAddress: '京塘坡村文化室',
  siteCriteria: ['spacious', 'near-project'],
  chiefName: '林志明',
  members: '党员2名、村干部1名、村民代表2名、乡贤3名',
  specialityArea: 'industry',
  speciality: '发动乡贤捐资助力乡村振兴',
};

// ---- Chizhou payloads ----
const suggestion = {
  title: '关于修建七都镇大河口桥的建议',
  content: '大河口现有便桥年久失修，雨季无法通行，建议修建大河口桥，保障沿线村民出行安全。',
  category: 'infrastructure',
  deputyLevel: 'county',
  source: 'monthly-meeting',
  location: '石台县七都镇',
};
const reply = { result: 'solved', reply: '大河口桥已列入年度建设项目并完工通车。', completedOn: '2026-12-15', handlerName: '王工', handlerPhone: '13900139000' };
const meetingNotice = { title: '梅林村人大代表联络站2026年11月“党建+代表”例会', year: 2026, month: 11, plannedDate: '2026-11-25', place: '梅林村人大代表联络站' };

async function addUser(engine: Engine, county: string, username: string, displayName: string, roles: string[], unitId: string | null = null): Promise<Client> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await engine.store.users.createUser({ countyId: county, id: uuidv7(), username, displayName, roles, stationIds: [], passwordHash, unitId });
  return client(engine.app, await login(engine.app, county, username));
}

for (const database of testDatabases()) {
  describe(`county packs on ${database.name}`, () => {
    let engine: Engine;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('ships the three example counties', () => {
      const loaded = engine.packReports.filter((r) => r.ok).map((r) => `${r.countyId}/${r.packId}@${r.version}`);
      // Each at the version its folder holds now.
      const shipped = (folder: string) => (JSON.parse(readFileSync(join(DEFAULT_PACKS_DIR, folder, 'pack.json'), 'utf8')) as { version: string }).version;
      expect(loaded).toEqual(
        expect.arrayContaining([
          `maonan/maonan-shuangzhu@${shipped('maonan-shuangzhu')}`,
          `chizhou/chizhou-party-building@${shipped('chizhou-party-building')}`,
          `yunan/yunan-suggestions@${shipped('yunan-suggestions')}`,
        ]),
      );
    });

    describe('茂南区“双助”工作站', () => {
      let chief: Client; // 站长 (deputy)
      let staff: Client;
      let committee: Client; // 村两委

      beforeAll(async () => {
        chief = client(engine.app, await login(engine.app, 'maonan', 'deputy'));
        staff = client(engine.app, await login(engine.app, 'maonan', 'staff'));
        committee = client(engine.app, await login(engine.app, 'maonan', 'committee'));
      });

      const createItem = (c: Client, payload: unknown, flowId = 'station-item', stationId: string | null = 'gongguan-shuangzhu') =>
        c.createItem(payload, { packId: 'maonan-shuangzhu', flowId, stationId });

      it('意见建议: collected → meeting passes → 村两委 returns it → passed again → implemented → sent back once → publicised → closed', async () => {
        let body = await expectOk(await createItem(chief, opinion), 201);
        const id = body.item.id;
        expect(body.item.state.paths).toEqual(['collected']);
        expect(body.item.stationId).toBe('gongguan-shuangzhu');

        // Only the station chief (deputy) holds the meeting.
        await expectRefused(await committee.send(id, 'MEETING_DECISION', passed), 403, 'ROLE_NOT_ALLOWED');
        body = await expectOk(await chief.send(id, 'MEETING_DECISION', passed));
        expect(body.item.state.paths).toEqual(['implementation.assigned']);

        const view = await expectOk(await committee.get(`/api/items/${id}`));
        expect(view.actions.map((a: { type: string }) => a.type).sort()).toEqual(['ACCEPT', 'RETURN_TO_STATION']);

        body = await expectOk(await committee.send(id, 'RETURN_TO_STATION', { reason: '需先明确捐资筹集方案再实施' }));
        expect(body.item.state.paths).toEqual(['collected']);
        expect(body.item.data.returnCount).toBe(1);
        expect(body.item.data.decision).toBeNull();

        await expectOk(await chief.send(id, 'MEETING_DECISION', { ...passed, meetingDate: '2026-11-20', decisionNote: '明确由乡贤捐资、村民投劳，交村“两委”实施。' }));
        await expectOk(await committee.send(id, 'ACCEPT'));
        body = await expectOk(await committee.send(id, 'REPORT_PROGRESS', { progress: '已筹集资金，完成路基平整', percentDone: 50 }));
        expect(body.item.state.paths).toEqual(['implementation.implementing']);
        await expectOk(await chief.send(id, 'URGE', { opinion: '请在春节前完工' }));
        body = await expectOk(await committee.send(id, 'COMPLETE', { result: 'partly', resultDescription: '已完成环村路主路段硬底化，支路尚未完工。', fundsRaised: 60 }));
        expect(body.item.state.paths).toEqual(['implementation.publicising']);

        body = await expectOk(await chief.send(id, 'REWORK', { reason: '支路尚未硬底化，请继续实施' }));
        expect(body.item.state.paths).toEqual(['implementation.implementing']);
        await expectOk(await committee.send(id, 'COMPLETE', { result: 'done', resultDescription: '环村路主路及支路共2公里已全部硬底化。', completedOn: '2026-12-18', fundsRaised: 85 }));
        body = await expectOk(await chief.send(id, 'PUBLICISE', published));
        expect(body.item.status).toBe('done');
        expect(body.item.state.paths).toEqual(['closed']);
        expect(body.item.state.outcome['zh-CN']).toBe('办结');
        expect(body.item.data.meetingRecords).toHaveLength(2);
        expect(body.item.fields).toMatchObject({ title: opinion.title, category: 'opinion', decision: 'passed', result: 'done' });

        const trace = await expectOk(await staff.get(`/api/items/${id}/trace`));
        expect(trace.events.map((e: { type: string }) => e.type)).toEqual([
          'xstate.init', 'MEETING_DECISION', 'RETURN_TO_STATION', 'MEETING_DECISION', 'ACCEPT', 'REPORT_PROGRESS', 'URGE', 'COMPLETE', 'REWORK', 'COMPLETE', 'PUBLICISE',
        ]);
        expect(trace.events[2].role).toBe('village-committee');
        expect(trace.integrity).toEqual({ valid: true, problems: [] });
      });

      it('矛盾纠纷: names the parties → meeting passes → mediation continues → settled → parties notified → resolved', async () => {
        // A dispute must name its parties.
        await expectRefused(await createItem(staff, dispute), 400, 'PAYLOAD_INVALID');
        let body = await expectOk(await createItem(staff, { ...dispute, parties: '村民甲、村民乙' }), 201);
        const id = body.item.id;
        body = await expectOk(await chief.send(id, 'MEETING_DECISION', passed));
        expect(body.item.state.paths).toEqual(['mediation.mediating']);

        body = await expectOk(await committee.send(id, 'MEDIATE', { mediatedOn: '2026-11-12', mediationOutcome: 'continue', mediationDetails: '双方分歧较大，约定丈量后再调解。' }));
        expect(body.item.state.paths).toEqual(['mediation.mediating']);
        // A settlement must record the agreement.
        await expectRefused(await chief.send(id, 'MEDIATE', { mediatedOn: '2026-11-15', mediationOutcome: 'settled', mediationDetails: '经丈量确认边界，双方同意。' }), 400, 'PAYLOAD_INVALID');
        body = await expectOk(
          await chief.send(id, 'MEDIATE', {
            mediatedOn: '2026-11-15',
            mediators: '林志明、陈国平',
            mediationOutcome: 'settled',
            mediationDetails: '经丈量确认边界，双方同意按丈量结果重砌围墙。',
            agreement: '围墙按丈量边界后退0.5米重砌，费用双方各半。',
          }),
        );
        expect(body.item.state.paths).toEqual(['mediation.notifying']);
        expect(body.item.data.mediationRecords).toHaveLength(2);
        body = await expectOk(await chief.send(id, 'NOTIFY_PARTIES', { publicityMethod: 'notify', publicisedOn: '2026-11-16', publicityContent: '已当面告知双方当事人调解结果。' }));
        expect(body.item.status).toBe('done');
        expect(body.item.state.paths).toEqual(['resolved']);
        expect(body.item.state.outcome['zh-CN']).toBe('已化解');
      });

      it('a failed mediation ends with the referral; a deferred item can later be not adopted', async () => {
        let body = await expectOk(await createItem(chief, { ...dispute, parties: '村民丙、村民丁' }), 201);
        await expectOk(await chief.send(body.item.id, 'MEETING_DECISION', passed));
        body = await expectOk(
          await committee.send(body.item.id, 'MEDIATE', { mediatedOn: '2026-11-12', mediationOutcome: 'failed', mediationDetails: '双方均不接受调解方案。', referral: 'justice-office' }),
        );
        expect(body.item.state.paths).toEqual(['mediationFailed']);
        expect(body.item.state.outcome['zh-CN']).toBe('调解不成');

        body = await expectOk(await createItem(chief, { ...opinion, title: '关于在村口建设大型停车场的意见' }), 201);
        const id = body.item.id;
        body = await expectOk(await chief.send(id, 'MEETING_DECISION', { meetingDate: '2026-11-10', decision: 'deferred', decisionNote: '需进一步调研，下次会议再议。' }));
        expect(body.item.state.paths).toEqual(['collected']);
        body = await expectOk(await chief.send(id, 'MEETING_DECISION', { meetingDate: '2026-12-10', decision: 'not-adopted', decisionNote: '用地不符合规划，不予采纳，已向村民解释。' }));
        expect(body.item.state.paths).toEqual(['notAdopted']);
        expect(body.item.state.outcome['zh-CN']).toBe('不予采纳');
        expect(body.item.data.meetingRecords.map((r: { decision: string }) => r.decision)).toEqual(['deferred', 'not-adopted']);
      });

      it('成熟一个、打造一个、挂牌一个: site returned and resubmitted → approved → built → 八有 fails once → rectified → accepted → plaque unveiled', async () => {
        let body = await expectOk(await createItem(staff, siteProposal, 'station-building', null), 201);
        const id = body.item.id;
        expect(body.item.state.paths).toEqual(['siteProposed']);
        expect(body.item.title).toBe(siteProposal.stationName);

        body = await expectOk(await staff.send(id, 'SITE_REVIEW', { siteDecision: 'revise', reviewOpinion: '请补充工作站成员名单' }));
        expect(body.item.state.paths).toEqual(['revising']);
        await expectOk(await chief.send(id, 'RESUBMIT', { ...siteProposal, members: '党员陈某、村干部黄某、村民代表李某、乡贤张某' }));
        // The chief (deputy) cannot approve a site.
        await expectRefused(await chief.send(id, 'SITE_REVIEW', { siteDecision: 'approve', reviewOpinion: '同意' }), 403, 'ROLE_NOT_ALLOWED');
        body = await expectOk(await staff.send(id, 'SITE_REVIEW', { siteDecision: 'approve', reviewOpinion: '条件成熟，同意建站' }));
        expect(body.item.state.paths).toEqual(['building']);

        await expectOk(await chief.send(id, 'REPORT_PROGRESS', { progress: '场所已完成装修，制度已上墙', percentDone: 80 }));
        const application = { buildSummary: '场所、人员、制度、台账、意见箱均已落实，设置了事项进度栏。', memberCount: 9, specialityArea: 'industry', speciality: '“双助”工作站+公司+合作社+农户' };
        body = await expectOk(await chief.send(id, 'APPLY_ACCEPTANCE', application));
        expect(body.item.state.paths).toEqual(['acceptance']);

        // One 八有 item missing: the rectification must be stated, and the station goes back to building.
        await expectRefused(await staff.send(id, 'INSPECT', { inspectedOn: '2026-11-01', ...allEight, hasOpinionBox: false }), 400, 'PAYLOAD_INVALID');
        body = await expectOk(await staff.send(id, 'INSPECT', { inspectedOn: '2026-11-01', ...allEight, hasOpinionBox: false, rectification: '请在村口设置意见箱' }));
        expect(body.item.state.paths).toEqual(['building']);
        expect(body.item.data.rectificationCount).toBe(1);

        await expectOk(await chief.send(id, 'APPLY_ACCEPTANCE', application));
        body = await expectOk(await staff.send(id, 'INSPECT', { inspectedOn: '2026-11-20', inspectors: '梁小燕', ...allEight, inspectionNote: '“八有”全部达到' }));
        expect(body.item.state.paths).toEqual(['plaquing']);
        body = await expectOk(await staff.send(id, 'UNVEIL', { unveiledOn: '2026-12-01', plaqueName: '人大代表“双助”工作站', fundsRaised: 160 }));
        expect(body.item.status).toBe('done');
        expect(body.item.state.outcome['zh-CN']).toBe('已挂牌');
        expect(body.item.fields).toMatchObject({ naturalVillage: '京塘坡村', specialityArea: 'industry', speciality: '“双助”工作站+公司+合作社+农户' });
        expect(body.item.data.inspections).toHaveLength(2);
      });
    });

    describe('池州市“党建+代表”', () => {
      let deputy: Client;
      let secretary: Client; // 村党组织书记 (staff)
      let department: Client; // 承办单位: 石台县交通运输局
      let housing: Client; // 石台县住房城乡建设局
      let otherDeputy: Client;
      const units: Record<string, string> = {};

      beforeAll(async () => {
        deputy = client(engine.app, await login(engine.app, 'chizhou', 'deputy'));
        secretary = client(engine.app, await login(engine.app, 'chizhou', 'staff'));
        department = client(engine.app, await login(engine.app, 'chizhou', 'department'));
        otherDeputy = await addUser(engine, 'chizhou', 'deputy2', '代表 李海燕', ['deputy']);
        for (const unit of (await secretary.get('/api/units')).json() as Array<{ id: string; name: string }>) units[unit.name] = unit.id;
        housing = await addUser(engine, 'chizhou', 'housing', '石台县住房城乡建设局 汪涛', ['department'], units['石台县住房城乡建设局']);
      });

      const propose = (c: Client, payload: unknown = suggestion) =>
        c.createItem(payload, { packId: 'chizhou-party-building', flowId: 'suggestion', stationId: 'meilin-village' });

      it('提、交、办、督、评: assignment returned → re-assigned → handled under supervision → reply returned → unsatisfied → re-handled → satisfied → closed', async () => {
        // Only deputies propose.
        await expectRefused(await propose(secretary), 403, 'START_NOT_ALLOWED');
        let body = await expectOk(await propose(deputy), 201);
        const id = body.item.id;
        expect(body.item.state.paths).toEqual(['proposed']);

        body = await expectOk(await secretary.send(id, 'ASSIGN', { department: units['石台县住房城乡建设局'], departmentLevel: 'county' }));
        expect(body.item.state.paths).toEqual(['handling.assigned']);
        await expectRefused(await department.send(id, 'ACCEPT'), 404, 'ITEM_NOT_FOUND'); // another unit's work
        body = await expectOk(await housing.send(id, 'RETURN_ASSIGNMENT', { reason: '桥梁建设属交通运输部门职责' }));
        expect(body.item.state.paths).toEqual(['proposed']);
        expect(body.item.data.department).toBeUndefined();

        await expectOk(await secretary.send(id, 'ASSIGN', { department: units['石台县交通运输局'], departmentLevel: 'county', dueOn: '2026-12-31' }));
        await expectOk(await department.send(id, 'ACCEPT'));
        body = await expectOk(await secretary.send(id, 'SUPERVISE', { method: 'on-site', opinion: '请加快前期工作' }));
        expect(body.item.state.paths).toEqual(['handling.working']);
        await expectOk(await department.send(id, 'REPORT_PROGRESS', { progress: '已完成设计招标', percentDone: 30 }));
        body = await expectOk(await department.send(id, 'REPLY', { ...reply, result: 'solving', reply: '大河口桥已开工建设，预计年底完工。' }));
        expect(body.item.state.paths).toEqual(['supervising']);

        body = await expectOk(await secretary.send(id, 'RETURN_REPLY', { reason: '答复未说明完工时间节点' }));
        expect(body.item.state.paths).toEqual(['handling.working']);
        await expectOk(await department.send(id, 'REPLY', { ...reply, result: 'solving', reply: '大河口桥已开工建设，定于12月15日完工通车。' }));
        body = await expectOk(await secretary.send(id, 'APPROVE_REPLY', { reviewOpinion: '同意' }));
        expect(body.item.state.paths).toEqual(['evaluating']);

        // Only the deputy who proposed it rates it.
        await expectRefused(await secretary.send(id, 'EVALUATE', { rating: 'satisfied' }), 403, 'ROLE_NOT_ALLOWED');
        await expectRefused(await otherDeputy.send(id, 'EVALUATE', { rating: 'satisfied' }), 403, 'ONLY_CREATOR');
        await expectRefused(await deputy.send(id, 'EVALUATE', { rating: 'unsatisfied' }), 400, 'PAYLOAD_INVALID');
        body = await expectOk(await deputy.send(id, 'EVALUATE', { rating: 'unsatisfied', ratingComment: '桥尚未通车' }));
        expect(body.item.state.paths).toEqual(['handling.working']);
        expect(body.item.data.rehandleCount).toBe(1);

        await expectOk(await department.send(id, 'REPLY', reply));
        await expectOk(await secretary.send(id, 'APPROVE_REPLY', {}));
        body = await expectOk(await deputy.send(id, 'EVALUATE', { rating: 'satisfied' }));
        expect(body.item.status).toBe('done');
        expect(body.item.state.paths).toEqual(['closed']);
        expect(body.item.state.outcome['zh-CN']).toBe('办结');
        expect(body.item.fields).toMatchObject({ department: units['石台县交通运输局'], result: 'solved', rating: 'satisfied' });
        expect(body.item.data.ratings.map((r: { rating: string }) => r.rating)).toEqual(['unsatisfied', 'satisfied']);

        const trace = await expectOk(await secretary.get(`/api/items/${id}/trace`));
        expect(trace.integrity).toEqual({ valid: true, problems: [] });
        expect(trace.events.filter((e: { role: string }) => e.role === 'department').map((e: { type: string }) => e.type)).toEqual([
          'RETURN_ASSIGNMENT', 'ACCEPT', 'REPORT_PROGRESS', 'REPLY', 'REPLY', 'REPLY',
        ]);
      });

      it('不予交办 ends the suggestion', async () => {
        const { item } = await expectOk(await propose(deputy, { ...suggestion, title: '关于个人宅基地纠纷的反映' }), 201);
        const body = await expectOk(await secretary.send(item.id, 'NOT_ACCEPT', { reason: '属个人民事纠纷，已引导通过人民调解解决' }));
        expect(body.item.state.paths).toEqual(['notAccepted']);
        expect(body.item.state.outcome['zh-CN']).toBe('不予交办');
      });

      it('月度例会: convened → deputies report opinions → rescheduled → held with last month feedback → summarised → filed', async () => {
        // Opened by hand here (the engine opens one each month for every village station: tests/integration/duties.test.ts), then convened.
        const create = (c: Client) => c.createItem({}, { packId: 'chizhou-party-building', flowId: 'monthly-meeting', stationId: 'meilin-village' });
        await expectRefused(await create(deputy), 403, 'START_NOT_ALLOWED');
        let body = await expectOk(await create(secretary), 201);
        const id = body.item.id;
        expect(body.item.state.paths).toEqual(['planned']);
        body = await expectOk(await secretary.send(id, 'CONVENE', meetingNotice));
        expect(body.item.state.paths).toEqual(['convened']);
        expect(body.item.title).toBe(meetingNotice.title);
        // Due by the end of the planned day in Beijing (deadline { field: plannedDate }), whenever the notice was sent.
        expect(body.item.deadlines).toEqual({ convened: '2026-11-25T16:00:00.000Z' });

        await expectOk(await deputy.send(id, 'REPORT_OPINIONS', { visitedHouseholds: 12, opinions: '东庄村民组洗衣服环境简陋，缺少洗衣棚。' }));
        await expectOk(await otherDeputy.send(id, 'REPORT_OPINIONS', { visitedHouseholds: 8, opinions: '部分村医疗设施建设不完善，希望建设村级卫生室。' }));
        body = await expectOk(await secretary.send(id, 'RESCHEDULE', { plannedDate: '2026-11-28', reason: '部分代表参加县人代会培训' }));
        expect(body.item.data.plannedDate).toBe('2026-11-28');
        expect(body.item.deadlines).toEqual({ convened: '2026-11-28T16:00:00.000Z' }); // the deadline moved with the meeting
        expect(body.item.data.deputyReports).toHaveLength(2);

        body = await expectOk(
          await secretary.send(id, 'HOLD_MEETING', {
            heldOn: '2026-11-28',
            attendees: '方丽华、李海燕',
            attendeeCount: 2,
            observers: '村两委干部3名',
            opinions: '1. 东庄村民组缺少洗衣棚；2. 村级卫生室设施不完善。',
            opinionCount: 2,
            lastMonthFeedback: '上月提出的《关于修建七都镇大河口桥的建议》已交县交通运输局办理，已开工建设。',
            lastMonthSuggestions: 1,
            lastMonthCompleted: 0,
          }),
        );
        expect(body.item.state.paths).toEqual(['sorting']);
        body = await expectOk(
          await secretary.send(id, 'SUMMARISE', {
            summary: '洗衣棚问题连同村两委共同商讨解决；卫生室问题形成代表建议提交县人大常委会。',
            resolvedInVillageCount: 1,
            suggestionCount: 1,
            suggestionPlan: '县人大代表方丽华提出《关于完善村级卫生室设施的建议》',
            sharedInGroup: true,
          }),
        );
        expect(body.item.status).toBe('done');
        expect(body.item.state.paths).toEqual(['filed']);
        expect(body.item.state.outcome['zh-CN']).toBe('已召开');
        expect(body.item.fields).toMatchObject({ year: 2026, month: 11, attendeeCount: 2, opinionCount: 2, suggestionCount: 1 });

        const list = await expectOk(await secretary.get('/api/items?flow=monthly-meeting'));
        expect(list.items.map((i: { id: string }) => i.id)).toContain(id);
      });

      it('a monthly meeting can be cancelled', async () => {
        const { item } = await expectOk(await secretary.createItem({}, { packId: 'chizhou-party-building', flowId: 'monthly-meeting', stationId: 'meilin-village' }), 201);
        await expectOk(await secretary.send(item.id, 'CONVENE', { ...meetingNotice, month: 12, plannedDate: '2026-12-26' }));
        const body = await expectOk(await secretary.send(item.id, 'CANCEL_MEETING', { reason: '与镇人代会会期冲突，并入下月召开' }));
        expect(body.item.state.paths).toEqual(['cancelled']);
        expect(body.item.state.outcome['zh-CN']).toBe('已取消');
      });
    });
  });
}
