import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { outboxMessage, outboxRow, type OutboxMessageInput, type RecipientSpec } from '../../engine/domain/outbox-message.js';
import type { User } from '../../engine/domain/user.js';
import { InAppChannel } from '../../engine/runtime/in-app-channel.js';
import type { NotificationChannel, OutboxDelivery } from '../../engine/runtime/notification-channel.js';
import { OutboxDispatcher, retryDelayMs } from '../../engine/runtime/outbox-dispatcher.js';
import { Store } from '../../engine/store/store.js';
import { testDatabases } from '../support/databases.js';
import { ownerAccess } from '../support/owner-access.js';
import { expectError, expectOk } from '../support/responses.js';
import { TestClock } from '../support/test-clock.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';

/** A channel that records what it was handed, and fails while told to. */
class RecordingChannel implements NotificationChannel {
  readonly deliveries: OutboxDelivery[] = [];
  failing = false;

  /** Milliseconds each delivery takes, as a gateway's answer would. */
  constructor(
    readonly name: string,
    private readonly takesMs = 0,
  ) {}

  async deliver(delivery: OutboxDelivery): Promise<void> {
    this.deliveries.push(delivery);
    if (this.takesMs) await new Promise((resolve) => setTimeout(resolve, this.takesMs));
    if (this.failing) throw new Error('短信网关无响应 / SMS gateway not answering');
  }

  /** What it was handed for one message, in order. */
  of(id: string): OutboxDelivery[] {
    return this.deliveries.filter((d) => d.id === id);
  }
}

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

for (const database of testDatabases()) {
  describe(`notifications on ${database.name}`, () => {
    const options = database.options();
    const clock = new TestClock('2026-11-02T01:00:00Z');
    const sms = new RecordingChannel('sms');
    let engine: Engine;
    let app: FastifyInstance;
    let people: Map<string, User>;
    let housingUnit: string;

    beforeAll(async () => {
      engine = await startTestEngine({ ...options, clock, notificationChannels: [sms], outboxIntervalMs: 0 });
      app = engine.app;
      people = new Map((await engine.store.users.listUsers('yunan')).map((u) => [u.username, u]));
      housingUnit = (await engine.store.units.listUnits('yunan')).find((u) => u.name === '县住房城乡建设局')!.id;
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    const idOf = (username: string) => people.get(username)!.id;

    /** Writes a message as the engine would (the repository, in a county transaction). */
    async function write(input: Partial<OutboxMessageInput> & { recipients: RecipientSpec[] }, countyId = 'yunan') {
      const message = outboxMessage({ countyId, createdAt: clock.now(), kind: 'remind', message: { title: text('请按时办理', 'Please handle in time') }, ...input });
      await engine.store.outbox.add(countyId, [message]);
      return message;
    }

    /** Who holds a row of the message, by user name. */
    async function holders(outboxId: string, countyId = 'yunan'): Promise<string[]> {
      const rows = await engine.store.inCounty(countyId, (trx) =>
        trx.selectFrom('notifications').innerJoin('users', (j) => j.onRef('users.countyId', '=', 'notifications.countyId').onRef('users.id', '=', 'notifications.userId'))
          .select('users.username').where('notifications.countyId', '=', countyId).where('notifications.outboxId', '=', outboxId).execute(),
      );
      return rows.map((r) => r.username).sort();
    }

    it('resolves each kind of recipient to the active people it names, at delivery', async () => {
      // Someone of the housing bureau who has left: a member of the unit, with the role, but disabled.
      const leaver = uuidv7();
      await engine.store.users.createUser({ countyId: 'yunan', id: leaver, username: 'leaver', displayName: '已调离 张伟', roles: ['department'], stationIds: [], unitId: housingUnit, passwordHash: 'x' });
      await engine.store.users.updatePerson('yunan', leaver, { disabled: true }, clock.now());

      const toUser = await write({ recipients: [{ kind: 'user', id: idOf('deputy') }] });
      const toUnit = await write({ recipients: [{ kind: 'unit', id: housingUnit }] });
      const toStationRole = await write({ recipients: [{ kind: 'roles', roles: ['staff', 'deputy'], stationId: 'ducheng-central' }] });
      const toRoleElsewhere = await write({ recipients: [{ kind: 'roles', roles: ['staff'], stationId: 'jiancheng-central' }] });
      const toCountyRole = await write({ recipients: [{ kind: 'roles', roles: ['department', 'auditor'] }] });
      // Overlapping specs reach each person once.
      const overlapping = await write({ recipients: [{ kind: 'unit', id: housingUnit }, { kind: 'user', id: idOf('department') }, { kind: 'roles', roles: ['department'] }] });

      expect(await engine.outbox.runOnce()).toEqual({ delivered: 6, failed: 0 });

      expect(await holders(toUser.id)).toEqual(['deputy']);
      expect(await holders(toUnit.id)).toEqual(['department', 'department2']);
      expect(await holders(toStationRole.id)).toEqual(['deputy', 'staff']);
      expect(await holders(toRoleElsewhere.id)).toEqual([]);
      expect(await holders(toCountyRole.id)).toEqual(['auditor', 'department', 'department2', 'transport']);
      expect(await holders(overlapping.id)).toEqual(['department', 'department2', 'transport']);

      // Every channel is handed the people resolved, with their names, once per message.
      const handed = sms.of(toUnit.id);
      expect(handed).toHaveLength(1);
      expect(handed[0].recipients.map((r) => r.displayName).sort()).toEqual(['县住房城乡建设局 刘海燕', '县住房城乡建设局 黄志强']);
      expect(handed[0]).toMatchObject({ countyId: 'yunan', kind: 'remind', attempt: 1, message: { title: text('请按时办理', 'Please handle in time') } });
      // No one to tell: no channel is bothered, and the message is done.
      expect(sms.of(toRoleElsewhere.id)).toHaveLength(0);
      expect((await engine.store.outbox.status('yunan', toRoleElsewhere.id))?.deliveredAt).toEqual(clock.now());
      // Delivered messages are not delivered again.
      expect(await engine.outbox.runOnce()).toEqual({ delivered: 0, failed: 0 });
    });

    it('resolves who holds a role when it delivers, not when it was written', async () => {
      const message = await write({ recipients: [{ kind: 'roles', roles: ['village-head'], stationId: 'guixu-village' }] });
      const newcomer = uuidv7();
      await engine.store.users.createUser({ countyId: 'yunan', id: newcomer, username: 'newcomer', displayName: '村主任 罗志', roles: ['village-head'], stationIds: ['guixu-village'], passwordHash: 'x' });
      await engine.outbox.runOnce();
      expect(await holders(message.id)).toEqual(['newcomer']);
    });

    it('takes rows written by SQL with the row builder (as a recording function writes them)', async () => {
      const message = outboxMessage({
        countyId: 'yunan',
        createdAt: clock.now(),
        kind: 'escalate',
        recipients: [{ kind: 'user', id: idOf('staff') }],
        message: { title: text('事项已超期', 'An item is overdue'), body: text('请尽快督办。', 'Please follow it up.') },
      });
      await engine.store.inCounty('yunan', (trx) => sql`insert into outbox select * from jsonb_populate_record(null::outbox, ${JSON.stringify(outboxRow(message))}::jsonb)`.execute(trx));
      expect(await engine.store.outbox.status('yunan', message.id)).toMatchObject({ attempts: 0, nextAttemptAt: null, channelsDone: [], deliveredAt: null });
      await engine.outbox.runOnce();
      expect(await holders(message.id)).toEqual(['staff']);
      const staff = client(app, await login(app, 'yunan', 'staff'));
      const page = expectOk(await staff.get('/api/notifications?pageSize=100'));
      expect(page.notifications.find((n: { id: string; kind: string }) => n.kind === 'escalate')).toMatchObject({
        title: text('事项已超期', 'An item is overdue'),
        body: text('请尽快督办。', 'Please follow it up.'),
        itemId: null,
        readAt: null,
      });
    });

    it('refuses a message it could not deliver before it is written', () => {
      const base = { countyId: 'yunan', createdAt: clock.now(), kind: 'remind', message: { title: text('标题', 'Title') } };
      expect(() => outboxMessage({ ...base, recipients: [] })).toThrow(/recipient/);
      expect(() => outboxMessage({ ...base, recipients: [{ kind: 'roles', roles: [] }] })).toThrow(/incomplete/);
      expect(() => outboxMessage({ ...base, recipients: [{ kind: 'user', id: 'x' }], message: { title: text('', 'Title') } })).toThrow(/zh-CN/);
      expect(() => outboxMessage({ ...base, recipients: [{ kind: 'user', id: 'x' }], eventSeq: 3 })).toThrow(/itemId/);
    });

    it('shows a message delivered twice once: a delivery cut off before it was recorded is done again', async () => {
      const message = await write({ recipients: [{ kind: 'unit', id: housingUnit }] });
      // A process claims it, writes the in-app rows, and dies before recording the delivery.
      const [claimed] = await engine.store.outbox.claim('yunan', clock.now(), new Date(clock.now().getTime() + 120_000), 10);
      expect(claimed.id).toBe(message.id);
      const recipients = await engine.store.recipients.resolve('yunan', claimed.recipients);
      await new InAppChannel(engine.store).deliver({ ...claimed, recipients, attempt: claimed.attempts });
      // Leased: no one else takes it meanwhile.
      expect(await engine.outbox.runOnce()).toEqual({ delivered: 0, failed: 0 });
      clock.advance(120_001);
      expect(await engine.outbox.runOnce()).toEqual({ delivered: 1, failed: 0 });
      expect(sms.of(message.id).map((d) => d.attempt)).toEqual([2]);
      // Delivered twice to the app, shown once to each.
      expect(await holders(message.id)).toEqual(['department', 'department2']);
    });

    it('retries a failing channel with backoff, without writing the in-app rows again', async () => {
      sms.failing = true;
      const message = await write({ recipients: [{ kind: 'user', id: idOf('transport') }], kind: 'assigned' });
      expect(await engine.outbox.runOnce()).toEqual({ delivered: 0, failed: 1 });
      const failed = await engine.store.outbox.status('yunan', message.id);
      expect(failed).toMatchObject({ attempts: 1, channelsDone: ['in-app'], deliveredAt: null });
      expect(failed?.lastError).toContain('sms: 短信网关无响应');
      expect(failed?.nextAttemptAt).toEqual(new Date(clock.now().getTime() + retryDelayMs(1)));
      // The person sees it already, though the SMS did not go.
      expect(await holders(message.id)).toEqual(['transport']);

      // Not due again before its backoff.
      expect(await engine.outbox.runOnce()).toEqual({ delivered: 0, failed: 0 });
      clock.advance(retryDelayMs(1));
      expect(await engine.outbox.runOnce()).toEqual({ delivered: 0, failed: 1 });
      expect((await engine.store.outbox.status('yunan', message.id))?.nextAttemptAt).toEqual(new Date(clock.now().getTime() + retryDelayMs(2)));
      expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

      sms.failing = false;
      clock.advance(retryDelayMs(2));
      expect(await engine.outbox.runOnce()).toEqual({ delivered: 1, failed: 0 });
      expect(sms.of(message.id).map((d) => d.attempt)).toEqual([1, 2, 3]);
      expect(await engine.store.outbox.status('yunan', message.id)).toMatchObject({ attempts: 3, channelsDone: ['in-app', 'sms'], lastError: null });
      expect(await holders(message.id)).toEqual(['transport']);
    });

    it('lists a person’s own notifications newest first, counts the unread, marks one or all read', async () => {
      const itemId = expectOk(await client(app, await login(app, 'yunan', 'deputy')).createItem(intake('关于村道路灯的建议'), { stationId: 'ducheng-central' }), 201).item.id as string;
      const cookie = await login(app, 'yunan', 'department2');
      const me = client(app, cookie);
      const before = expectOk(await me.get('/api/notifications/unread-count')).count as number;
      const older = await write({ recipients: [{ kind: 'user', id: idOf('department2') }], itemId, eventSeq: 1, message: { title: text('旧的提醒', 'Older reminder') } });
      clock.advance(60_000);
      const newer = await write({ recipients: [{ kind: 'user', id: idOf('department2') }], message: { title: text('新的提醒', 'Newer reminder'), body: text('正文', 'Body') } });
      await engine.outbox.runOnce();

      expect(expectOk(await me.get('/api/notifications/unread-count'))).toEqual({ count: before + 2, countIsLowerBound: false });
      const page = expectOk(await me.get('/api/notifications?page=1&pageSize=2'));
      expect(page).toMatchObject({ page: 1, pageSize: 2, total: before + 2, totalIsLowerBound: false });
      expect(page.notifications.map((n: { title: { en: string } }) => n.title.en)).toEqual(['Newer reminder', 'Older reminder']);
      const [newest, next] = page.notifications;
      expect(newest).toMatchObject({ itemId: null, body: text('正文', 'Body'), readAt: null, createdAt: new Date(clock.now()).toISOString() });
      expect(next).toMatchObject({ itemId, kind: 'remind', readAt: null });
      expect(next.body).toBeUndefined();

      // One read: the count drops, the unread list leaves it out, and reading it again changes nothing.
      expect((await me.post(`/api/notifications/${next.id}/read`)).statusCode).toBe(204);
      expect(expectOk(await me.get('/api/notifications/unread-count')).count).toBe(before + 1);
      const unread = expectOk(await me.get('/api/notifications?unread=true&pageSize=100'));
      expect(unread.notifications.map((n: { id: string }) => n.id)).toContain(newest.id);
      expect(unread.notifications.map((n: { id: string }) => n.id)).not.toContain(next.id);
      const readAt = expectOk(await me.get('/api/notifications?pageSize=2')).notifications[1].readAt;
      expect(readAt).toBe(clock.now().toISOString());
      clock.advance(1_000);
      expect((await me.post(`/api/notifications/${next.id}/read`)).statusCode).toBe(204);
      expect(expectOk(await me.get('/api/notifications?pageSize=2')).notifications[1].readAt).toBe(readAt);

      expect(expectOk(await me.post('/api/notifications/read-all'))).toEqual({ marked: before + 1 });
      expect(expectOk(await me.get('/api/notifications/unread-count')).count).toBe(0);
      expect(expectOk(await me.get('/api/notifications?unread=true')).notifications).toEqual([]);
      expect(expectOk(await me.post('/api/notifications/read-all'))).toEqual({ marked: 0 });
      expect([older.id, newer.id]).toHaveLength(2);
    });

    it('shows no one another person’s or another county’s notifications, nor lets them mark one', async () => {
      const mine = await write({ recipients: [{ kind: 'user', id: idOf('deputy') }], message: { title: text('只给代表', 'For the deputy only') } });
      const maonanStaff = (await engine.store.users.listUsers('maonan')).find((u) => u.username === 'staff')!;
      const theirs = await write({ recipients: [{ kind: 'user', id: maonanStaff.id }], message: { title: text('茂南的通知', 'A Maonan notice') } }, 'maonan');
      await engine.outbox.runOnce();
      const deputy = client(app, await login(app, 'yunan', 'deputy'));
      const colleague = client(app, await login(app, 'yunan', 'staff'));
      const maonan = client(app, await login(app, 'maonan', 'staff'));
      const deputyNote = expectOk(await deputy.get('/api/notifications?pageSize=100')).notifications.find((n: { title: { en: string } }) => n.title.en === 'For the deputy only');
      const maonanNote = expectOk(await maonan.get('/api/notifications')).notifications[0];
      expect(maonanNote.title.en).toBe('A Maonan notice');
      expect(await holders(theirs.id, 'maonan')).toEqual(['staff']);
      expect(await holders(mine.id)).toEqual(['deputy']);

      // The colleague and the other county see neither in their lists, and cannot mark them.
      const colleagueList = expectOk(await colleague.get('/api/notifications?pageSize=100')).notifications.map((n: { id: string }) => n.id);
      expect(colleagueList).not.toContain(deputyNote.id);
      expect(colleagueList).not.toContain(maonanNote.id);
      expect(expectOk(await maonan.get('/api/notifications?pageSize=100')).notifications.map((n: { id: string }) => n.id)).not.toContain(deputyNote.id);
      expectError(await colleague.post(`/api/notifications/${deputyNote.id}/read`), 'NOTIFICATION_NOT_FOUND');
      expectError(await colleague.post(`/api/notifications/${maonanNote.id}/read`), 'NOTIFICATION_NOT_FOUND');
      expectError(await deputy.post(`/api/notifications/${maonanNote.id}/read`), 'NOTIFICATION_NOT_FOUND');
      expectError(await maonan.post(`/api/notifications/${deputyNote.id}/read`), 'NOTIFICATION_NOT_FOUND');
      // The colleague's read-all leaves the deputy's unread.
      await colleague.post('/api/notifications/read-all');
      expect(expectOk(await deputy.get('/api/notifications?unread=true&pageSize=100')).notifications.map((n: { id: string }) => n.id)).toContain(deputyNote.id);
      // Without a session, nothing.
      expectError(await app.inject({ method: 'GET', url: '/api/notifications/unread-count' }), 'AUTH_REQUIRED');
    });

    it('refuses malformed parameters with a coded 400 naming the field', async () => {
      const me = client(app, await login(app, 'yunan', 'staff'));
      for (const query of ['page=0', 'pageSize=101', 'pageSize=abc', 'unread=perhaps', 'sort=newest']) {
        const error = expectError(await me.get(`/api/notifications?${query}`), 'REQUEST_INVALID', 400);
        expect(error.message, query).toBeTruthy();
      }
      const bad = expectError(await me.post('/api/notifications/not-an-id/read'), 'REQUEST_INVALID', 400);
      expect(JSON.stringify(bad.details)).toContain('id');
    });

    it('shares the work between two dispatchers: every message delivered by one, every row once', async () => {
      // Two processes: on PostgreSQL two stores (two pools) on the same schema; on PGlite two dispatchers of one store.
      const second = options.databaseUrl ? await Store.open(options, engine.keys) : engine.store;
      // A gateway that takes a few milliseconds per message, so that both dispatchers are at work at once.
      const channels = [new RecordingChannel('count', 3), new RecordingChannel('count', 3)];
      const dispatchers = [engine.store, second].map(
        (store, i) => new OutboxDispatcher(store, { channels: [new InAppChannel(store), channels[i]], intervalMs: 0, onError: (error) => { throw error; }, clock, batchSize: 7 }),
      );
      try {
        await engine.outbox.runOnce(); // nothing left over from the tests above
        const messages = Array.from({ length: 300 }, (_, i) =>
          outboxMessage({ countyId: 'yunan', createdAt: clock.now(), kind: 'system', recipients: [{ kind: 'unit', id: housingUnit }], message: { title: text(`通知 ${i}`, `Notice ${i}`) } }),
        );
        for (let i = 0; i < messages.length; i += 100) await engine.store.outbox.add('yunan', messages.slice(i, i + 100));
        // A claim takes no more than it asks for (a subquery re-run per updated row once took all 300).
        const lease = new Date(clock.now().getTime() + 1_000);
        const first = await engine.store.outbox.claim('yunan', clock.now(), lease, 7);
        expect(first.map((m) => m.id)).toEqual(messages.slice(0, 7).map((m) => m.id));
        clock.advance(1_000); // the test's own lease runs out: those 7 are due again for the dispatchers
        // One round each, at once: each drains what it can claim, batch by batch, skipping what the other holds.
        const rounds = await Promise.all(dispatchers.map((d) => d.runOnce()));
        const delivered = rounds.reduce((sum, r) => sum + r.delivered, 0);
        expect(delivered).toBe(300);
        const handed = channels.flatMap((c) => c.deliveries.map((d) => d.id));
        expect(handed).toHaveLength(300);
        expect(new Set(handed).size).toBe(300);
        console.log(`two dispatchers on ${database.name} delivered ${channels.map((c) => c.deliveries.length).join(' + ')} messages`);
        for (const channel of channels) expect(channel.deliveries.length).toBeGreaterThan(0);
        const ids = messages.map((m) => m.id);
        const rows = await engine.store.inCounty('yunan', (trx) =>
          trx.selectFrom('notifications').select(['outboxId', 'userId']).where('countyId', '=', 'yunan').where('outboxId', 'in', ids).execute(),
        );
        expect(rows).toHaveLength(600);
        expect(new Set(rows.map((r) => `${r.outboxId}/${r.userId}`)).size).toBe(600);
        const undelivered = await engine.store.inCounty('yunan', (trx) =>
          trx.selectFrom('outbox').select('id').where('countyId', '=', 'yunan').where('id', 'in', ids).where('deliveredAt', 'is', null).execute(),
        );
        expect(undelivered).toEqual([]);
      } finally {
        await Promise.all(dispatchers.map((d) => d.stop()));
        if (second !== engine.store) await second.close();
      }
    });

    it('reads a page and the unread count through their indexes for a person with tens of thousands', async () => {
      const owner = ownerAccess(engine, options);
      const reader = idOf('auditor');
      try {
        // As the owner, who (a superuser on both) is not held to one county's rows.
        // 40,000 for one person (a quarter unread), 40,000 spread over others: the person who never clears the bell.
        await owner.run(async (db) => {
          await sql`insert into notifications (county_id, id, user_id, outbox_id, item_id, kind, message, created_at, read_at)
            select 'yunan', 'bulk-' || g, case when g % 2 = 0 then ${reader} else u.id end, 'bulk-outbox-' || g, null, 'remind',
              '{"title":{"zh-CN":"提醒","en":"Reminder"}}'::jsonb, timestamptz '2026-01-01' + g * interval '1 minute',
              case when g % 8 = 0 then null else timestamptz '2026-06-01' end
            from generate_series(1, 80000) g
            cross join lateral (select id from users where county_id = 'yunan' and username = 'deputy') u`.execute(db);
          await sql`analyze notifications`.execute(db);
        });
        const plan = async (statement: ReturnType<typeof sql>) =>
          (await engine.store.inCounty('yunan', (trx) => sql<{ 'QUERY PLAN': string }>`explain ${statement}`.execute(trx))).rows.map((r) => r['QUERY PLAN']).join('\n');
        const pagePlan = await plan(sql`select id, item_id, kind, message, created_at, read_at from notifications where county_id = 'yunan' and user_id = ${reader} order by created_at desc, id desc limit 20 offset 0`);
        expect(pagePlan).toMatch(/Index Scan using notifications_user_idx/);
        expect(pagePlan).not.toMatch(/Sort|Seq Scan/);
        const unreadPlan = await plan(sql`select id from notifications where county_id = 'yunan' and user_id = ${reader} and read_at is null order by created_at desc, id desc limit 20`);
        expect(unreadPlan).toMatch(/notifications_unread_idx/);
        expect(unreadPlan).not.toMatch(/Sort|Seq Scan/);
        const countPlan = await plan(sql`select count(*) from (select 1 from notifications where county_id = 'yunan' and user_id = ${reader} and read_at is null limit 10001) c`);
        expect(countPlan).toMatch(/notifications_unread_idx/);
        expect(countPlan).not.toMatch(/Seq Scan/);

        // And through the API: the capped count and a page, quickly.
        const auditor = client(app, await login(app, 'yunan', 'auditor'));
        const started = performance.now();
        const count = expectOk(await auditor.get('/api/notifications/unread-count'));
        const page = expectOk(await auditor.get('/api/notifications?page=3&pageSize=20'));
        const elapsed = performance.now() - started;
        expect(count.count).toBeGreaterThanOrEqual(5000);
        expect(page.notifications).toHaveLength(20);
        expect(page).toMatchObject({ total: 10_000, totalIsLowerBound: true });
        console.log(`notifications on ${database.name}: unread count and page 3 of 40,000 in ${elapsed.toFixed(0)} ms; plans:\n${pagePlan}\n${countPlan}`);
        expect(elapsed).toBeLessThan(2_000);
      } finally {
        await owner.close();
      }
    });
  });
}
