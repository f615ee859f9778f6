import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { packDocument } from '../../engine/packs/pack-file.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { PACK_FILE_MAX_BYTES } from '../../engine/http/pack-publishing-routes.js';
import { testDatabases } from '../support/databases.js';
import { fixturePack } from '../support/fixture-pack.js';
import { expectError, expectOk, type JsonBody } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';

type Client = ReturnType<typeof client>;

/** The fixture pack in one file, as an export gives it: plain JSON, edited freely by the tests. */
function fixtureDocument(overrides: Parameters<typeof fixturePack>[0] = {}): JsonBody {
  const { content } = validatePack(fixturePack(overrides));
  return JSON.parse(JSON.stringify(packDocument(content!)));
}

/**
 * The county administrator publishes a pack while the engine runs (issue 10): uploads it in one
 * file, reads the full report, publishes; the version is usable at once. A published version
 * exports as the same kind of file.
 */
for (const database of testDatabases()) {
  describe(`publishing packs over HTTP on ${database.name}`, () => {
    let engine: Engine;
    let admin: Client;
    let adminCookie: string;
    let staff: Client;
    let auditor: Client;

    /** Every version the store holds for the county: what "nothing stored" is checked against. */
    const stored = async (county = 'yunan') => (await engine.store.packs.listPublished(county)).map((v) => `${v.packId}@${v.version}:${v.hash}`).sort();

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      adminCookie = await login(engine.app, 'yunan', 'admin');
      admin = client(engine.app, adminCookie);
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('exports a published version as one file that, uploaded unchanged, has the same hash and publishes nothing new', async () => {
      const published = engine.registry.latest('yunan', 'yunan-suggestions')!;
      for (const reader of [admin, auditor]) {
        const response = await reader.get(`/api/packs/yunan-suggestions/versions/${published.version}/export`);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.headers['content-disposition']).toBe(`attachment; filename="yunan-suggestions-${published.version}.json"`);
        expect(response.headers['content-type']).toMatch(/^application\/json/);
      }
      const exported = (await admin.get('/api/packs/yunan-suggestions/versions/latest/export')).json();
      expect(exported.pack).toMatchObject({ format: 1, id: 'yunan-suggestions', county: 'yunan', version: published.version });

      const report = expectOk(await admin.post('/api/admin/packs/check', exported));
      expect(report).toMatchObject({ valid: true, problems: [], pack: { packId: 'yunan-suggestions', hash: published.hash, alreadyPublished: true } });
      const before = await stored();
      const again = expectOk(await admin.post('/api/admin/packs', exported), 200);
      expect(again).toMatchObject({ packId: 'yunan-suggestions', version: published.version, hash: published.hash, created: false });
      expect(await stored()).toEqual(before);

      expectError(await admin.get('/api/packs/yunan-suggestions/versions/9.9.9/export'), 'PACK_NOT_FOUND');
      expectError(await admin.get('/api/packs/maonan-shuangzhu/versions/latest/export'), 'PACK_NOT_FOUND'); // another county's
    });

    it('checks a pack with problems in several files and stages, and answers them all at once', async () => {
      const document = fixtureDocument({ county: 'maonan', version: '1.5.0' });
      document.pack.roles = [{ id: 'department', name: { 'zh-CN': '承办单位' } }]; // no English name
      document.forms.decision.schema.properties.note.maxLenght = 5; // does not compile
      document.flows.decide.states.open.on.DECIDE.guard = { type: 'runScript', params: {} };
      document.flows.decide.meta.start.roles = ['staff', 'janitor'];
      document['station-types'] = { village: { id: 'village', name: { 'zh-CN': '村级站', en: 'Village station' }, parents: ['town'], plaque: true } };

      const report = expectOk(await admin.post('/api/admin/packs/check', document));
      expect(report.valid).toBe(false);
      expect(report.pack).toBeUndefined();
      const found = (report.problems as JsonBody[]).map((p) => `${p.code} ${p.file}${p.pointer}`).sort();
      expect(found).toEqual(
        [
          'FORMAT_INVALID pack.json/roles/0/name',
          'PACK_COUNTY_NOT_YOURS pack.json/county',
          'UNKNOWN_KEYWORD forms/decision.json/schema/properties/note/maxLenght',
          'FORMAT_INVALID station-types/village.json', // strictly: no unknown keys
          'ROLE_UNKNOWN flows/decide.json/meta/start/roles/1',
          'GUARD_UNKNOWN flows/decide.json/states/open/on/DECIDE/guard',
        ].sort(),
      );
      for (const problem of report.problems as JsonBody[]) {
        expect(problem.message['zh-CN'], problem.code).toMatch(/[\u4e00-\u9fff]/);
        expect(problem.message.en, problem.code).toMatch(/[a-z]/);
      }

      // Publishing it is refused with the same report, and stores nothing.
      const before = await stored();
      const refused = expectError(await admin.post('/api/admin/packs', document), 'PACK_INVALID', 422);
      expect((refused.details.problems as JsonBody[]).map((p) => `${p.code} ${p.file}${p.pointer}`).sort()).toEqual(found);
      expect(await stored()).toEqual(before);
      expect(await stored('maonan')).not.toContainEqual(expect.stringContaining('fixture'));
    });

    it('publishes a new version that is usable at once, lists it, and answers the same content again with 200', async () => {
      const document = fixtureDocument({ version: '2.0.0' });
      const report = expectOk(await admin.post('/api/admin/packs/check', { $schema: '../workflows/schema/pack-file.schema.json', ...document }));
      expect(report).toMatchObject({ valid: true, problems: [], pack: { packId: 'fixture', version: '2.0.0', alreadyPublished: false, counts: { forms: 1, flows: 1, stationTypes: 0, evaluations: 0 } } });

      const published = expectOk(await admin.post('/api/admin/packs', document), 201);
      expect(published).toMatchObject({ packId: 'fixture', version: '2.0.0', hash: report.pack.hash, created: true, name: { 'zh-CN': '测试包', en: 'Fixture pack' } });
      expect(Date.parse(published.publishedAt)).not.toBeNaN();

      const created = expectOk(await staff.post('/api/items', { packId: 'fixture', flowId: 'decide', payload: { ok: true, note: '发布后立即可用' } }), 201);
      expect(created.item.packVersion).toBe('2.0.0');

      const again = expectOk(await admin.post('/api/admin/packs', document), 200);
      expect(again).toEqual({ ...published, created: false });

      const history = expectOk(await admin.get('/api/admin/packs'));
      const fixture = (history as JsonBody[]).find((p) => p.packId === 'fixture');
      expect(fixture.versions[0]).toEqual({ version: '2.0.0', hash: published.hash, publishedAt: published.publishedAt, current: true });
      expect((history as JsonBody[]).map((p) => p.packId)).toEqual(['fixture', 'yunan-suggestions']); // this county's only
    });

    it('refuses the same version with other content, in the report and at publishing', async () => {
      const document = fixtureDocument({ version: '2.0.0' });
      document.forms.decision.schema.properties.note.maxLength = 200;
      const report = expectOk(await admin.post('/api/admin/packs/check', document));
      expect(report.problems.map((p: JsonBody) => `${p.code} ${p.file}${p.pointer}`)).toEqual(['VERSION_PUBLISHED pack.json/version']);
      const before = await stored();
      const refused = expectError(await admin.post('/api/admin/packs', document), 'PACK_INVALID', 422);
      expect(refused.details.problems[0].code).toBe('VERSION_PUBLISHED');
      expect(await stored()).toEqual(before);
    });

    it("refuses a pack of another county; that county's administrator may publish it", async () => {
      const document = fixtureDocument({ county: 'maonan', version: '3.0.0' });
      const report = expectOk(await admin.post('/api/admin/packs/check', document));
      expect(report.problems.map((p: JsonBody) => p.code)).toEqual(['PACK_COUNTY_NOT_YOURS']);
      expect(report.problems[0].message['zh-CN']).toContain('maonan');
      expectError(await admin.post('/api/admin/packs', document), 'PACK_INVALID', 422);
      expect(await engine.store.packs.getVersion('maonan', 'fixture', '3.0.0')).toBeUndefined();
      // The maonan administrator may.
      const maonanAdmin = client(engine.app, await login(engine.app, 'maonan', 'admin'));
      expectOk(await maonanAdmin.post('/api/admin/packs', document), 201);
    });

    it('lets only administrators check, publish and list, and administrators and auditors export', async () => {
      const document = fixtureDocument({ version: '4.0.0' });
      for (const user of [staff, auditor]) {
        expectError(await user.post('/api/admin/packs/check', document), 'PACKS_ADMIN_ONLY');
        expectError(await user.post('/api/admin/packs', document), 'PACKS_ADMIN_ONLY');
        expectError(await user.get('/api/admin/packs'), 'PACKS_ADMIN_ONLY');
      }
      // Refused before the body is looked at: a non-admin learns nothing about the pack.
      expectError(await staff.post('/api/admin/packs', []), 'PACKS_ADMIN_ONLY');
      expectError(await staff.get('/api/packs/yunan-suggestions/versions/latest/export'), 'PACK_EXPORT_NOT_ALLOWED');
      expectError(await engine.app.inject({ method: 'POST', url: '/api/admin/packs', payload: document }), 'AUTH_REQUIRED');
      expect(engine.registry.get('yunan', 'fixture', '4.0.0')).toBeUndefined();
    });

    it('refuses a body that is not a pack in one file with a coded 4xx naming the field, and stores nothing', async () => {
      const before = await stored();
      const raw = (payload: string, contentType = 'application/json') =>
        engine.app.inject({ method: 'POST', url: '/api/admin/packs', payload, headers: { cookie: adminCookie, 'content-type': contentType } });

      expectError(await raw('{"pack": '), 'REQUEST_INVALID', 400);
      expectError(await raw('[]'), 'REQUEST_INVALID', 400);
      const missing = expectError(await admin.post('/api/admin/packs', { forms: {} }), 'REQUEST_INVALID', 400);
      expect(missing.details.errors[0]).toMatchObject({ field: 'body.pack', rule: 'required' });
      const notObject = expectError(await admin.post('/api/admin/packs', { pack: 'fixture' }), 'REQUEST_INVALID', 400);
      expect(notObject.details.errors[0]).toMatchObject({ field: 'body.pack', rule: 'type' });
      // The one file's own shape is the route's: no unknown key, each folder an object.
      const unknown = expectError(await admin.post('/api/admin/packs/check', { ...fixtureDocument(), stationTypes: {} }), 'REQUEST_INVALID', 400);
      expect(unknown.details.errors[0]).toMatchObject({ field: 'body.stationTypes', rule: 'additionalProperties' });
      const folder = expectError(await admin.post('/api/admin/packs', { ...fixtureDocument(), forms: [] }), 'REQUEST_INVALID', 400);
      expect(folder.details.errors[0]).toMatchObject({ field: 'body.forms', rule: 'type' });
      expectError(await raw('pack=fixture', 'application/x-www-form-urlencoded'), 'UNSUPPORTED_MEDIA_TYPE', 415);
      const tooLarge = expectError(await raw(JSON.stringify({ pack: { description: 'x'.repeat(PACK_FILE_MAX_BYTES) } })), 'REQUEST_TOO_LARGE', 413);
      expect(tooLarge.messages.en).toContain(`${PACK_FILE_MAX_BYTES / 1024} KiB`);
      const hostile = expectError(await raw('{"pack": {}, "forms": {"__proto__": {}}}'), 'REQUEST_TEXT_INVALID', 400);
      expect(hostile.details.errors[0]).toMatchObject({ field: 'body.forms.__proto__', rule: 'noPrototypeKey' });

      expect(await stored()).toEqual(before);
    });
  });
}
