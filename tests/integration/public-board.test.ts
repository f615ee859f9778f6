import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import type { PackContent, PackFile } from '../../engine/packs/pack-content.js';
import { packHash, publishPack } from '../../engine/runtime/pack-publisher.js';
import { testDatabases } from '../support/databases.js';
import { publicBoardFixturePack, VILLAGE_AFFAIRS } from '../support/public-board-fixture-pack.js';
import { expectOk } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

/** A pack's content exactly as its files say, skipping validation: what an older engine may have stored. */
function unvalidatedContent(files: PackFile[]): PackContent {
  const folders: Record<string, Record<string, unknown>> = { forms: {}, flows: {}, stationTypes: {}, evaluations: {} };
  let manifest: unknown;
  for (const file of files) {
    const json = JSON.parse(file.text);
    if (file.path === 'pack.json') manifest = json;
    else folders[file.path.split('/')[0]][json.id] = json;
  }
  // Unchecked on purpose: the point is content that validatePack never saw.
  return { ...folders, manifest } as unknown as PackContent;
}

const STATION = 'ducheng-central';
const opinion = (extra: Record<string, unknown> = {}) => ({
  category: 'road',
  village: 'guixu',
  households: 12,
  summary: '欧阳修远家门口的路灯坏了',
  name: '欧阳修远',
  phone: '13812341234',
  ...extra,
});

/**
 * Public boards publish only what a county chose: flows and states that opted in, titles from
 * the flow's template, fields masked by the forms that wrote them. After the repros.
 */
for (const database of testDatabases()) {
  describe(`public boards on ${database.name}`, () => {
    let engine: Engine;
    let staff: ReturnType<typeof client>;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      const published = await publishPack(engine.store, engine.registry, publicBoardFixturePack());
      expect(published.ok, JSON.stringify(published)).toBe(true);
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const board = async (station = STATION) => expectOk(await engine.app.inject({ method: 'GET', url: `/api/public/counties/yunan/stations/${station}/board` }));
    const boardIds = async (station = STATION) => (await board(station)).items.map((i: { id: string }) => i.id);
    const start = async (flowId: string, payload: unknown, { packId = VILLAGE_AFFAIRS.packId as string, stationId = STATION } = {}) =>
      expectOk(await staff.createItem(payload, { packId, flowId, stationId }), 201).item.id as string;
    const send = async (id: string, type: string, payload?: unknown) => expectOk(await staff.send(id, type, payload));

    it('refuses at publish a pack whose later form reuses a personal field name without x-personal', async () => {
      const result = await publishPack(engine.store, engine.registry, publicBoardFixturePack({ reuseNameUnmarked: true, packId: 'repro-affairs' }));
      expect(result.ok).toBe(false);
      const problems = result.ok ? [] : result.problems;
      expect(problems).toEqual([
        {
          file: 'forms/follow-up.json',
          pointer: '/schema/properties/name',
          code: 'PERSONAL_INCONSISTENT',
          params: { field: 'name', earlierForm: 'opinion', was: 'name', is: null },
          message: { 'zh-CN': expect.stringContaining('字段“name”在表单“opinion”中标记为个人信息（name）'), en: expect.stringContaining('field "name" is marked personal (name) in form "opinion"') },
        },
      ]);
      expect(engine.registry.latest('yunan', 'repro-affairs')).toBeUndefined();
      expect((await engine.store.packs.listVersions('yunan')).some((v) => v.packId === 'repro-affairs')).toBe(false);
    });

    it('never shows an item of a flow that did not opt in (a discipline interview), in any state', async () => {
      const id = await start(VILLAGE_AFFAIRS.interviewFlow, { reason: 'discipline', interviewee: '赵铁柱' });
      expect(await boardIds()).not.toContain(id);
      await send(id, 'HOLD');
      const text = JSON.stringify(await board());
      expect(text).not.toContain(id);
      expect(text).not.toContain('违反纪律');
      expect(text).not.toContain('赵');

      // Staff can see which flows a board publishes (the stations page says so).
      const packs = expectOk(await staff.get('/api/packs'));
      const flows = packs.find((p: { packId: string }) => p.packId === VILLAGE_AFFAIRS.packId).flows;
      expect(Object.fromEntries(flows.map((f: { id: string; public: boolean }) => [f.id, f.public]))).toEqual({ opinion: true, interview: false });
    });

    it('hides an item until it moves to a public state; its title comes from the template, never from free text', async () => {
      const id = await start(VILLAGE_AFFAIRS.opinionFlow, opinion());
      expect(await boardIds()).not.toContain(id); // received: not public

      await send(id, 'ACCEPT');
      let shown = (await board()).items.find((i: { id: string }) => i.id === id);
      expect(shown.title).toEqual({ 'zh-CN': '道路交通·桂圩村', en: 'Roads · Guixu' });
      expect(shown.state).toEqual([{ 'zh-CN': '办理中', en: 'Being handled' }]);
      expect(shown.fields).toEqual({ households: 12, name: '欧**', result: null });
      expect(shown.fieldTitles.name).toEqual({ 'zh-CN': '反映人姓名', en: 'Name' });

      await send(id, 'FOLLOW_UP', { result: 'solved', name: '王小明' });
      const closed = await board();
      shown = closed.items.find((i: { id: string }) => i.id === id);
      expect(shown).toMatchObject({ status: 'done', outcome: { 'zh-CN': '办结', en: 'Closed' }, state: [{ 'zh-CN': '已办结', en: 'Closed' }] });
      expect(shown.fields).toEqual({ households: 12, name: '王**', result: { 'zh-CN': '已解决', en: 'Solved' } });
      const text = JSON.stringify(closed);
      for (const secret of ['欧阳修远', '王小明', '路灯坏了', '13812341234', '138****1234']) expect(text).not.toContain(secret);
    });

    it('masks by every form the flow uses, even where a pack’s forms disagree (as a version stored before the publish rule could)', async () => {
      // The repro, stored without validation: the FOLLOW_UP form's `name` has no x-personal.
      // A schema merged across the pack (last form wins) printed 王小明 here.
      const content = unvalidatedContent(publicBoardFixturePack({ reuseNameUnmarked: true, packId: 'old-affairs' }));
      const hash = packHash(content);
      await engine.store.packs.publish('yunan', 'old-affairs', '1.0.0', content, hash);
      engine.registry.add('yunan', content, hash);

      const id = await start(VILLAGE_AFFAIRS.opinionFlow, opinion(), { packId: 'old-affairs' });
      await send(id, 'ACCEPT');
      await send(id, 'FOLLOW_UP', { result: 'explained', name: '王小明' });
      const shown = (await board()).items.find((i: { id: string }) => i.id === id);
      expect(shown.fields.name).toBe('王**');
      expect(JSON.stringify(await board())).not.toContain('王小明');
    });

    it('selects public items in the store, before the board’s limit', async () => {
      const station = 'dawan-area';
      const shown = await start(VILLAGE_AFFAIRS.opinionFlow, opinion({ village: 'dawan' }), { stationId: station });
      await send(shown, 'ACCEPT');
      for (let i = 0; i < 3; i++) await start(VILLAGE_AFFAIRS.opinionFlow, opinion(), { stationId: station }); // newer, not public

      const inStates = [{ packId: VILLAGE_AFFAIRS.packId, packVersion: '1.0.0', flowId: VILLAGE_AFFAIRS.opinionFlow, paths: ['handling', 'closed'] }];
      const { items, total } = await engine.store.lists.list('yunan', { stationId: station, inStates }, { offset: 0, limit: 1 }, 'updated-desc');
      expect(items.map((i) => i.id)).toEqual([shown]);
      expect(total).toBe(1);
      expect(await boardIds(station)).toEqual([shown]);
    });
  });
}
