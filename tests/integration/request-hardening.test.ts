import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../engine/app.js';
import type { Engine } from '../../engine/engine.js';
import { testDatabases } from '../support/databases.js';
import { expectOk, expectRefused } from '../support/responses.js';
import type { ErrorCode } from '../../engine/errors/error-catalogue.js';
import { ownerAccess, type OwnerAccess } from '../support/owner-access.js';
import { storeFingerprint } from '../support/store-fingerprint.js';
import { login, startTestEngine } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';

const BAD_COOKIE = 'renda_session=x%00y.z';
const DRAFT = '/api/drafts/start:yunan-suggestions:suggestion';
const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });

/** A Set-Cookie header that removes the session cookie. */
function expectSessionCleared(headers: Record<string, unknown>) {
  const setCookie = [headers['set-cookie']].flat().join('\n');
  expect(setCookie).toMatch(/renda_session=;/);
  expect(setCookie).toMatch(/Expires=Thu, 01 Jan 1970/);
}

/**
 * Each request the issue found answering 500 (many without a session): now a coded 400 in
 * both languages that names the field and the rule, and changes nothing stored.
 */
for (const database of testDatabases()) {
  describe(`bad input gets a coded 4xx, never a 5xx, on ${database.name}`, () => {
    let engine: Engine;
    let owner: OwnerAccess;
    let app: FastifyInstance;
    let deputy: string;
    let itemId: string;

    beforeAll(async () => {
      const options = database.options();
      engine = await startTestEngine(options);
      owner = ownerAccess(engine, options);
      app = engine.app;
      deputy = await login(app, 'yunan', 'deputy');
      const created = await app.inject({ method: 'POST', url: '/api/items', headers: { cookie: deputy }, payload: { packId: 'yunan-suggestions', flowId: 'suggestion', payload: intake() } });
      itemId = expectOk(created, 201).item.id;
    });
    afterAll(async () => {
      await owner?.close();
      await engine?.close();
      await database.cleanup();
    });

    /** Sends a request that must be refused with this status and code, and leave the store as it was. */
    async function refusedUnchanged(request: InjectOptions, status: number, code: ErrorCode) {
      const before = await owner.run(storeFingerprint);
      const response = await app.inject(request);
      const error = expectRefused(response, status, code);
      expect(await owner.run(storeFingerprint)).toEqual(before);
      return { error, response };
    }

    /** A refusal that names the field and the rule, in the details and in both messages. */
    async function refusedField(request: InjectOptions, code: ErrorCode, field: string, rule: string) {
      const { error } = await refusedUnchanged(request, 400, code);
      expect(error.details.errors[0]).toMatchObject({ field, rule });
      expect(error.messages['zh-CN']).toContain(field);
      expect(error.messages.en).toContain(field);
      return error;
    }

    it('a NUL byte in the session cookie: every /api route answers a coded 400 and clears the cookie', async () => {
      for (const request of [
        { method: 'GET', url: '/api/counties' },
        { method: 'GET', url: '/api/auth/me' },
        { method: 'GET', url: '/api/items' },
        { method: 'POST', url: '/api/auth/login', payload: { county: 'yunan', username: 'deputy', password: 'x' } },
      ] as const) {
        const { response } = await refusedUnchanged({ ...request, headers: { cookie: BAD_COOKIE } }, 400, 'SESSION_COOKIE_INVALID');
        expectSessionCleared(response.headers);
      }
    });

    it('a malformed session cookie does not break the web app: its pages are served and the cookie cleared', async () => {
      const webRoot = mkdtempSync(join(tmpdir(), 'renda-web-'));
      writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>人大代表联络</title>');
      const withPages = await buildApp({ store: engine.store, registry: engine.registry, keys: engine.keys, webRoot });
      try {
        for (const url of ['/', '/inbox', '/items/x']) {
          const before = await owner.run(storeFingerprint);
          const response = await withPages.inject({ method: 'GET', url, headers: { cookie: BAD_COOKIE } });
          expect(response.statusCode, response.body).toBe(200);
          expect(response.body).toContain('人大代表联络');
          expectSessionCleared(response.headers);
          expect(await owner.run(storeFingerprint)).toEqual(before);
        }
      } finally {
        await withPages.close();
        rmSync(webRoot, { recursive: true });
      }
    });

    it('a NUL byte in the login body, path ids, list filters, item payloads and drafts names the field', async () => {
      const cases: Array<[InjectOptions, string]> = [
        [{ method: 'POST', url: '/api/auth/login', payload: { county: 'yu\u0000nan', username: 'deputy', password: 'x' } }, 'body.county'],
        [{ method: 'GET', url: '/api/items/a%00b', headers: { cookie: deputy } }, 'params.itemId'],
        [{ method: 'GET', url: '/api/attachments/a%00b/meta', headers: { cookie: deputy } }, 'params.attachmentId'],
        [{ method: 'GET', url: '/api/public/counties/yu%00nan/stations/x/board' }, 'params.countyId'],
        [{ method: 'GET', url: '/api/items?flow=a%00b', headers: { cookie: deputy } }, 'querystring.flow'],
        [{ method: 'GET', url: '/api/users?role=a%00', headers: { cookie: deputy } }, 'querystring.role'],
        [{ method: 'POST', url: '/api/items', headers: { cookie: deputy }, payload: { packId: 'yunan-suggestions', flowId: 'suggestion', payload: intake('村道\u0000修缮') } }, 'body.payload.title'],
        [{ method: 'POST', url: `/api/items/${itemId}/events`, headers: { cookie: deputy, 'idempotency-key': 'k\u0000' }, payload: { type: 'WITHDRAW' } }, 'headers.idempotency-key'],
        [{ method: 'PUT', url: DRAFT, headers: { cookie: deputy }, payload: { payload: { title: 'a\u0000b' } } }, 'body.payload.title'],
        [{ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload":{"a\\u0000":"x"}}' }, 'body.payload.a\\0'],
      ];
      for (const [request, field] of cases) await refusedField(request, 'REQUEST_TEXT_INVALID', field, 'noNul');
    });

    it('a __proto__ key, or constructor.prototype, is refused wherever it is in a body', async () => {
      await refusedField({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload":{"__proto__":{"admin":true}}}' }, 'REQUEST_TEXT_INVALID', 'body.payload.__proto__', 'noPrototypeKey');
      await refusedField({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload":{"constructor":{"prototype":{}}}}' }, 'REQUEST_TEXT_INVALID', 'body.payload.constructor.prototype', 'noPrototypeKey');
      // constructor alone is an ordinary name.
      expectOk(await app.inject({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload":{"constructor":"x"}}' }));
    });

    it('a repeated query parameter is refused, naming it, whether or not the route reads it', async () => {
      await refusedField({ method: 'GET', url: '/api/counties?lang=en&lang=en' }, 'PARAM_REPEATED', 'querystring.lang', 'single');
      await refusedField({ method: 'GET', url: '/api/auth/me?lang=en&lang=en' }, 'PARAM_REPEATED', 'querystring.lang', 'single');
      await refusedField({ method: 'GET', url: '/api/items?flow=a&flow=b', headers: { cookie: deputy } }, 'PARAM_REPEATED', 'querystring.flow', 'single');
    });

    it('an unpaired UTF-16 surrogate in a draft, as a value or a key, is refused', async () => {
      await refusedField({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload":{"t":"\\ud800"}}' }, 'REQUEST_TEXT_INVALID', 'body.payload.t', 'wellFormed');
      await refusedField({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload":{"x\\udc00":1}}' }, 'REQUEST_TEXT_INVALID', 'body.payload.x\uFFFD', 'wellFormed');
      // A pair is one character (an emoji), not a problem.
      expectOk(await app.inject({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload":{"t":"\\ud83d\\ude00"}}' }));
    });

    it('JSON nested 5,000 levels deep is refused before anything reads it, in drafts and items alike', async () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const draft = await refusedUnchanged({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: `{"payload":{"t":${deep}}}` }, 400, 'REQUEST_TOO_DEEP');
      expect(draft.error.details.errors[0]).toMatchObject({ rule: 'maxDepth' });
      expect(draft.error.details.errors[0].field).toMatch(/^body\.payload\.t(\.0)+$/);
      const item = `{"packId":"yunan-suggestions","flowId":"suggestion","payload":{"title":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`;
      await refusedUnchanged({ method: 'POST', url: '/api/items', headers: json(deputy), payload: item }, 400, 'REQUEST_TOO_DEEP');
    });

    it('prototype names are ids like any other: unknown, so 404', async () => {
      for (const flowId of ['constructor', '__proto__', 'toString']) {
        await refusedUnchanged({ method: 'POST', url: '/api/items', headers: { cookie: deputy }, payload: { packId: 'yunan-suggestions', flowId, payload: {} } }, 404, 'FLOW_NOT_FOUND');
      }
      await refusedUnchanged({ method: 'GET', url: '/api/packs/yunan-suggestions/versions/latest/forms/constructor', headers: { cookie: deputy } }, 404, 'FORM_NOT_FOUND');
      await refusedUnchanged({ method: 'GET', url: '/api/packs/yunan-suggestions/versions/latest/flows/hasOwnProperty', headers: { cookie: deputy } }, 404, 'FLOW_NOT_FOUND');
      await refusedUnchanged(
        { method: 'POST', url: '/api/attachments?packId=yunan-suggestions&version=latest&formId=constructor&field=/photos', headers: { cookie: deputy } },
        404,
        'FORM_NOT_FOUND',
      );
    });

    it('filter dates outside 1900–9999, or instants that do not exist, are refused before the database sees them', async () => {
      for (const [name, value] of [
        ['from', '0000-01-01T00:00:00Z'],
        ['from', '1899-12-31T23:59:59Z'],
        ['to', '9999-12-31T23:59:59-12:00'],
        ['to', '2026-12-31T23:59:60Z'],
      ]) {
        await refusedField({ method: 'GET', url: `/api/items?${name}=${encodeURIComponent(value)}`, headers: { cookie: deputy } }, 'DATE_OUT_OF_RANGE', `querystring.${name}`, 'dateRange');
      }
      const edges = await app.inject({ method: 'GET', url: '/api/items?from=1900-01-01T00:00:00Z&to=9999-12-31T23:59:59Z', headers: { cookie: deputy } });
      expect(expectOk(edges).total).toBe(1);
    });

    it('numbers that are not finite (1e400) are refused, in a query string and in a body', async () => {
      await refusedField({ method: 'GET', url: '/api/items?page=1e400', headers: { cookie: deputy } }, 'NUMBER_NOT_FINITE', 'querystring.page', 'finite');
      await refusedField({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload":{"people":1e400}}' }, 'NUMBER_NOT_FINITE', 'body.payload.people', 'finite');
    });

    it('an upload that is not whole multipart (no boundary, cut off mid-part) is refused, not a crash', async () => {
      const staff = await login(app, 'yunan', 'staff');
      const url = '/api/attachments?packId=yunan-suggestions&version=latest&formId=visit-record&field=/photos';
      const cutOff = '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\u0089PNG';
      for (const [type, payload] of [['multipart/form-data', ''], ['multipart/form-data; boundary=x', 'garbage'], ['multipart/form-data; boundary=x', cutOff]]) {
        const { error } = await refusedUnchanged({ method: 'POST', url, headers: { cookie: staff, 'content-type': type }, payload }, 400, 'REQUEST_INVALID');
        expect(error.details.errors[0]).toMatchObject({ field: 'body', rule: 'multipart' });
        expect(error.messages['zh-CN']).toContain('multipart/form-data');
      }
    });

    it("the router's own refusals are coded too: a broken percent-encoding, a path id that is too long, a body that is not JSON", async () => {
      const badUrl = await refusedUnchanged({ method: 'GET', url: '/api/items/%E0%A4%A', headers: { cookie: deputy } }, 400, 'REQUEST_INVALID');
      expect(badUrl.error.messages['zh-CN']).toContain('网址');
      const long = await refusedUnchanged({ method: 'GET', url: `/api/items/${'x'.repeat(300)}`, headers: { cookie: deputy } }, 400, 'REQUEST_INVALID');
      expect(long.error.messages['zh-CN']).toContain('网址');
      // The longest parameter a route takes still passes the router: a draft key of 133 characters.
      const longKey = `start:a${'b'.repeat(61)}:c${'d'.repeat(61)}`;
      expectOk(await app.inject({ method: 'PUT', url: `/api/drafts/${longKey}`, headers: { cookie: deputy }, payload: { payload: {} } }));
      const notJson = await refusedUnchanged({ method: 'PUT', url: DRAFT, headers: json(deputy), payload: '{"payload": ' }, 400, 'REQUEST_INVALID');
      expect(notJson.error.messages['zh-CN']).toContain('不是有效的 JSON');
    });
  });
}
