import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { testDatabases } from '../support/databases.js';
import { login, startTestEngine } from '../support/test-engine.js';
import { expectError } from '../support/responses.js';

for (const database of testDatabases()) {
  describe(`login and API surface on ${database.name}`, () => {
    let engine: Engine;
    beforeAll(async () => {
      engine = await startTestEngine(database.options());
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('logs in with county, user name and password; the session cookie is HttpOnly', async () => {
      const response = await engine.app.inject({ method: 'POST', url: '/api/auth/login', payload: { county: 'yunan', username: 'staff', password: DEMO_PASSWORD } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ countyId: 'yunan', username: 'staff', roles: ['staff'], county: { 'zh-CN': '郁南县' } });
      const cookie = response.cookies.find((c) => c.name === 'renda_session')!;
      expect(cookie.httpOnly).toBe(true);
      // The database keeps only a hash of the token.
      const sessions = await engine.store.inCounty('yunan', (trx) => trx.selectFrom('sessions').select('id').execute());
      expect(sessions.some((s) => cookie.value.includes(s.id))).toBe(false);
    });

    it('passwords are stored as argon2id hashes', async () => {
      const row = await engine.store.inCounty('yunan', (trx) => trx.selectFrom('users').select('passwordHash').where('countyId', '=', 'yunan').executeTakeFirstOrThrow());
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a wrong password, an unknown user and an unknown county with the same answer', async () => {
      for (const payload of [
        { county: 'yunan', username: 'staff', password: 'wrong' },
        { county: 'yunan', username: 'nobody', password: DEMO_PASSWORD },
        { county: 'atlantis', username: 'staff', password: DEMO_PASSWORD },
      ]) {
        const response = await engine.app.inject({ method: 'POST', url: '/api/auth/login', payload });
        expectError(response, 'LOGIN_FAILED', 401);
      }
    });

    it('a missing field names the field and the rule', async () => {
      const response = await engine.app.inject({ method: 'POST', url: '/api/auth/login?lang=en', payload: { county: 'yunan', username: 'staff' } });
      const error = expectError(response, 'REQUEST_INVALID');
      expect(error.details.errors[0]).toMatchObject({ field: 'body.password', rule: 'required' });
      expect(error.messages['zh-CN']).toContain('password');
    });

    it('me and logout', async () => {
      const cookie = await login(engine.app, 'chizhou', 'deputy');
      const me = await engine.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(me.json()).toMatchObject({ countyId: 'chizhou', roles: ['deputy'] });
      const out = await engine.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
      expect(out.statusCode).toBe(204);
      const after = await engine.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(after.statusCode).toBe(401);
    });

    it('lists counties publicly, and packs, flows and forms of the own county only', async () => {
      const counties = await engine.app.inject({ method: 'GET', url: '/api/counties' });
      expect(counties.json().map((c: { id: string }) => c.id)).toEqual(['chizhou', 'maonan', 'yunan']);

      const yunan = await login(engine.app, 'yunan', 'deputy');
      const packs = (await engine.app.inject({ method: 'GET', url: '/api/packs', headers: { cookie: yunan } })).json();
      const pack = packs.find((p: { packId: string }) => p.packId === 'yunan-suggestions');
      expect(pack.flows[0]).toMatchObject({ id: 'suggestion', canStart: true });
      expect(pack.roles.map((r: { id: string }) => r.id)).toContain('department');

      const form = await engine.app.inject({ method: 'GET', url: '/api/packs/yunan-suggestions/versions/latest/forms/triage', headers: { cookie: yunan } });
      expect(form.json().schema.properties.mechanism.title).toBe('办理机制');
      const flow = await engine.app.inject({ method: 'GET', url: `/api/packs/yunan-suggestions/versions/${pack.version}/flows/suggestion`, headers: { cookie: yunan } });
      expect(flow.json().states.submitted.meta.label['zh-CN']).toBe('待分类交办');

      const maonan = await login(engine.app, 'maonan', 'staff');
      const hidden = await engine.app.inject({ method: 'GET', url: '/api/packs/yunan-suggestions/versions/latest', headers: { cookie: maonan } });
      expect(hidden.statusCode).toBe(404);
      const theirs = (await engine.app.inject({ method: 'GET', url: '/api/packs', headers: { cookie: maonan } })).json();
      expect(theirs.map((p: { packId: string }) => p.packId)).not.toContain('yunan-suggestions');
    });

    it('serves the catalogue of guards and actions', async () => {
      const catalogue = (await engine.app.inject({ method: 'GET', url: '/api/catalogue' })).json();
      expect(catalogue.guards.map((g: { name: string }) => g.name)).toContain('payloadEquals');
      expect(catalogue.actions.map((a: { name: string }) => a.name)).toContain('assignPayload');
      expect(catalogue.guards[0].title['zh-CN']).toBeTruthy();
    });

    it('publishes OpenAPI at /docs with a schema on every route', async () => {
      const spec = (await engine.app.inject({ method: 'GET', url: '/docs/json' })).json();
      expect(spec.openapi).toMatch(/^3\./);
      const paths = spec.paths as Record<string, Record<string, { responses?: Record<string, unknown>; summary?: string }>>;
      const operations = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
      expect(operations.length).toBeGreaterThanOrEqual(12);
      for (const { path, method, op } of operations) {
        expect(op.responses?.['200'] ?? op.responses?.['201'] ?? op.responses?.['204'], `${method} ${path}`).toBeDefined();
        expect(op.summary, `${method} ${path}`).toBeTruthy();
      }
      const html = await engine.app.inject({ method: 'GET', url: '/docs' });
      expect([200, 302]).toContain(html.statusCode);
    });

    it('a body that is too large, not JSON or of another type gets a coded answer, not a crash', async () => {
      const cookie = await login(engine.app, 'yunan', 'deputy');
      const big = await engine.app.inject({ method: 'POST', url: '/api/items', headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ packId: 'x', flowId: 'y', payload: { text: 'x'.repeat(300 * 1024) } }) });
      expectError(big, 'REQUEST_TOO_LARGE', 413);
      expect(big.json().error.messages['zh-CN']).toContain('请求内容过大');
      const broken = await engine.app.inject({ method: 'POST', url: '/api/items', headers: { cookie, 'content-type': 'application/json' }, payload: '{"packId": ' });
      expectError(broken, 'REQUEST_INVALID', 400);
      const xml = await engine.app.inject({ method: 'POST', url: '/api/items', headers: { cookie, 'content-type': 'application/xml' }, payload: '<item/>' });
      expectError(xml, 'UNSUPPORTED_MEDIA_TYPE', 415);
      // Plain text is parsed, then refused by the route's schema, naming the body and the rule.
      const text = await engine.app.inject({ method: 'POST', url: '/api/items', headers: { cookie, 'content-type': 'text/plain' }, payload: 'hello' });
      expect(text.statusCode).toBe(400);
      expect(text.json().error.details.errors[0]).toMatchObject({ field: 'body', rule: 'type' });
    });

    it('unknown routes answer a coded 404', async () => {
      const response = await engine.app.inject({ method: 'GET', url: '/api/nothing-here' });
      expectError(response, 'NOT_FOUND', 404);
    });
  });
}
