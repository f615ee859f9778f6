import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackFile } from '../../engine/packs/pack-content.js';
import { packDocument } from '../../engine/packs/pack-file.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { fixturePack } from '../support/fixture-pack.js';
import { startServer, stopServer, type Server } from '../support/server-process.js';

/**
 * Several engine processes on one PostgreSQL, no sticky sessions (README "Several processes"):
 * real servers in child processes on ports of their own, one schema, one signing key. A request
 * may reach either process; the session, the item and the packs are in the database, and a pack
 * version published through one process is heard of (LISTEN/NOTIFY) by the others.
 */
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.log('multi-process test skipped: it needs PostgreSQL (set DATABASE_URL); PGlite is one process\'s own database.');

const ROOT = new URL('../../', import.meta.url).pathname;
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** The fixture pack with a three-step flow that staff drive alone: open → review → done. */
function reviewPack(version: string): PackFile[] {
  const step = (event: string, target: string, zh: string) => ({ [event]: { target, meta: { label: text(zh, event), roles: ['staff'], form: 'decision' } } });
  return fixturePack({
    version,
    flow: {
      id: 'review',
      initial: 'open',
      meta: { title: text(`复核流程 ${version}`, `Review flow ${version}`), start: { roles: ['staff'], form: 'decision' }, listFields: ['note'] },
      states: {
        open: { meta: { label: text('待受理', 'Open'), roles: ['staff'] }, on: step('ACCEPT', 'review', '受理') },
        review: { meta: { label: text('复核中', 'In review'), roles: ['staff'] }, on: step('APPROVE', 'done', '通过') },
        done: { type: 'final', meta: { label: text('完成', 'Done') } },
      },
    },
  });
}

function writePack(root: string, files: PackFile[]): string {
  const folder = join(root, 'fixture');
  for (const file of files) {
    mkdirSync(dirname(join(folder, file.path)), { recursive: true });
    writeFileSync(join(folder, file.path), file.text);
  }
  return root;
}

describe.skipIf(!DATABASE_URL)('several engine processes on one PostgreSQL', () => {
  const schema = `test_mp_${randomBytes(5).toString('hex')}`;
  const folders = mkdtempSync(join(tmpdir(), 'renda-mp-'));
  const env = {
    DATABASE_URL: DATABASE_URL!,
    DATABASE_SCHEMA: schema,
    SIGNING_KEY: randomBytes(32).toString('base64'),
    // Both processes sign checkpoints every second: they race for the same county's next one.
    CHECKPOINT_INTERVAL_SECONDS: '1',
  };
  let a: Server | undefined;
  let b: Server | undefined;

  beforeAll(async () => {
    // B knows only the demo packs; A publishes the fixture pack when it starts, after B is up.
    b = await startServer({ ...env, PACKS_DIR: join(ROOT, 'workflows/packs') });
    a = await startServer({ ...env, PACKS_DIR: writePack(join(folders, 'a'), reviewPack('1.0.0')) });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopServer(a), stopServer(b)]);
    rmSync(folders, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  });

  async function login(server: Server, username: string): Promise<string> {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ county: 'yunan', username, password: 'demo1234' }),
    });
    expect(response.status).toBe(200);
    return response.headers.get('set-cookie')!.split(';')[0];
  }

  async function call(server: Server, cookie: string, method: 'GET' | 'POST', path: string, body?: unknown) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** A pack a process has: polled briefly, since a notice arrives just after the publishing commit. */
  async function latestVersion(server: Server, cookie: string, packId: string, expected: string): Promise<string | undefined> {
    let found: string | undefined;
    for (let attempt = 0; attempt < 50 && found !== expected; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 100));
      const packs = await call(server, cookie, 'GET', '/api/packs');
      found = (packs.body as Array<{ packId: string; version: string }>).find((p) => p.packId === packId)?.version;
    }
    return found;
  }

  it('drives one item through its flow, each request to the other process, with one login cookie', async () => {
    const cookie = await login(a!, 'staff');
    // The pack A published after B had started is B's too.
    expect(await latestVersion(b!, cookie, 'fixture', '1.0.0')).toBe('1.0.0');

    const created = await call(b!, cookie, 'POST', '/api/items', { packId: 'fixture', flowId: 'review', payload: { ok: true, note: '经 B 创建' } });
    expect(created.status).toBe(201);
    const id = created.body.item.id as string;
    expect(created.body.item.packVersion).toBe('1.0.0');

    const steps: Array<[Server, string, string[]]> = [
      [a!, 'ACCEPT', ['review']],
      [b!, 'APPROVE', ['done']],
    ];
    for (const [server, type, paths] of steps) {
      const seen = await call(server, cookie, 'GET', `/api/items/${id}`);
      expect(seen.status).toBe(200);
      expect(seen.body.actions.map((x: { type: string }) => x.type)).toEqual([type]);
      const sent = await call(server, cookie, 'POST', `/api/items/${id}/events`, { type, payload: { ok: true } });
      expect(sent.status).toBe(200);
      expect(sent.body.item.state.paths).toEqual(paths);
    }
    // The version guard holds across processes: a stale event sent to either is refused.
    const late = await call(a!, cookie, 'POST', `/api/items/${id}/events`, { type: 'APPROVE', payload: { ok: true } });
    expect(late.status).toBe(409);

    const trace = await call(a!, cookie, 'GET', `/api/items/${id}/trace`);
    expect(trace.body.events.map((e: { type: string }) => e.type)).toEqual(['xstate.init', 'ACCEPT', 'APPROVE']);
    expect(trace.body.integrity).toMatchObject({ valid: true, problems: [] });
  });

  it('a version published through a third process is used by both, for new items and for their events', async () => {
    const third = await startServer({ ...env, PACKS_DIR: writePack(join(folders, 'c'), reviewPack('1.1.0')) });
    await stopServer(third);
    const cookie = await login(b!, 'staff');
    expect(await latestVersion(a!, cookie, 'fixture', '1.1.0')).toBe('1.1.0');
    expect(await latestVersion(b!, cookie, 'fixture', '1.1.0')).toBe('1.1.0');

    const created = await call(a!, cookie, 'POST', '/api/items', { packId: 'fixture', flowId: 'review', payload: { ok: true } });
    expect(created.body.item.packVersion).toBe('1.1.0');
    const accepted = await call(b!, cookie, 'POST', `/api/items/${created.body.item.id}/events`, { type: 'ACCEPT', payload: { ok: true } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.item.state.paths).toEqual(['review']);
  });

  it('a version the administrator publishes over HTTP on one process is used by the other at once, without a restart', async () => {
    const { content } = validatePack(reviewPack('1.2.0'));
    const admin = await login(a!, 'admin');
    const published = await call(a!, admin, 'POST', '/api/admin/packs', packDocument(content!));
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const cookie = await login(b!, 'staff');
    expect(await latestVersion(b!, cookie, 'fixture', '1.2.0')).toBe('1.2.0');

    const created = await call(b!, cookie, 'POST', '/api/items', { packId: 'fixture', flowId: 'review', payload: { ok: true, note: '经 A 发布、在 B 创建' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.item.packVersion).toBe('1.2.0');
    const accepted = await call(a!, cookie, 'POST', `/api/items/${created.body.item.id}/events`, { type: 'ACCEPT', payload: { ok: true } });
    expect(accepted.status).toBe(200);
  });

  it('both processes signing checkpoints every second keep one valid chain', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const cookie = await login(b!, 'auditor');
    const verified = await call(a!, cookie, 'POST', '/api/audit/verify', {});
    expect(verified.status).toBe(200);
    expect(verified.body.problems).toEqual([]);
    expect(verified.body.valid).toBe(true);
    expect(verified.body.checkpoints).toBeGreaterThanOrEqual(1);
    // Neither process logged a failure (a lost race is not one).
    expect([...a!.output, ...b!.output].join('')).not.toMatch(/error|失败/i);
  });
});
