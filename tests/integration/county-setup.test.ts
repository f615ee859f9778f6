import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { EngineError } from '../../engine/errors/engine-error.js';
import { CountySetup, type NewCounty } from '../../engine/runtime/county-setup.js';
import { testDatabases } from '../support/databases.js';
import { startTestEngine } from '../support/test-engine.js';

const xinxing: NewCounty = {
  id: 'xinxing',
  name: { 'zh-CN': '新兴县', en: 'Xinxing County' },
  admin: { username: 'xx-admin', displayName: '新兴县人大常委会办公室', password: 'first-password' },
};

/** The operator sets up and retires counties (issue 10): the service the command line and the demo seed use. */
for (const database of testDatabases()) {
  describe(`county setup on ${database.name}`, () => {
    let engine: Engine;
    let setup: CountySetup;
    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      setup = new CountySetup(engine.store);
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const login = (password = xinxing.admin.password) =>
      engine.app.inject({ method: 'POST', url: '/api/auth/login', payload: { county: 'xinxing', username: 'xx-admin', password } });
    const countyIds = async () => (await engine.app.inject({ method: 'GET', url: '/api/counties' })).json().map((c: { id: string }) => c.id);
    const refusal = (work: Promise<unknown>) => work.then(() => undefined, (error: EngineError) => ({ code: error.code, params: error.params, status: error.status }));

    it('creates a county with its administrator, who can log in; a bad field or a taken id writes nothing', async () => {
      expect(await refusal(setup.create({ ...xinxing, id: 'Xin Xing' }))).toEqual({ code: 'COUNTY_FIELD_INVALID', params: { field: 'id', rule: 'id' }, status: 400 });
      expect(await refusal(setup.create({ ...xinxing, admin: { ...xinxing.admin, password: 'short' } }))).toMatchObject({ params: { field: 'admin.password', rule: 'password' } });
      expect(await refusal(setup.create({ ...xinxing, name: { 'zh-CN': ' ', en: 'X' } }))).toMatchObject({ params: { field: 'name.zh-CN', rule: 'name' } });
      expect(await countyIds()).not.toContain('xinxing');

      await setup.create(xinxing);
      expect(await countyIds()).toContain('xinxing');
      const session = await login();
      expect(session.statusCode).toBe(200);
      // The operator knows the first password: the administrator chooses their own before anything else.
      expect(session.json()).toMatchObject({ username: 'xx-admin', roles: ['admin'], county: { 'zh-CN': '新兴县' }, mustChangePassword: true });

      expect(await refusal(setup.create({ ...xinxing, admin: { ...xinxing.admin, username: 'someone-else' } }))).toMatchObject({ code: 'COUNTY_EXISTS', status: 409 });
      expect((await engine.store.users.listUsers('xinxing')).map((u) => u.username)).toEqual(['xx-admin']);
    });

    it('a disabled county: no login, open sessions end, gone from the list and its boards; enabled again, all is back', async () => {
      const cookie = `renda_session=${(await login()).cookies.find((c) => c.name === 'renda_session')!.value}`;
      const me = () => engine.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect((await me()).statusCode).toBe(200);

      await setup.disable('xinxing');
      expect((await login()).json().error.code).toBe('LOGIN_FAILED');
      expect((await me()).statusCode).toBe(401);
      expect(await countyIds()).not.toContain('xinxing');
      expect((await setup.list()).find((c) => c.id === 'xinxing')!.disabledAt).toBeInstanceOf(Date);
      // Other counties are untouched.
      expect(await countyIds()).toContain('yunan');

      await setup.enable('xinxing');
      expect((await me()).statusCode).toBe(200);
      expect((await login()).statusCode).toBe(200);
      expect(await refusal(setup.disable('nowhere'))).toMatchObject({ code: 'COUNTY_NOT_FOUND', status: 404 });
    });
  });
}

describe('npm run admin', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renda-admin-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates, lists and disables a county from the command line, and says why it refuses', async () => {
    const env = { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'pglite'), SIGNING_KEY_FILE: join(dir, 'signing-key') };
    const admin = (...args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'engine/admin-cli.ts', 'county', ...args], { env, cwd: join(import.meta.dirname, '../..') }).then(
        ({ stdout }) => ({ code: 0, out: stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, out: error.stderr }),
      );
    const create = ['create', '--id', 'xinxing', '--name', '新兴县', '--name-en', 'Xinxing County', '--admin', 'xx-admin', '--admin-name', '新兴县人大办公室', '--password', 'first-password'];
    expect(await admin(...create)).toMatchObject({ code: 0, out: expect.stringContaining('区县 xinxing 已创建') });
    expect(await admin(...create)).toMatchObject({ code: 1, out: expect.stringContaining('county xinxing already exists') });
    expect(await admin('disable', '--id', 'xinxing')).toMatchObject({ code: 0 });
    expect((await admin('list')).out).toMatch(/xinxing\t新兴县 \/ Xinxing County\t已停用 \/ disabled/);
  }, 120_000); // four processes, the first initialising a new database folder
});
