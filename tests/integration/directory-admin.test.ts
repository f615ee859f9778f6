import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

type Client = ReturnType<typeof client>;

/** The county administrator's directory: people, units, stations, and first-login passwords (issue 10). */
for (const database of testDatabases()) {
  describe(`directory administration on ${database.name}`, () => {
    let engine: Engine;
    let admin: Client;
    let staff: Client;
    let otherAdmin: Client;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      admin = client(engine.app, await login(engine.app, 'yunan', 'admin'));
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      otherAdmin = client(engine.app, await login(engine.app, 'maonan', 'admin'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const refusal = (response: { statusCode: number; json: () => { error: { code: string; messages: Record<string, string> } } }) => ({ status: response.statusCode, ...response.json().error });

    it('only administrators manage the directory', async () => {
      for (const url of ['/api/admin/people', '/api/admin/units', '/api/admin/stations']) {
        expect(refusal(await staff.get(url))).toMatchObject({ status: 403, code: 'DIRECTORY_ADMIN_ONLY' });
      }
      expect(refusal(await staff.post('/api/admin/units', { name: '县水利局' }))).toMatchObject({ status: 403, code: 'DIRECTORY_ADMIN_ONLY' });
      expect((await engine.store.units.listUnits('yunan')).some((u) => u.name === '县水利局')).toBe(false);
    });

    it('an administrator cannot lock themselves out, and nothing changes', async () => {
      const me = (await admin.get('/api/auth/me')).json();
      for (const [body, field] of [[{ disabled: true }, 'disabled'], [{ roles: ['staff'] }, 'roles']] as const) {
        const refused = refusal(await admin.patch(`/api/admin/people/${me.id}`, body));
        expect(refused).toMatchObject({ status: 409, code: 'ADMIN_SELF_LOCKOUT' });
        expect(refused.messages['zh-CN']).toContain(`字段“${field}”`);
        expect(refused.messages.en).toContain(`Field "${field}"`);
      }
      const after = (await admin.get('/api/admin/people')).json().find((p: { id: string }) => p.id === me.id);
      expect(after).toMatchObject({ disabled: false, roles: ['admin'] });
      expect((await admin.patch(`/api/admin/people/${me.id}`, { displayName: '县人大常委会办公室管理员' })).statusCode).toBe(200); // the rest stays theirs to change
    });

    it('a unit with members; a unit name is taken once per county, not across counties', async () => {
      const created = await admin.post('/api/admin/units', { name: '县文化广电旅游体育局', kind: '承办单位' });
      expect(created.statusCode).toBe(201);
      const unit = created.json();
      expect(unit).toMatchObject({ name: '县文化广电旅游体育局', kind: '承办单位', disabled: false, memberCount: 0 });
      expect(refusal(await admin.post('/api/admin/units', { name: '县文化广电旅游体育局' }))).toMatchObject({ status: 409, code: 'UNIT_NAME_TAKEN' });
      expect((await otherAdmin.post('/api/admin/units', { name: '县文化广电旅游体育局' })).statusCode).toBe(201);
      // Another county's administrator cannot see or change it.
      expect((await otherAdmin.get('/api/admin/units')).json().map((u: { id: string }) => u.id)).not.toContain(unit.id);
      expect(refusal(await otherAdmin.patch(`/api/admin/units/${unit.id}`, { name: '改名' }))).toMatchObject({ status: 404, code: 'UNIT_NOT_FOUND' });

      const person = await admin.post('/api/admin/people', {
        username: 'jiaotong-1', displayName: '交通局 王工', password: 'first-pass-1', roles: ['department'], unitId: unit.id,
      });
      expect(person.statusCode).toBe(201);
      expect(person.json()).toMatchObject({ username: 'jiaotong-1', unitId: unit.id, mustChangePassword: true, disabled: false, deputyLevel: null });
      expect((await admin.get('/api/admin/units')).json().find((u: { id: string }) => u.id === unit.id).memberCount).toBe(1);
      // Out of the unit again: null means none (not an empty id).
      const left = await admin.patch(`/api/admin/people/${person.json().id}`, { unitId: null, deputyLevel: null });
      expect(left.statusCode, left.body).toBe(200);
      expect(left.json()).toMatchObject({ unitId: null, deputyLevel: null });
    });

    it('refuses a bad person field with the field and the rule, writing nothing', async () => {
      const before = (await engine.store.users.listPeople('yunan')).length;
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ username: 'a b', displayName: '甲', password: 'long-enough', roles: ['staff'] }, 'DIRECTORY_FIELD_INVALID', 'username'],
        [{ username: 'new-1', displayName: '甲', password: 'short', roles: ['staff'] }, 'DIRECTORY_FIELD_INVALID', 'password'],
        [{ username: 'new-1', displayName: '甲', password: 'long-enough', roles: ['mayor'] }, 'DIRECTORY_FIELD_INVALID', 'roles'],
        [{ username: 'new-1', displayName: '甲', password: 'long-enough', roles: ['deputy'], stationIds: ['gongguan-shuangzhu'] }, 'DIRECTORY_FIELD_INVALID', 'stationIds'],
        [{ username: 'new-1', displayName: '甲', password: 'long-enough', roles: ['deputy'], unitId: 'nope' }, 'DIRECTORY_FIELD_INVALID', 'unitId'],
        [{ username: 'staff', displayName: '甲', password: 'long-enough', roles: ['staff'] }, 'USERNAME_TAKEN', 'username'],
        [{ username: 'new-1', displayName: '甲', password: 'long-enough', roles: ['staff'], deputyLevel: 'galactic' }, 'REQUEST_INVALID', 'deputyLevel'],
        [{ username: 'new-1', displayName: '甲', password: 'long-enough', roles: ['staff'], isAdmin: true }, 'REQUEST_INVALID', 'isAdmin'],
      ];
      for (const [body, code, field] of cases) {
        const answer = refusal(await admin.post('/api/admin/people', body));
        expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.code, JSON.stringify(body)).toBe(code);
        expect(answer.messages['zh-CN'], JSON.stringify(body)).toContain(field);
        expect(answer.messages.en).toContain(field);
      }
      expect((await engine.store.users.listPeople('yunan')).length).toBe(before);
    });

    it('a change names no field it does not take (a partial body is closed too), and may name none', async () => {
      const id = (await engine.store.users.listPeople('yunan')).find((p) => p.username === 'staff')!.id;
      const unitId = (await engine.store.units.listUnits('yunan'))[0].id;
      for (const [url, body] of [[`/api/admin/people/${id}`, { displayName: '甲', passwordHash: 'x' }], [`/api/admin/units/${unitId}`, { createdAt: '2020-01-01' }]] as const) {
        const answer = refusal(await admin.patch(url, body));
        expect(answer, url).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
        expect(answer.messages.en).toContain(Object.keys(body).at(-1));
      }
      // An empty change changes nothing, of someone who is there or not.
      expect((await admin.patch(`/api/admin/people/${id}`, {})).statusCode).toBe(200);
      expect((await admin.patch(`/api/admin/units/${unitId}`, {})).statusCode).toBe(200);
      expect(refusal(await admin.patch('/api/admin/units/nope', {}))).toMatchObject({ status: 404, code: 'UNIT_NOT_FOUND' });
      expect(refusal(await admin.patch('/api/admin/people/nope', {}))).toMatchObject({ status: 404, code: 'PERSON_NOT_FOUND' });
    });

    it('a new person changes the first password before doing anything else', async () => {
      await admin.post('/api/admin/people', { username: 'newcomer', displayName: '新代表 赵敏', password: 'first-pass-1', roles: ['deputy'], stationIds: ['ducheng-central'], deputyLevel: 'county' });
      const cookie = await login(engine.app, 'yunan', 'newcomer', 'first-pass-1');
      const newcomer = client(engine.app, cookie);
      expect((await newcomer.get('/api/auth/me')).json().mustChangePassword).toBe(true);
      expect(refusal(await newcomer.get('/api/inbox'))).toMatchObject({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
      expect(refusal(await newcomer.post('/api/auth/password', { currentPassword: 'wrong-pass', newPassword: 'my-own-pass-2' }))).toMatchObject({ status: 400, code: 'PASSWORD_WRONG' });
      expect(refusal(await newcomer.post('/api/auth/password', { currentPassword: 'first-pass-1', newPassword: 'first-pass-1' }))).toMatchObject({ status: 400, code: 'DIRECTORY_FIELD_INVALID' });
      expect((await newcomer.post('/api/auth/password', { currentPassword: 'first-pass-1', newPassword: 'my-own-pass-2' })).statusCode).toBe(204);
      // The session it was changed from goes on; the old password no longer opens one.
      expect((await newcomer.get('/api/inbox')).statusCode).toBe(200);
      expect((await engine.app.inject({ method: 'POST', url: '/api/auth/login', payload: { county: 'yunan', username: 'newcomer', password: 'first-pass-1' } })).statusCode).toBe(401);
      await login(engine.app, 'yunan', 'newcomer', 'my-own-pass-2');
    });

    it('a reset ends the person’s sessions and asks for a new password; disabling ends them too', async () => {
      await admin.post('/api/admin/people', { username: 'resettable', displayName: '联络员 孙立', password: 'first-pass-1', roles: ['staff'] });
      const id = (await engine.store.users.listPeople('yunan')).find((p) => p.username === 'resettable')!.id;
      const person = client(engine.app, await login(engine.app, 'yunan', 'resettable', 'first-pass-1'));
      await person.post('/api/auth/password', { currentPassword: 'first-pass-1', newPassword: 'second-pass-2' });
      expect((await person.get('/api/inbox')).statusCode).toBe(200);

      expect((await admin.post(`/api/admin/people/${id}/password`, { password: 'reset-pass-3' })).statusCode).toBe(204);
      expect(refusal(await person.get('/api/inbox'))).toMatchObject({ status: 401 });
      const again = client(engine.app, await login(engine.app, 'yunan', 'resettable', 'reset-pass-3'));
      expect(refusal(await again.get('/api/inbox'))).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
      await again.post('/api/auth/password', { currentPassword: 'reset-pass-3', newPassword: 'fourth-pass-4' });

      const disabled = await admin.patch(`/api/admin/people/${id}`, { disabled: true });
      expect(disabled.json()).toMatchObject({ disabled: true });
      expect(refusal(await again.get('/api/inbox'))).toMatchObject({ status: 401 });
      expect((await engine.app.inject({ method: 'POST', url: '/api/auth/login', payload: { county: 'yunan', username: 'resettable', password: 'fourth-pass-4' } })).statusCode).toBe(401);
      await admin.patch(`/api/admin/people/${id}`, { disabled: false });
      await login(engine.app, 'yunan', 'resettable', 'fourth-pass-4');
    });

    it('stations follow their types: declared type, allowed parent, no loop, dates in order', async () => {
      // yunan: village-station hangs under area-station or central-station; liaison-point under village-station or area-station.
      const top = await admin.post('/api/admin/stations', { id: 'new-central', name: '新中心联络站', stationType: 'central-station', parentId: null, openedOn: null, closedOn: null });
      expect(top.statusCode, top.body).toBe(201);
      expect(top.json()).toMatchObject({ parentId: null, openedOn: null, closedOn: null });
      const created = await admin.post('/api/admin/stations', {
        id: 'new-village', name: '大湾镇新村联络站', stationType: 'village-station', parentId: 'dawan-area', villages: ['新村', '旧村', '新村'], openedOn: '2026-03-01',
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ id: 'new-village', parentId: 'dawan-area', villages: ['新村', '旧村'], openedOn: '2026-03-01', closedOn: null });

      const bad: Array<[Record<string, unknown>, string]> = [
        [{ id: 'x1', name: '甲', stationType: 'fire-station' }, 'stationType'],
        [{ id: 'x1', name: '甲', stationType: 'village-station' }, 'parentId'], // needs a parent
        [{ id: 'x1', name: '甲', stationType: 'central-station', parentId: 'dawan-area' }, 'parentId'], // stands at the top
        [{ id: 'x1', name: '甲', stationType: 'liaison-point', parentId: 'ducheng-central' }, 'parentId'], // not under a central station
        [{ id: 'x1', name: '甲', stationType: 'village-station', parentId: 'dawan-area', openedOn: '2026-05-01', closedOn: '2026-04-01' }, 'closedOn'],
        [{ id: 'has space', name: '甲', stationType: 'central-station' }, 'id'],
      ];
      for (const [body, field] of bad) {
        const answer = refusal(await admin.post('/api/admin/stations', body));
        expect(answer, JSON.stringify(body)).toMatchObject({ status: 400, code: 'DIRECTORY_FIELD_INVALID' });
        expect(answer.messages['zh-CN']).toContain(field);
      }
      expect(refusal(await admin.post('/api/admin/stations', { id: 'new-village', name: '重复', stationType: 'central-station' }))).toMatchObject({ status: 409, code: 'STATION_EXISTS' });

      // A move under a station of the right type; a move under its own descendant is a loop.
      await admin.post('/api/admin/stations', { id: 'new-point', name: '新村联络点', stationType: 'liaison-point', parentId: 'new-village' });
      const moved = await admin.put('/api/admin/stations/new-village', { name: '大湾镇新村联络站', stationType: 'village-station', parentId: 'ducheng-central', attributes: {}, villages: ['新村'], openedOn: '2026-03-01', closedOn: '2026-11-30' });
      expect(moved.json()).toMatchObject({ parentId: 'ducheng-central', closedOn: '2026-11-30' });
      const loop = refusal(await admin.put('/api/admin/stations/new-village', { name: '大湾镇新村联络站', stationType: 'village-station', parentId: 'new-point', attributes: {}, villages: [], openedOn: null, closedOn: null }));
      expect(loop).toMatchObject({ status: 400, code: 'DIRECTORY_FIELD_INVALID' });
      expect((await engine.store.counties.getStation('yunan', 'new-village'))!.parentId).toBe('ducheng-central');
      // Another county has no such station to change.
      expect(refusal(await otherAdmin.put('/api/admin/stations/new-village', { name: '甲', stationType: 'shuangzhu-station', parentId: null, attributes: {}, villages: [], openedOn: null, closedOn: null }))).toMatchObject({ status: 400, code: 'STATION_NOT_FOUND' });
    });
  });
}
