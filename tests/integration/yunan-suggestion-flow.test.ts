import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { testDatabases } from '../support/databases.js';
import { expectError, expectOk } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake, reply, satisfied, triageTo, unsatisfied } from '../support/yunan-payloads.js';

for (const database of testDatabases()) {
  describe(`Yunan suggestion flow on ${database.name}`, () => {
    let engine: Engine;
    let deputy: ReturnType<typeof client>;
    let staff: ReturnType<typeof client>;
    let department: ReturnType<typeof client>;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      department = client(engine.app, await login(engine.app, 'yunan', 'department'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    async function submit(title?: string): Promise<string> {
      const body = await expectOk(await deputy.createItem(intake(title), { stationId: 'ducheng-central' }), 201);
      expect(body.item.state.paths).toEqual(['submitted']);
      expect(body.item.stationId).toBe('ducheng-central');
      return body.item.id;
    }

    it('微事建议马上办: triage → handled at once by the deputy → rated satisfied → closed', async () => {
      const id = await submit();
      let body = await expectOk(await staff.send(id, 'TRIAGE', { mechanism: 'micro', triageOpinion: '请代表马上办理' }));
      expect(body.item.state.paths).toEqual(['micro.handling']);
      expect(body.item.data.mechanism).toBe('micro');

      // The deputy may act now: the item offers HANDLE with its form.
      const view = await expectOk(await deputy.get(`/api/items/${id}`));
      expect(view.actions.map((a: { type: string }) => a.type)).toEqual(['HANDLE']);
      expect(view.actions[0].form.id).toBe('handling-reply');

      body = await expectOk(await deputy.send(id, 'HANDLE', reply));
      expect(body.item.state.paths).toEqual(['rating']);
      body = await expectOk(await deputy.send(id, 'RATE', satisfied));
      expect(body.item.status).toBe('done');
      expect(body.item.state.paths).toEqual(['closed']);
      expect(body.item.state.outcome['zh-CN']).toBe('办结');

      const trace = await expectOk(await staff.get(`/api/items/${id}/trace`));
      expect(trace.events.map((e: { type: string }) => e.type)).toEqual(['xstate.init', 'TRIAGE', 'HANDLE', 'RATE']);
      expect(trace.events.map((e: { role: string }) => e.role)).toEqual(['deputy', 'staff', 'deputy', 'deputy']);
      expect(trace.events[2].stateBefore).toEqual({ micro: 'handling' });
      expect(trace.events[2].stateAfter).toBe('rating');
      expect(trace.integrity).toEqual({ valid: true, problems: [] });
    });

    it('一般建议速交办: assigned → accepted → progress → reply → unsatisfied sends it back → re-handled → closed', async () => {
      const id = await submit('关于增设垃圾桶的建议');
      await expectOk(await staff.send(id, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局')));
      // The pack lets staff, admins and auditors read the constituent's name and phone; the unit reads them masked, the submitter as entered.
      const seen = async (c: ReturnType<typeof client>) => {
        const item = await expectOk(await c.get(`/api/items/${id}`));
        const trace = await expectOk(await c.get(`/api/items/${id}/trace`));
        return [item.data.constituentName, item.data.constituentPhone, item.fields.constituentName, trace.events[0].payload.constituentPhone, trace.events[1].data.constituentName];
      };
      expect(await seen(staff)).toEqual(['张三', '13800138000', '张三', '13800138000', '张三']);
      expect(await seen(deputy)).toEqual(['张三', '13800138000', '张三', '13800138000', '张三']);
      const masked = await seen(department);
      expect(masked).not.toContain('张三');
      expect(masked).not.toContain('13800138000');
      expect(masked[0]).toMatch(/^张\*+$/);
      expect(masked[1]).toMatch(/^138\*+8000$/);
      let body = await expectOk(await department.send(id, 'ACCEPT'));
      expect(body.item.state.paths).toEqual(['general.handling']);
      body = await expectOk(await department.send(id, 'REPORT_PROGRESS', { progress: '已完成现场勘察', percentDone: 30 }));
      expect(body.item.state.paths).toEqual(['general.handling']);
      expect(body.item.data.progressReports).toHaveLength(1);
      await expectOk(await department.send(id, 'REPLY', reply));

      body = await expectOk(await deputy.send(id, 'RATE', unsatisfied));
      expect(body.item.state.paths).toEqual(['general.handling']);
      expect(body.item.data.rehandleCount).toBe(1);

      await expectOk(await department.send(id, 'REPLY', { ...reply, reply: '已补修剩余路段，全部完工。' }));
      body = await expectOk(await deputy.send(id, 'RATE', { rating: 'basically-satisfied' }));
      expect(body.item.status).toBe('done');
      expect(body.item.data.ratings.map((r: { rating: string }) => r.rating)).toEqual(['unsatisfied', 'basically-satisfied']);
    });

    it('重大建议监督办: supervised handling, a returned reply, approval, rating → closed', async () => {
      const id = await submit('关于升级县城湖区灯光的建议');
      await expectOk(await staff.send(id, 'TRIAGE', await triageTo(staff, 'major', '县住房城乡建设局')));
      // Assigned to the unit, supervised by the staff: it waits for both, and no other unit sees it.
      const ids = async (c: ReturnType<typeof client>) => ((await expectOk(await c.get('/api/inbox?pageSize=100'))).items as Array<{ id: string }>).map((i) => i.id);
      expect(await ids(staff)).toContain(id);
      expect(await ids(department)).toContain(id);
      const transport = client(engine.app, await login(engine.app, 'yunan', 'transport'));
      expect(await ids(transport)).not.toContain(id);
      expect((await transport.get(`/api/items/${id}`)).statusCode).toBe(404);
      await expectOk(await department.send(id, 'REPORT_PROGRESS', { progress: '已召开工作协调会' }));
      await expectOk(await staff.send(id, 'SUPERVISE', { method: 'on-site', opinion: '请加快进度，月底前完成方案' }));
      let body = await expectOk(await department.send(id, 'REPLY', reply));
      expect(body.item.state.paths).toEqual(['major.review']);
      body = await expectOk(await staff.send(id, 'RETURN_REPLY', { reason: '答复未说明资金来源' }));
      expect(body.item.state.paths).toEqual(['major.handling']);
      await expectOk(await department.send(id, 'REPLY', { ...reply, reply: '资金已纳入年度预算，工程已完工。' }));
      body = await expectOk(await staff.send(id, 'APPROVE_REPLY', { reviewOpinion: '同意' }));
      expect(body.item.state.paths).toEqual(['rating']);
      body = await expectOk(await deputy.send(id, 'RATE', satisfied));
      expect(body.item.status).toBe('done');
      expect(body.item.data.supervisionNotes).toHaveLength(1);
      expect(body.item.data.reviewReturns).toHaveLength(1);
    });

    it('不予受理 ends the item with its outcome', async () => {
      const id = await submit('关于个人纠纷的反映');
      const body = await expectOk(await staff.send(id, 'REJECT', { reason: '属于民事纠纷，已引导通过诉讼途径解决' }));
      expect(body.item.status).toBe('done');
      expect(body.item.state.outcome['zh-CN']).toBe('不予受理');
    });

    it('lists items with filters and paging', async () => {
      const first = await submit('列表测试一');
      await submit('列表测试二');
      await expectOk(await staff.send(first, 'TRIAGE', { mechanism: 'micro' }));
      const inMicro = await expectOk(await staff.get('/api/items?state=micro'));
      expect(inMicro.items.map((i: { id: string }) => i.id)).toContain(first);
      expect(inMicro.items.every((i: { state: { paths: string[] } }) => i.state.paths[0].startsWith('micro'))).toBe(true);

      const page = await expectOk(await staff.get('/api/items?flow=suggestion&pageSize=2&page=1'));
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThanOrEqual(2);
      const byStation = await expectOk(await staff.get('/api/items?station=ducheng-central'));
      expect(byStation.items.every((i: { stationId: string }) => i.stationId === 'ducheng-central')).toBe(true);
      const future = await expectOk(await staff.get(`/api/items?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`));
      expect(future.total).toBe(0);
      const bad = await staff.get('/api/items?pageSize=1000');
      expectError(bad, 'REQUEST_INVALID', 400);
    });
  });
}
