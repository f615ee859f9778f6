import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { attachmentFixturePack, FIELD_VISITS, PHOTO_MAX_BYTES } from '../support/attachment-fixture-pack.js';
import { upload, type FileToSend } from '../support/attachment-upload.js';
import { testDatabases } from '../support/databases.js';
import { expectRefused } from '../support/responses.js';
import { login, startTestEngine } from '../support/test-engine.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (size = 200) => Buffer.concat([PNG, randomBytes(size - PNG.length)]);
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300)]);
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(300)]);
// A Windows program starts with "MZ"; renamed to .png it must still not pass as a photo.
const exe = () => Buffer.concat([Buffer.from('MZ'), randomBytes(300)]);

for (const database of testDatabases()) {
  describe(`attachments on ${database.name}`, () => {
    let engine: Engine;
    let app: FastifyInstance;
    let staff: string;
    let otherCounty: string;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      app = engine.app;
      for (const county of ['yunan', 'maonan']) {
        const published = await publishPack(engine.store, engine.registry, attachmentFixturePack(county));
        expect(published.ok, JSON.stringify(published)).toBe(true);
      }
      staff = await login(app, 'yunan', 'staff');
      otherCounty = await login(app, 'maonan', 'staff');
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const count = async (table: 'attachments' | 'items') =>
      Number((await engine.store.inCounty('yunan', (trx) => trx.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow())).n);
    async function uploaded(file: FileToSend, field = '/photos') {
      const response = await upload(app, staff, file, field);
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; filename: string; mimeType: string; sizeBytes: number; sha256: string };
    }
    const createVisit = (payload: Record<string, unknown>, cookie = staff) =>
      app.inject({ method: 'POST', url: '/api/items', headers: { cookie }, payload: { packId: FIELD_VISITS.packId, flowId: FIELD_VISITS.flowId, payload } });

    it('uploads a photo within the limits and serves it back to the county', async () => {
      const bytes = png();
      const saved = await uploaded({ name: 'site.png', type: 'image/png', bytes });
      expect(saved).toMatchObject({ filename: 'site.png', mimeType: 'image/png', sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      expect(saved.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);

      const file = await app.inject({ method: 'GET', url: `/api/attachments/${saved.id}`, headers: { cookie: staff } });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['content-disposition']).toMatch(/^inline; /);
      expect(file.rawPayload.equals(bytes)).toBe(true);

      const meta = await app.inject({ method: 'GET', url: `/api/attachments/${saved.id}/meta`, headers: { cookie: staff } });
      expect(meta.json()).toMatchObject({ id: saved.id, filename: 'site.png', mimeType: 'image/png', sizeBytes: bytes.length });
    });

    it('the content decides the type, not what the client says', async () => {
      const saved = await uploaded({ name: 'photo', type: 'application/octet-stream', bytes: jpeg() });
      expect(saved.mimeType).toBe('image/jpeg');
    });

    it('refuses a file larger than the field allows (413), storing nothing', async () => {
      const before = await count('attachments');
      const error = await expectRefused(await upload(app, staff, { name: 'big.png', type: 'image/png', bytes: png(PHOTO_MAX_BYTES + 1) }), 413, 'ATTACHMENT_TOO_LARGE');
      expect(error.messages['zh-CN']).toBe('文件太大：“现场照片”每个文件最大 1 MB');
      expect(error.messages.en).toContain('"Site photos"');
      // exactly the limit is fine
      await uploaded({ name: 'limit.png', type: 'image/png', bytes: png(PHOTO_MAX_BYTES) });
      expect(await count('attachments')).toBe(before + 1);
    });

    it('refuses a type the field does not accept (415), checked by magic bytes', async () => {
      const before = await count('attachments');
      const renamed = await expectRefused(await upload(app, staff, { name: 'holiday.png', type: 'image/png', bytes: exe() }), 415, 'ATTACHMENT_TYPE_NOT_ALLOWED');
      expect(renamed.messages['zh-CN']).toContain('与其声明的类型 image/png 不符');
      // a real PDF, honestly labelled, is still not a photo
      const wrongKind = await expectRefused(await upload(app, staff, { name: 'report.pdf', type: 'application/pdf', bytes: pdf() }), 415, 'ATTACHMENT_TYPE_NOT_ALLOWED');
      expect(wrongKind.messages.en).toContain('this file is application/pdf');
      await expectRefused(await upload(app, staff, { name: 'setup.exe', type: 'application/x-msdownload', bytes: exe() }), 415, 'ATTACHMENT_TYPE_NOT_ALLOWED');
      expect(await count('attachments')).toBe(before);
      // the PDF field takes it
      expect((await uploaded({ name: 'report.pdf', type: 'application/pdf', bytes: pdf() }, '/report')).mimeType).toBe('application/pdf');
    });

    it('an upload must name a file field of a form of the county', async () => {
      await expectRefused(await upload(app, staff, { name: 'a.png', type: 'image/png', bytes: png() }, '/subject'), 400, 'FIELD_NOT_ATTACHMENT');
      await expectRefused(await upload(app, staff, { name: 'a.png', type: 'image/png', bytes: png() }, '/nothing'), 400, 'FIELD_NOT_ATTACHMENT');
      await expectRefused(await upload(app, staff, { name: 'a.png', type: 'image/png', bytes: png() }, '/photos', 'no-such-form'), 404, 'FORM_NOT_FOUND');
      const noFile = await app.inject({
        method: 'POST',
        url: `/api/attachments?packId=${FIELD_VISITS.packId}&version=latest&formId=${FIELD_VISITS.startForm}&field=/photos`,
        headers: { cookie: staff },
        payload: { not: 'a file' },
      });
      await expectRefused(noFile, 400, 'ATTACHMENT_MISSING');
    });

    it('another county gets 404 for the file and its metadata', async () => {
      const saved = await uploaded({ name: 'site.png', type: 'image/png', bytes: png() });
      await expectRefused(await app.inject({ method: 'GET', url: `/api/attachments/${saved.id}`, headers: { cookie: otherCounty } }), 404, 'ATTACHMENT_NOT_FOUND');
      await expectRefused(await app.inject({ method: 'GET', url: `/api/attachments/${saved.id}/meta`, headers: { cookie: otherCounty } }), 404, 'ATTACHMENT_NOT_FOUND');
      await expectRefused(await app.inject({ method: 'GET', url: `/api/attachments/${saved.id}` }), 401, 'AUTH_REQUIRED');
    });

    it('auditors cannot upload; anonymous callers neither', async () => {
      const before = await count('attachments');
      const auditor = await login(app, 'yunan', 'auditor');
      await expectRefused(await upload(app, auditor, { name: 'a.png', type: 'image/png', bytes: png() }), 403, 'AUDITOR_READ_ONLY');
      await expectRefused(await upload(app, '', { name: 'a.png', type: 'image/png', bytes: png() }), 401, 'AUTH_REQUIRED');
      expect(await count('attachments')).toBe(before);
    });

    it('keeps a Chinese file name, and sends it back with RFC 5987 filename*', async () => {
      const name = '桂圩村村道 现场照片（2026年11月）.png';
      const saved = await uploaded({ name, type: 'image/png', bytes: png() });
      expect(saved.filename).toBe(name);
      const file = await app.inject({ method: 'GET', url: `/api/attachments/${saved.id}`, headers: { cookie: staff } });
      const disposition = String(file.headers['content-disposition']);
      const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
      expect(encoded && decodeURIComponent(encoded)).toBe(name);
      // the plain filename= is ASCII for old clients
      expect(/filename="([^"]*)"/.exec(disposition)?.[1]).toMatch(/^[\x20-\x7e]+\.png$/);
    });

    it('refuses a payload that refers to a missing attachment, naming the field; stores nothing', async () => {
      const before = await count('items');
      const error = await expectRefused(await createVisit({ subject: '走访桂圩村', photos: [uuidv7()] }), 400, 'PAYLOAD_INVALID');
      expect(error.details.errors).toEqual([
        {
          field: '/photos/0',
          title: { 'zh-CN': '现场照片', en: 'Site photos' },
          rule: 'reference',
          params: { thing: { 'zh-CN': '附件', en: 'an attachment' } },
          message: { 'zh-CN': '“现场照片”引用的附件不存在', en: '"Site photos" refers to an attachment that does not exist' },
        },
      ]);
      expect(error.messages['zh-CN']).toBe('表单有 1 处需要修改：“现场照片”引用的附件不存在');
      expect(await count('items')).toBe(before);
    });

    it('refuses a missing station or deputy, and another county’s attachment', async () => {
      const before = await count('items');
      const station = await expectRefused(await createVisit({ subject: '走访', station: 'no-such-station' }), 400, 'PAYLOAD_INVALID');
      expect(station.details.errors[0]).toMatchObject({ field: '/station', rule: 'reference', message: { 'zh-CN': '“所属站点”引用的站点不存在' } });

      // the staff user exists, but is not a deputy
      const staffId = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: staff } })).json().id;
      const deputy = await expectRefused(await createVisit({ subject: '走访', deputy: staffId }), 400, 'PAYLOAD_INVALID');
      expect(deputy.details.errors[0]).toMatchObject({ field: '/deputy', rule: 'reference', message: { en: '"Accompanying deputy" refers to a deputy that does not exist' } });

      const elsewhere = (await upload(app, otherCounty, { name: 'a.png', type: 'image/png', bytes: png() })).json().id;
      const foreign = await expectRefused(await createVisit({ subject: '走访', photos: [elsewhere] }), 400, 'PAYLOAD_INVALID');
      expect(foreign.details.errors[0]).toMatchObject({ field: '/photos/0', rule: 'reference' });
      expect(await count('items')).toBe(before);
    });

    it('refuses an attachment uploaded for a laxer field (a PDF in the photos)', async () => {
      const report = await uploaded({ name: 'report.pdf', type: 'application/pdf', bytes: pdf() }, '/report');
      const error = await expectRefused(await createVisit({ subject: '走访', photos: [report.id] }), 400, 'PAYLOAD_INVALID');
      expect(error.details.errors[0]).toMatchObject({ field: '/photos/0', rule: 'x-attachment' });
    });

    it('accepts a payload whose references all exist', async () => {
      const photo = await uploaded({ name: 'site.png', type: 'image/png', bytes: png() });
      const report = await uploaded({ name: 'report.pdf', type: 'application/pdf', bytes: pdf() }, '/report');
      const deputyId = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: await login(app, 'yunan', 'deputy') } })).json().id;
      const response = await createVisit({ subject: '走访桂圩村', photos: [photo.id], report: report.id, station: 'guixu-village', deputy: deputyId });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().item.data).toMatchObject({ photos: [photo.id], report: report.id, station: 'guixu-village', deputy: deputyId });

      // events are checked the same way
      const itemId = response.json().item.id;
      const refused = await app.inject({
        method: 'POST',
        url: `/api/items/${itemId}/events`,
        headers: { cookie: staff },
        payload: { type: 'FOLLOW_UP', payload: { done: true, photos: [photo.id, uuidv7()] } },
      });
      const error = await expectRefused(refused, 400, 'PAYLOAD_INVALID');
      expect(error.details.errors[0]).toMatchObject({ field: '/photos/1', rule: 'reference' });
      expect((await engine.store.items.getItem('yunan', itemId))!.version).toBe(1);
      const accepted = await app.inject({
        method: 'POST',
        url: `/api/items/${itemId}/events`,
        headers: { cookie: staff },
        payload: { type: 'FOLLOW_UP', payload: { done: true, photos: [photo.id] } },
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
    });

    it('an attachment field must hold an attachment id', async () => {
      const error = await expectRefused(await createVisit({ subject: '走访', photos: ['data:image/png;base64,iVBORw0KGgo='] }), 400, 'PAYLOAD_INVALID');
      expect(error.details.errors[0]).toMatchObject({ field: '/photos/0', rule: 'format' });
    });
  });
}
