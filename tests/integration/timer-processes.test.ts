import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR, startEngine } from '../../engine/engine.js';
import { ItemService } from '../../engine/runtime/item-service.js';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { fixturePack } from '../support/fixture-pack.js';
import { startServer, stopServer, type Server } from '../support/server-process.js';
import { TestClock } from '../support/test-clock.js';

/**
 * Timers shared by engine processes on one PostgreSQL (RELIABILITY.md): thousands of items whose
 * delayed transition fell due an hour ago, fired by two real server processes at once, and again
 * with one of them killed (SIGKILL) half-way. Each timer must take effect exactly once: one
 * event per item, every item moved on, none left.
 */
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.log('timer-processes test skipped: it needs PostgreSQL (set DATABASE_URL); PGlite is one process\'s own database.');

const ITEMS = Number(process.env.TIMER_ITEMS ?? 1000);
const TIMER = 'engine.after.waiting.0';
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** waiting → closed by itself an hour after it was entered. */
const timedFlow = {
  id: 'timed',
  initial: 'waiting',
  meta: { title: text('限时关闭', 'Closes by itself'), start: { roles: ['staff'], form: 'decision' }, listFields: ['note'] },
  states: {
    waiting: { meta: { label: text('等待', 'Waiting') }, after: [{ delay: 'PT1H', target: 'closed', meta: { label: text('超时关闭', 'Closed by itself') } }] },
    closed: { type: 'final', meta: { label: text('已关闭', 'Closed') } },
  },
};

describe.skipIf(!DATABASE_URL)('timers fired by several engine processes on one PostgreSQL', () => {
  const schema = `test_tp_${randomBytes(5).toString('hex')}`;
  const secret = randomBytes(32);
  const empty = mkdtempSync(join(tmpdir(), 'renda-tp-'));
  const env = {
    DATABASE_URL: DATABASE_URL!,
    DATABASE_SCHEMA: schema,
    SIGNING_KEY: secret.toString('base64'),
    PACKS_DIR: empty,
    SEED_DEMO: 'false',
    TIMER_INTERVAL_SECONDS: '1',
    // A killed process's claims are taken up after this long.
    TIMER_LEASE_SECONDS: '5',
    CHECKPOINT_INTERVAL_SECONDS: '0',
    DUTY_INTERVAL_SECONDS: '0',
  };
  const db = new pg.Client({ connectionString: DATABASE_URL });
  const servers: Server[] = [];

  /** Creates the items with an engine in this process whose clock is two hours behind: their timers are an hour overdue. */
  async function createDueItems(note: string): Promise<string[]> {
    const clock = new TestClock(new Date(Date.now() - 2 * 3_600_000));
    const engine = await startEngine({ databaseUrl: DATABASE_URL, schema, signingSecret: secret, seed: true, packsDir: DEFAULT_PACKS_DIR, clock });
    try {
      const published = await publishPack(engine.store, engine.registry, fixturePack({ flow: timedFlow }));
      expect(published.ok, JSON.stringify(published)).toBe(true);
      const staff = (await engine.store.users.listUsers('yunan')).find((u) => u.username === 'staff')!;
      const service = new ItemService(engine.store, engine.registry, engine.keys, engine.calendars, clock);
      const ids: string[] = [];
      for (let i = 0; i < ITEMS; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(10, ITEMS - i) }, () => service.createItem(staff, { packId: 'fixture', flowId: 'timed', payload: { ok: true, note } })),
        );
        ids.push(...batch.map((b) => b.item.id));
      }
      return ids;
    } finally {
      await engine.close();
    }
  }

  async function armed(): Promise<number> {
    return Number((await db.query(`select count(*) as n from ${schema}.timers`)).rows[0].n);
  }

  async function waitUntil(condition: () => Promise<boolean>, seconds: number): Promise<number> {
    const started = Date.now();
    while (!(await condition())) {
      if (Date.now() - started > seconds * 1000) throw new Error(`not done within ${seconds} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return (Date.now() - started) / 1000;
  }

  /** How long the firing took: from the first timer event recorded to the last. */
  async function firingSpan(ids: string[]): Promise<number> {
    const { rows } = await db.query(`select extract(epoch from max(created_at) - min(created_at))::float as s from ${schema}.events where type = $1 and item_id = any($2)`, [TIMER, ids]);
    return rows[0].s as number;
  }

  /** How the timer took effect on these items: events per item, and items still waiting. */
  async function outcome(ids: string[]) {
    const events = await db.query(`select item_id, count(*)::int as n from ${schema}.events where type = $1 and item_id = any($2) group by item_id`, [TIMER, ids]);
    const waiting = await db.query(`select count(*)::int as n from ${schema}.items where id = any($1) and status <> 'done'`, [ids]);
    const counts = events.rows.map((r) => r.n as number);
    return { fired: counts.length, twice: counts.filter((n) => n > 1).length, waiting: waiting.rows[0].n as number };
  }

  beforeAll(async () => {
    await db.connect();
  }, 30_000);

  afterAll(async () => {
    await Promise.all(servers.map(stopServer));
    await db.query(`drop schema if exists ${schema} cascade`);
    await db.end();
    rmSync(empty, { recursive: true, force: true });
  });

  it(`two processes fire ${ITEMS} due timers: each takes effect once`, async () => {
    const ids = await createDueItems('两个进程');
    expect(await armed()).toBe(ITEMS);
    servers.push(await startServer(env), await startServer(env));
    await waitUntil(async () => (await armed()) === 0, 300);
    expect(await outcome(ids)).toEqual({ fired: ITEMS, twice: 0, waiting: 0 });
    const seconds = await firingSpan(ids);
    console.log(`timers: ${ITEMS} fired by 2 processes within ${seconds.toFixed(1)} s of the first (${(ITEMS / seconds).toFixed(0)}/s), 0 twice, 0 left`);
    await Promise.all(servers.splice(0).map(stopServer));
  }, 400_000);

  it(`a process killed half-way loses none of ${ITEMS} timers, and none fires twice`, async () => {
    const ids = await createDueItems('进程被终止');
    const first = await startServer(env);
    servers.push(first);
    await waitUntil(async () => (await outcome(ids)).fired >= ITEMS / 4, 300);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const atKill = await outcome(ids);
    expect(atKill.fired).toBeLessThan(ITEMS);
    servers.push(await startServer(env));
    const seconds = await waitUntil(async () => (await armed()) === 0, 300);
    expect(await outcome(ids)).toEqual({ fired: ITEMS, twice: 0, waiting: 0 });
    console.log(`timers: killed after ${atKill.fired} of ${ITEMS}; the other process fired the rest ${seconds.toFixed(1)} s after it started (the dead one's claims taken up when their 5 s lease ended), 0 twice, 0 lost`);
  }, 400_000);
});
