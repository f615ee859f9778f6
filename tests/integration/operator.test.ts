import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { OperatorAccounts } from '../../engine/runtime/operator-accounts.js';
import { DEMO_COUNTIES, DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { testDatabases } from '../support/databases.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';

const XINXING = {
  id: 'xinxing',
  name: { 'zh-CN': '新兴县', en: 'Xinxing County' },
  admin: { username: 'xx-admin', displayName: '新兴县人大常委会办公室', password: 'first-password' },
};

const sessionOf = (response: LightMyRequestResponse) => `renda_session=${response.cookies.find((c) => c.name === 'renda_session')!.value}`;

/**
 * The platform's operator (issue 10): logs in without a county, lists, creates, disables and
 * enables counties over HTTP; never reaches a county's items, people, inbox or trace; and a
 * county's people never reach the operator's routes.
 */
for (const database of testDatabases()) {
  describe(`the platform operator on ${database.name}`, () => {
    let engine: Engine;
    let operator: ReturnType<typeof client>;
    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      const session = await engine.app.inject({ method: 'POST', url: '/api/operator/login', payload: { username: 'operator', password: DEMO_PASSWORD } });
      expect(session.statusCode).toBe(200);
      operator = client(engine.app, sessionOf(session));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const countyLogin = (county: string, username: string, password: string) => engine.app.inject({ method: 'POST', url: '/api/auth/login', payload: { county, username, password } });
    /** A refusal's code and status, and that its messages exist in both languages. */
    const refusal = (response: LightMyRequestResponse) => {
      const { error } = response.json();
      expect(error.messages['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(error.messages.en).toMatch(/[a-z]/);
      return { status: response.statusCode, code: error.code as string };
    };
    const counties = async () => (await operator.get('/api/operator/counties')).json() as Array<{ id: string; disabledAt: string | null; activePeople: number }>;

    it('the demo operator logs in without a county; a wrong password is refused like a county login, and audited', async () => {
      const me = await operator.get('/api/operator/me');
      expect(me.json()).toMatchObject({ username: 'operator', displayName: expect.any(String) });
      expect(me.json()).not.toHaveProperty('countyId');

      const wrong = await engine.app.inject({ method: 'POST', url: '/api/operator/login', payload: { username: 'operator', password: 'not-it-at-all' } });
      expect(refusal(wrong)).toEqual({ status: 401, code: 'OPERATOR_LOGIN_FAILED' });
      const unknown = await engine.app.inject({ method: 'POST', url: '/api/operator/login', payload: { username: 'nobody', password: 'not-it-at-all' } });
      expect(refusal(unknown)).toEqual({ status: 401, code: 'OPERATOR_LOGIN_FAILED' });
      // A county's account is no operator, and an operator no county's account.
      expect(refusal(await engine.app.inject({ method: 'POST', url: '/api/operator/login', payload: { username: 'admin', password: DEMO_PASSWORD } })).code).toBe('OPERATOR_LOGIN_FAILED');
      expect(refusal(await countyLogin('yunan', 'operator', DEMO_PASSWORD)).code).toBe('LOGIN_FAILED');
      const outcomes = (await engine.store.operators.recentLogins('operator', new Date(0), 10)).map((a) => a.outcome);
      expect(outcomes).toEqual(expect.arrayContaining(['success', 'wrong_password']));
    });

    it('lists every county with its state and active people', async () => {
      const list = await counties();
      expect(list.map((c) => c.id)).toEqual(expect.arrayContaining(['yunan', 'maonan', 'chizhou']));
      expect(list.find((c) => c.id === 'yunan')).toMatchObject({ name: { 'zh-CN': '郁南县' }, disabledAt: null, activePeople: DEMO_COUNTIES.find((c) => c.id === 'yunan')!.users.length });
    });

    it('refuses bad input with a code naming the field, in both languages, and writes nothing', async () => {
      const before = await counties();
      const cases: Array<[body: unknown, status: number, code: string, field: string]> = [
        [{ ...XINXING, id: 'Xin Xing' }, 400, 'COUNTY_FIELD_INVALID', '字段“id”'],
        [{ ...XINXING, name: { 'zh-CN': ' ', en: 'Xinxing' } }, 400, 'COUNTY_FIELD_INVALID', '字段“name.zh-CN”'],
        [{ ...XINXING, admin: { ...XINXING.admin, username: '新兴 admin' } }, 400, 'COUNTY_FIELD_INVALID', '字段“admin.username”'],
        [{ ...XINXING, admin: { ...XINXING.admin, password: 'short' } }, 400, 'COUNTY_FIELD_INVALID', '字段“admin.password”'],
        [{ ...XINXING, admin: { username: 'xx-admin', displayName: '办公室' } }, 400, 'REQUEST_INVALID', 'body.admin.password'],
        [{ ...XINXING, extra: 1 }, 400, 'REQUEST_INVALID', 'body.extra'],
        [{ ...XINXING, id: 'yunan' }, 409, 'COUNTY_EXISTS', '字段“id”'],
      ];
      for (const [body, status, code, field] of cases) {
        const response = await operator.post('/api/operator/counties', body);
        expect(refusal(response), JSON.stringify(body)).toEqual({ status, code });
        expect(response.json().error.messages['zh-CN']).toContain(field);
      }
      expect(refusal(await operator.post('/api/operator/counties/nowhere/disable'))).toEqual({ status: 404, code: 'COUNTY_NOT_FOUND' });
      expect(await counties()).toEqual(before);
      // The first county's administrator was not touched by the refused "yunan".
      expect((await countyLogin('yunan', 'admin', DEMO_PASSWORD)).statusCode).toBe(200);
    });

    it('creates a county with its administrator, who logs in and must first choose their own password', async () => {
      const created = await operator.post('/api/operator/counties', XINXING);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ id: 'xinxing', name: XINXING.name, disabledAt: null, activePeople: 1 });
      expect((await engine.app.inject({ method: 'GET', url: '/api/counties' })).json().map((c: { id: string }) => c.id)).toContain('xinxing');

      const session = await countyLogin('xinxing', 'xx-admin', 'first-password');
      expect(session.json()).toMatchObject({ username: 'xx-admin', roles: ['admin'], mustChangePassword: true });
      const admin = client(engine.app, sessionOf(session));
      expect(refusal(await admin.get('/api/admin/people'))).toEqual({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
      expect((await admin.post('/api/auth/password', { currentPassword: 'first-password', newPassword: 'my-own-password' })).statusCode).toBe(204);
      expect((await admin.get('/api/admin/people')).json().map((p: { username: string }) => p.username)).toEqual(['xx-admin']);
    });

    it('disabling a county blocks its logins and ends its sessions; enabling brings it back', async () => {
      const cookie = sessionOf(await countyLogin('xinxing', 'xx-admin', 'my-own-password'));
      const me = () => engine.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect((await me()).statusCode).toBe(200);

      const disabled = await operator.post('/api/operator/counties/xinxing/disable');
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json().disabledAt).toEqual(expect.any(String));
      expect(refusal(await countyLogin('xinxing', 'xx-admin', 'my-own-password')).code).toBe('LOGIN_FAILED');
      expect((await me()).statusCode).toBe(401);
      // Gone from the login page's list, still in the operator's.
      expect((await engine.app.inject({ method: 'GET', url: '/api/counties' })).json().map((c: { id: string }) => c.id)).not.toContain('xinxing');
      expect((await counties()).find((c) => c.id === 'xinxing')?.disabledAt).toEqual(expect.any(String));

      const enabled = await operator.post('/api/operator/counties/xinxing/enable');
      expect(enabled.json()).toMatchObject({ id: 'xinxing', disabledAt: null });
      expect((await me()).statusCode).toBe(200);
    });

    it("a county's administrator, staff and auditor get 403 on every operator route; no session gets 401", async () => {
      const routes: Array<[method: 'GET' | 'POST', url: string, body?: unknown]> = [
        ['GET', '/api/operator/me'],
        ['GET', '/api/operator/counties'],
        ['POST', '/api/operator/counties', { ...XINXING, id: 'sneaky' }],
        ['POST', '/api/operator/counties/maonan/disable'],
        ['POST', '/api/operator/counties/maonan/enable'],
      ];
      for (const username of ['admin', 'staff', 'auditor']) {
        const person = client(engine.app, await login(engine.app, 'yunan', username));
        for (const [method, url, body] of routes) {
          const response = method === 'GET' ? await person.get(url) : await person.post(url, body);
          expect(refusal(response), `${username} ${method} ${url}`).toEqual({ status: 403, code: 'OPERATOR_ONLY' });
        }
      }
      for (const [method, url, body] of routes) {
        const response = await engine.app.inject({ method, url, payload: body as object | undefined });
        expect(refusal(response), `anonymous ${method} ${url}`).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
      }
      expect((await counties()).find((c) => c.id === 'maonan')?.disabledAt).toBeNull();
      expect((await counties()).map((c) => c.id)).not.toContain('sneaky');
    });

    it("an operator reaches none of a county's items, people, inbox, trace, stations or packs", async () => {
      const staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      const item = await staff.createItem(intake(), { stationId: 'ducheng-central' });
      expect(item.statusCode).toBe(201);
      const itemId = item.json().id as string;
      for (const url of [
        '/api/items',
        `/api/items/${itemId}`,
        `/api/items/${itemId}/trace`,
        '/api/inbox',
        '/api/admin/people',
        '/api/admin/units',
        '/api/admin/stations',
        '/api/stations',
        '/api/packs',
        '/api/audit/checkpoints',
        '/api/auth/me',
      ]) {
        const response = await operator.get(url);
        expect(response.statusCode, url).toBe(403);
        expect(refusal(response).code, url).toBe('OPERATOR_NOT_COUNTY_USER');
      }
      expect(refusal(await operator.post('/api/items', { packId: 'yunan-suggestions', flowId: 'suggestion', payload: {} })).code).toBe('OPERATOR_NOT_COUNTY_USER');
    });

    it('logging out ends the session; a disabled operator is logged out and cannot log in', async () => {
      const accounts = new OperatorAccounts(engine.store);
      await accounts.create({ username: 'ops-li', displayName: '平台运维 李工', password: 'ops-password' });
      const loginAs = () => engine.app.inject({ method: 'POST', url: '/api/operator/login', payload: { username: 'ops-li', password: 'ops-password' } });
      const li = client(engine.app, sessionOf(await loginAs()));
      expect((await li.get('/api/operator/counties')).statusCode).toBe(200);
      await accounts.disable('ops-li');
      expect(refusal(await li.get('/api/operator/counties'))).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
      expect(refusal(await loginAs()).code).toBe('OPERATOR_LOGIN_FAILED');
      await accounts.enable('ops-li');

      const again = client(engine.app, sessionOf(await loginAs()));
      expect((await again.post('/api/auth/logout')).statusCode).toBe(204);
      expect(refusal(await again.get('/api/operator/counties'))).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
      expect(await accounts.create({ username: 'ops-li', displayName: '另一位', password: 'ops-password' }).catch((e) => e.code)).toBe('OPERATOR_EXISTS');
      expect(await accounts.create({ username: 'ops-wang', displayName: '王工', password: 'short' }).catch((e) => e.params)).toEqual({ field: 'password', rule: 'password' });
    });
  });
}

describe('npm run admin -- operator', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renda-operator-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates, lists and disables an operator from the command line, the password from ADMIN_PASSWORD, and says why it refuses', async () => {
    const env = { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'pglite'), SIGNING_KEY_FILE: join(dir, 'signing-key'), ADMIN_PASSWORD: 'ops-password' };
    const admin = (...args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'engine/admin-cli.ts', 'operator', ...args], { env, cwd: join(import.meta.dirname, '../..') }).then(
        ({ stdout }) => ({ code: 0, out: stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stderr }),
      );
    const create = ['create', '--username', 'ops-li', '--name', '平台运维 李工'];
    expect(await admin(...create)).toMatchObject({ code: 0, out: expect.stringContaining('运维账号 ops-li 已创建') });
    expect(await admin(...create)).toMatchObject({ code: 1, out: expect.stringContaining('the operator ops-li already exists') });
    expect(await admin('disable', '--username', 'ops-li')).toMatchObject({ code: 0 });
    expect((await admin('list')).out).toMatch(/ops-li\t平台运维 李工\t已停用 \/ disabled/);
    expect(await admin('disable', '--username', 'nobody')).toMatchObject({ code: 1, out: expect.stringContaining('没有运维账号 nobody') });
  }, 120_000); // several processes, the first initialising a new database folder
});
