import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { DEMO_COUNTIES } from '../../engine/seed/demo-seed.js';
import { attachmentFixturePack, FIELD_VISITS } from '../support/attachment-fixture-pack.js';
import { upload } from '../support/attachment-upload.js';
import { testDatabases } from '../support/databases.js';
import { login, startTestEngine } from '../support/test-engine.js';

/** What a county holds that no other county may ever see. */
interface CountySecrets {
  itemId: string;
  attachmentId: string;
  stationId: string;
  userIds: string[];
  /** Text only this county's data contains: item subject, file name, draft text, people's names. */
  markers: string[];
}

/**
 * Every route of the API (from its OpenAPI document), as every user of every county and as
 * nobody, aimed at each other county's objects: item, attachment, draft, station, people. No
 * answer may be a 5xx or carry another county's data (anything of theirs the request did not
 * itself name), and nothing of theirs may change. The count of requests is printed.
 */
for (const database of testDatabases()) {
  describe(`county isolation on ${database.name}`, () => {
    let engine: Engine;
    const secrets = new Map<string, CountySecrets>();
    const sessions: Array<{ county: string; username: string; cookie: string }> = [];

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
      for (const county of DEMO_COUNTIES) {
        const published = await publishPack(engine.store, engine.registry, attachmentFixturePack(county.id));
        expect(published.ok).toBe(true);
        const staff = await login(engine.app, county.id, 'staff');
        const marker = `机密${county.id}${randomBytes(4).toString('hex')}`;
        const photo = await upload(engine.app, staff, { name: `${marker}.png`, type: 'image/png', bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100)]) });
        expect(photo.statusCode, photo.body).toBe(201);
        const attachmentId = photo.json().id;
        const stationId = county.users.find((u) => u.username === 'staff')!.stationIds![0]; // where the staff member works
        const created = await engine.app.inject({
          method: 'POST',
          url: '/api/items',
          headers: { cookie: staff },
          payload: { packId: FIELD_VISITS.packId, flowId: FIELD_VISITS.flowId, stationId, payload: { subject: `${marker}走访`, photos: [attachmentId] } },
        });
        expect(created.statusCode, created.body).toBe(201);
        const draft = await engine.app.inject({ method: 'PUT', url: `/api/drafts/start:${FIELD_VISITS.packId}:${FIELD_VISITS.flowId}`, headers: { cookie: staff }, payload: { payload: { subject: `${marker}草稿` } } });
        expect(draft.statusCode, draft.body).toBe(200);
        const users = await engine.store.users.listUsers(county.id);
        secrets.set(county.id, {
          itemId: created.json().item.id,
          attachmentId,
          stationId,
          userIds: users.map((u) => u.id),
          markers: [marker, ...users.map((u) => u.displayName)],
        });
        for (const user of county.users) sessions.push({ county: county.id, username: user.username, cookie: await login(engine.app, county.id, user.username) });
      }
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('no route, as any user of any county, reaches another county', async () => {
      await engine.app.ready();
      const paths = (engine.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
      const versionsBefore = new Map<string, number>();
      for (const [county, s] of secrets) versionsBefore.set(county, (await engine.store.items.getItem(county, s.itemId))!.version);

      let requests = 0;
      const leaks: string[] = [];
      const failures: string[] = [];
      const askers = [...sessions, { county: '', username: '(anonymous)', cookie: '' }];
      for (const asker of askers) {
        for (const [target, s] of secrets) {
          if (target === asker.county) continue;
          for (const [template, operations] of Object.entries(paths)) {
            // Public boards are public for every county by design (personal data masked: tested with the boards).
            if (template.startsWith('/api/public/') || template === '/api/auth/login' || template === '/api/auth/logout') continue;
            for (const method of Object.keys(operations)) {
              for (const request of foreignRequests(method.toUpperCase(), template, s, target)) {
                const response = await engine.app.inject({ ...request, headers: { ...(asker.cookie ? { cookie: asker.cookie } : {}), ...request.headers } });
                requests++;
                const said = `${request.method} ${request.url} as ${asker.county}/${asker.username}`;
                if (response.statusCode >= 500) failures.push(`${said}: ${response.statusCode}`);
                const leaked = s.markers.concat(s.itemId, s.attachmentId, ...s.userIds).filter((m) => response.body.includes(m) && !JSON.stringify(request).includes(m));
                if (leaked.length) leaks.push(`${said}: ${leaked.join(', ')}`);
              }
            }
          }
        }
      }
      for (const [county, s] of secrets) expect((await engine.store.items.getItem(county, s.itemId))!.version, `${county}'s item changed`).toBe(versionsBefore.get(county));
      // The control: the same requests by the county's own staff do carry its markers, so the check above can see a leak.
      for (const [county, s] of secrets) {
        const own = sessions.find((u) => u.county === county && u.username === 'staff')!.cookie;
        for (const url of [`/api/items/${s.itemId}`, `/api/attachments/${s.attachmentId}/meta`, `/api/items?q=${encodeURIComponent(s.markers[0])}`]) {
          expect((await engine.app.inject({ method: 'GET', url, headers: { cookie: own } })).body, url).toContain(s.markers[0]);
        }
      }
      console.log(`county isolation on ${database.name}: ${requests} requests (${askers.length} users × other counties × ${Object.keys(paths).length} routes), ${leaks.length} leaks, ${failures.length} answers of 5xx`);
      expect(failures).toEqual([]);
      expect(leaks).toEqual([]);
    });
  });
}

/** Requests aimed at one foreign county's objects through one route. */
function foreignRequests(method: string, template: string, s: CountySecrets, county: string) {
  const params: Record<string, string> = {
    itemId: s.itemId,
    attachmentId: s.attachmentId,
    key: `event:${s.itemId}:FOLLOW_UP`,
    packId: FIELD_VISITS.packId,
    version: 'latest',
    flowId: FIELD_VISITS.flowId,
    formId: FIELD_VISITS.startForm,
    countyId: county,
    stationId: s.stationId,
  };
  const url = template.replace(/\{(\w+)\}|:(\w+)/g, (_, a, b) => encodeURIComponent(params[a ?? b] ?? 'x'));
  const bodies: Record<string, unknown[]> = {
    'POST /api/items': [{ packId: FIELD_VISITS.packId, flowId: FIELD_VISITS.flowId, stationId: s.stationId, payload: { subject: '跨区县', photos: [s.attachmentId] } }],
    'POST /api/items/{itemId}/events': [{ type: 'FOLLOW_UP', payload: { done: true } }],
    'PUT /api/drafts/{key}': [{ payload: { note: '覆盖' } }],
    'POST /api/audit/verify': [{}],
  };
  const queries: Record<string, string[]> = {
    'GET /api/items': [`?station=${s.stationId}`, `?actor=${s.userIds[0]}`, `?createdBy=${s.userIds[1]}`, `?q=${encodeURIComponent(s.markers[0])}`, ''],
    'GET /api/inbox': [''],
    'POST /api/attachments': [`?packId=${FIELD_VISITS.packId}&version=latest&formId=${FIELD_VISITS.startForm}&field=%2Fphotos`],
  };
  const key = `${method} ${template.replace(/:(\w+)/g, '{$1}')}`;
  const list = (queries[key] ?? ['']).flatMap((q) => (bodies[key] ?? [undefined]).map((body) => ({ q, body })));
  return list.map(({ q, body }) => ({
    method: method as 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: url + q,
    headers: {} as Record<string, string>,
    ...(body !== undefined ? { payload: body as object } : {}),
  }));
}

