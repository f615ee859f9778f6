import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { hashPassword } from '../../engine/auth/passwords.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake, triageTo } from '../support/yunan-payloads.js';

type Client = ReturnType<typeof client>;

/**
 * Who sees and touches which item (domain/item-scope.ts), route by route. 郁南's demo stations:
 * ducheng-central ⊃ dawan-area ⊃ guixu-village, and jiancheng-central beside them. Four items:
 * one filed at guixu-village, one at jiancheng-central, one filed at guixu-village by the deputy
 * of the station above, and one at guixu-village referred to 县住房城乡建设局 (a unit sees only
 * what is assigned to it, or what its people acted on). Each person below either has the item in
 * scope (reads it, finds it in lists, and any refusal of an event is about the flow) or not
 * (404 everywhere, as if it did not exist, and absent from every list).
 */
const PEOPLE = {
  'staff@ducheng (the station above, rolls up)': { county: 'yunan', username: 'staff', sees: ['guixu', 'own-guixu', 'referred'] },
  'staff@guixu (the station itself)': { county: 'yunan', username: 'staff-guixu', sees: ['guixu', 'own-guixu', 'referred'] },
  'staff@jiancheng (another station)': { county: 'yunan', username: 'staff-jiancheng', sees: ['jiancheng'] },
  'deputy@jiancheng (filed the jiancheng item)': { county: 'yunan', username: 'deputy-jiancheng', sees: ['jiancheng'] },
  'department@住建局 (its unit was referred one item)': { county: 'yunan', username: 'department', sees: ['referred'] },
  'transport@交通局 (another unit)': { county: 'yunan', username: 'transport', sees: [] },
  auditor: { county: 'yunan', username: 'auditor', sees: ['guixu', 'jiancheng', 'own-guixu', 'referred'] },
  'admin (county-wide)': { county: 'yunan', username: 'admin', sees: ['guixu', 'jiancheng', 'own-guixu', 'referred'] },
  'admin of another county': { county: 'maonan', username: 'admin', sees: [] },
} as const;

for (const database of testDatabases()) {
  describe(`access matrix on ${database.name}`, () => {
    let engine: Engine;
    const clients = new Map<string, Client>();
    const items: Record<string, string> = {};

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      for (const [username, roles, stationIds] of [
        ['staff-guixu', ['staff'], ['guixu-village']],
        ['staff-jiancheng', ['staff'], ['jiancheng-central']],
        ['deputy-jiancheng', ['deputy'], ['jiancheng-central']],
        ['deputy-guixu', ['deputy'], ['guixu-village']],
      ] as const)
        await engine.store.users.createUser({ countyId: 'yunan', id: `u-${username}`, username, displayName: username, roles: [...roles], stationIds: [...stationIds], passwordHash });
      for (const [name, p] of Object.entries(PEOPLE)) clients.set(name, client(engine.app, await login(engine.app, p.county, p.username)));
      const deputyGuixu = client(engine.app, await login(engine.app, 'yunan', 'deputy-guixu'));
      items.guixu = (await deputyGuixu.createItem(intake('桂圩村：水渠破损'), { stationId: 'guixu-village' })).json().item.id;
      items.jiancheng = (await clients.get('deputy@jiancheng (filed the jiancheng item)')!.createItem(intake('建城镇：路灯不亮'), { stationId: 'jiancheng-central' })).json().item.id;
      // Filed at guixu-village by the deputy of ducheng-central above it: in their scope as the filer and by the roll-up.
      items['own-guixu'] = (await client(engine.app, await login(engine.app, 'yunan', 'deputy')).createItem(intake('代表本人提交'), { stationId: 'guixu-village' })).json().item.id;
      items.referred = (await deputyGuixu.createItem(intake('桂圩村：危房改造'), { stationId: 'guixu-village' })).json().item.id;
      const staff = clients.get('staff@ducheng (the station above, rolls up)')!;
      expect((await staff.send(items.referred, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局'))).statusCode).toBe(200);
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('every route answers each person by the item’s scope', async () => {
      let cells = 0;
      for (const [name, person] of Object.entries(PEOPLE)) {
        const c = clients.get(name)!;
        const listed = ((await c.get('/api/items?pageSize=100')).json().items ?? []).map((i: { id: string }) => i.id);
        const inbox = ((await c.get('/api/inbox?pageSize=100')).json().items ?? []).map((i: { id: string }) => i.id);
        for (const [key, id] of Object.entries(items)) {
          const sees = (person.sees as readonly string[]).includes(key);
          const where = `${name} → item at ${key}`;
          const item = await c.get(`/api/items/${id}`);
          const trace = await c.get(`/api/items/${id}/trace`);
          const event = await c.post(`/api/items/${id}/events`, { type: 'NO_SUCH_EVENT' });
          if (sees) {
            expect(item.statusCode, where).toBe(200);
            expect(trace.statusCode, where).toBe(200);
            expect(event.json().error.code, where).not.toBe('ITEM_NOT_FOUND'); // refused by the flow or the role, not by scope
          } else {
            for (const answer of [item, trace, event]) expect(answer.json().error?.code, where).toBe('ITEM_NOT_FOUND'); // another station's or another county's: the same answer
          }
          expect(listed.includes(id), `${where} (item list)`).toBe(sees);
          if (!sees) expect(inbox.includes(id), `${where} (inbox)`).toBe(false);
          cells += 5;
        }
      }
      // staff of the station and of the station above find the new item waiting; others do not.
      const waiting = async (name: string) => ((await clients.get(name)!.get('/api/inbox?pageSize=100')).json().items as Array<{ id: string }>).map((i) => i.id);
      expect(await waiting('staff@ducheng (the station above, rolls up)')).toContain(items.guixu);
      expect(await waiting('staff@guixu (the station itself)')).toContain(items.guixu);
      expect(await waiting('staff@jiancheng (another station)')).toContain(items.jiancheng);
      expect(await waiting('department@住建局 (its unit was referred one item)')).toEqual([items.referred]);
      console.log(`access matrix (${database.name}): ${Object.keys(PEOPLE).length} people × ${Object.keys(items).length} items × 5 routes = ${cells} answers checked`);
      expect(cells).toBe(Object.keys(PEOPLE).length * Object.keys(items).length * 5);
    });

    it('filing follows the same scope: at one’s stations and below, not above or beside', async () => {
      const guixuStaff = clients.get('staff@guixu (the station itself)')!;
      const deputyGuixu = client(engine.app, await login(engine.app, 'yunan', 'deputy-guixu'));
      expect((await deputyGuixu.createItem(intake('上级站点'), { stationId: 'ducheng-central' })).json().error.code).toBe('STATION_NOT_YOURS');
      expect((await guixuStaff.get('/api/admin/people')).json().error.code).toBe('DIRECTORY_ADMIN_ONLY');
    });
  });
}
