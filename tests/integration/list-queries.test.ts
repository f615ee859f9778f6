import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import type { Inbox } from '../../engine/runtime/inbox-service.js';
import { hashPassword } from '../../engine/auth/passwords.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake, reply, satisfied, unsatisfied } from '../support/yunan-payloads.js';
import { sql } from 'kysely';

/** The lists answered by the database: the inbox's page and exact counts, and free-text search in Chinese. */
for (const database of testDatabases()) {
  describe(`lists on ${database.name}`, () => {
    let engine: Engine;
    let deputy: ReturnType<typeof client>;
    let otherDeputy: ReturnType<typeof client>;
    let staff: ReturnType<typeof client>;
    let auditor: ReturnType<typeof client>;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      await engine.store.users.createUser({
        countyId: 'yunan', id: 'deputy-2', username: 'deputy2', displayName: '代表 周海燕', roles: ['deputy'], stationIds: ['ducheng-central'],
        passwordHash: await hashPassword(DEMO_PASSWORD),
      });
      deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      otherDeputy = client(engine.app, await login(engine.app, 'yunan', 'deputy2'));
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const create = async (by: ReturnType<typeof client>, title: string) => {
      const response = await by.createItem(intake(title), { stationId: 'ducheng-central' });
      expect(response.statusCode).toBe(201);
      return response.json().item.id as string;
    };
    /** Through micro handling to the submitter's rating (a creator-only event). */
    const toRating = async (id: string) => {
      expect((await staff.send(id, 'TRIAGE', { mechanism: 'micro' })).statusCode).toBe(200);
      expect((await staff.send(id, 'HANDLE', reply)).statusCode).toBe(200);
    };
    const inbox = async (who: ReturnType<typeof client>, query = ''): Promise<Inbox> => {
      const response = await who.get(`/api/inbox${query}`);
      expect(response.statusCode).toBe(200);
      return response.json();
    };
    const count = (box: Inbox, path: string) => box.countsByState.find((c) => c.path === path);

    it('counts every waiting item per state, beyond the page, and pages the list', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 23; i++) ids.push(await create(i % 2 ? deputy : otherDeputy, `分页测试建议第${i + 1}条`));
      const first = await inbox(staff, '?pageSize=10');
      expect(first.items).toHaveLength(10);
      expect(first.total).toBe(23);
      expect(first.totalIsLowerBound).toBe(false);
      expect(count(first, 'submitted')).toMatchObject({ count: 23, countIsLowerBound: false, label: { 'zh-CN': '待分类交办' } });
      const last = await inbox(staff, '?pageSize=10&page=3');
      expect(last.items).toHaveLength(3);
      // The three pages together are the 23 items, each once.
      const middle = await inbox(staff, '?pageSize=10&page=2');
      expect(new Set([...first.items, ...middle.items, ...last.items].map((i) => i.id))).toEqual(new Set(ids));
      // Counts stay those of the whole inbox when the list shows one state.
      const narrowed = await inbox(staff, '?pageSize=5&flow=suggestion&state=submitted');
      expect(narrowed.items).toHaveLength(5);
      expect(count(narrowed, 'submitted')!.count).toBe(23);
    });

    it('a state whose only event is the creator’s counts only the items the user created', async () => {
      const mine = [await create(deputy, '测评测试：本人建议一'), await create(deputy, '测评测试：本人建议二')];
      const theirs = [await create(otherDeputy, '测评测试：他人建议一'), await create(otherDeputy, '测评测试：他人建议二'), await create(otherDeputy, '测评测试：他人建议三')];
      for (const id of [...mine, ...theirs]) await toRating(id);

      const forDeputy = await inbox(deputy, '?flow=suggestion&state=rating');
      expect(count(forDeputy, 'rating')).toMatchObject({ count: 2, countIsLowerBound: false });
      expect(forDeputy.items.map((i) => i.id).sort()).toEqual([...mine].sort());
      expect(forDeputy.total).toBe(2);
      expect(count(await inbox(otherDeputy), 'rating')!.count).toBe(3);
      // The staff member's role may rate, but only as the submitter: none of these are theirs.
      expect(count(await inbox(staff), 'rating')).toBeUndefined();
    });

    it('keeps the county’s item counts equal to counting the items, and answers totals from them', async () => {
      const ids = [await create(deputy, '计数测试一'), await create(deputy, '计数测试二'), await create(otherDeputy, '计数测试三')];
      await toRating(ids[0]);
      await toRating(ids[1]);
      expect((await deputy.send(ids[0], 'RATE', satisfied)).statusCode).toBe(200); // done
      expect((await deputy.send(ids[1], 'RATE', unsatisfied)).statusCode).toBe(200); // handled again
      // Refused events change no count: an event the state does not take, and the loser of two at once.
      expect((await staff.send(ids[2], 'RATE', satisfied)).statusCode).toBeGreaterThanOrEqual(400);
      const both = await Promise.all([staff.send(ids[2], 'TRIAGE', { mechanism: 'micro' }), staff.send(ids[2], 'TRIAGE', { mechanism: 'general' })]);
      // One wins; the other is refused, as a lost race (409) or, arriving after, by the state it finds (4xx).
      const [won, lost] = both.map((r) => r.statusCode).sort();
      expect(won).toBe(200);
      expect(lost).toBeGreaterThanOrEqual(400);
      expect(lost).toBeLessThan(500);

      const kept = await engine.store.inCounty('yunan', (trx) =>
        trx.selectFrom('itemCounts').select(['packId', 'packVersion', 'flowId', 'status', 'path', 'n']).where(sql<boolean>`n <> 0`).execute(),
      );
      const counted = await engine.store.inCounty('yunan', async (trx) =>
        (
          await sql<{ packId: string; packVersion: string; flowId: string; status: string; path: string; n: string }>`
            select pack_id, pack_version, flow_id, status, path, count(*) as n
            from items cross join lateral unnest(array[''] || state_paths) as path
            where county_id = 'yunan' group by 1, 2, 3, 4, 5`.execute(trx)
        ).rows,
      );
      const key = (r: { packId: string; packVersion: string; flowId: string; status: string; path: string; n: string | number }) =>
        `${r.packId}@${r.packVersion}/${r.flowId} ${r.status} ${r.path}: ${Number(r.n)}`;
      expect(kept.map(key).sort()).toEqual(counted.map(key).sort());
      expect(kept.some((r) => r.status === 'done')).toBe(true);

      // The auditor's totals by status and state are these counts, exact past any cap.
      const total = async (query: string) => (await auditor.get(`/api/items?pageSize=1&${query}`)).json().total as number;
      const exact = async (where: string) =>
        engine.store.inCounty('yunan', async (trx) => Number((await sql<{ n: string }>`select count(*) as n from items where county_id = 'yunan' and ${sql.raw(where)}`.execute(trx)).rows[0].n));
      expect(await total('status=done')).toBe(await exact(`status = 'done'`));
      expect(await total('status=active')).toBe(await exact(`status = 'active'`));
      expect(await total('state=general.handling')).toBe(await exact(`state_paths @> '{general.handling}'`));
      expect(await total('flow=suggestion&status=active')).toBe(await exact(`flow_id = 'suggestion' and status = 'active'`));
      // The actor filter's total: the items the staff member sent events to, counted from their events.
      const staffId = (await engine.store.users.listUsers('yunan')).find((u) => u.username === 'staff')!.id;
      expect(await total(`actor=${staffId}`)).toBe(await exact(`id in (select item_id from events where county_id = 'yunan' and actor_id = '${staffId}')`));
      expect(await total(`actor=${staffId}`)).toBeGreaterThan(1);
    });

    it('lists what I submitted and what I handled beside what waits for me', async () => {
      const mine = await create(deputy, '我的视图：本人提交');
      const theirs = await create(otherDeputy, '我的视图：他人提交');
      expect((await staff.send(theirs, 'TRIAGE', { mechanism: 'micro' })).statusCode).toBe(200);
      const view = async (who: ReturnType<typeof client>, name: string) => {
        const response = await who.get(`/api/inbox/mine?view=${name}&pageSize=100`);
        expect(response.statusCode).toBe(200);
        return response.json() as { items: Array<{ id: string; createdBy: string }>; total: number };
      };
      const submitted = await view(deputy, 'submitted');
      expect(submitted.items.map((i) => i.id)).toContain(mine);
      expect(submitted.items.map((i) => i.id)).not.toContain(theirs);
      expect(submitted.total).toBe(submitted.items.length);
      // Handled: an event after the item was created; filing it is not handling it.
      expect((await view(staff, 'handled')).items.map((i) => i.id)).toContain(theirs);
      expect((await view(staff, 'handled')).items.map((i) => i.id)).not.toContain(mine);
      const handled = await view(staff, 'handled');
      expect(handled.total).toBe(handled.items.length);
      expect((await view(otherDeputy, 'handled')).items.map((i) => i.id)).not.toContain(theirs);
      const wrong = await deputy.get('/api/inbox/mine?view=everything');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.code).toBeTruthy();
    });

    it('finds Chinese text anywhere in an item’s data, exactly', async () => {
      const lake = await create(deputy, '关于整治九星湖水质的建议');
      const road = await create(deputy, '九星湖周边路灯不亮');
      const star = await create(deputy, '九星村文化广场建设');
      const company = await create(deputy, '关于ABC公司排污的建议');
      const search = async (q: string) => {
        const response = await auditor.get(`/api/items?pageSize=100&q=${encodeURIComponent(q)}`);
        expect(response.statusCode).toBe(200);
        return (response.json().items as Array<{ id: string }>).map((i) => i.id).sort();
      };
      expect(await search('九星湖')).toEqual([lake, road].sort());
      expect(await search('星湖水')).toEqual([lake]);
      expect(await search('九星')).toEqual([lake, road, star].sort());
      // Bigrams in a different order are not the phrase.
      expect(await search('湖星九')).toEqual([]);
      // ASCII: case-insensitive, and a two-letter piece of a word (no token; the text is read).
      expect(await search('abc公司')).toEqual([company]);
      expect(await search('Bc')).toEqual([company]);
      // LIKE's wildcards typed by a user are literal.
      expect(await search('九%湖')).toEqual([]);
      // Text written by a later event is found too (the reply of micro handling).
      await toRating(star);
      expect(await search('积水问题已解决')).toContain(star);
    });
  });
}
