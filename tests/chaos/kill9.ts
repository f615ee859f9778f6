/**
 * npm run chaos: nothing acknowledged is ever lost, and no crash leaves a record that fails
 * verification. The real server (engine/server.ts) runs as a child process under load — eight
 * clients creating Yunan suggestions and moving them through triage, handling and rating, with
 * checkpoints signed every second — and is killed with SIGKILL at a random moment, then started
 * again on the same database. After each restart every acknowledged event (a 2xx answer) must be
 * in its item's trace, and every item touched must verify as intact.
 *
 * PGlite in a temporary folder always; PostgreSQL too when DATABASE_URL is set (a fresh database
 * on that server, dropped afterwards). CHAOS_ROUNDS sets the crashes per database (default 10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { RecordKeys } from '../../engine/record/record-keys.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { intake, reply, satisfied } from '../support/yunan-payloads.js';

const ROUNDS = Number(process.env.CHAOS_ROUNDS ?? 10);
const CLIENTS = 8;
const PORT = 3900 + Math.floor(Math.random() * 90);
const ROOT = resolve(import.meta.dirname, '../..');
const BASE = `http://127.0.0.1:${PORT}`;

interface Target {
  name: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** What the clients were told was stored: per item, the events acknowledged (seq → type). */
const acknowledged = new Map<string, Map<number, string>>();
/** Answers of 500 and above while the server was up: there must be none. */
let serverErrors = 0;

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'engine/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(PORT), HOST: '127.0.0.1', CHECKPOINT_INTERVAL_SECONDS: '1', LOG: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveReady, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 180_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('running at')) {
        clearTimeout(timer);
        resolveReady(child);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${output}`));
    });
  });
}

async function login(username: string): Promise<string> {
  const response = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ county: 'yunan', username, password: DEMO_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie')!.split(';')[0];
}

/** What the item endpoints answer with, as far as this run reads it. */
interface Accepted {
  item: { id: string };
  event: { seq: number; type: string };
}

async function post(cookie: string, path: string, body: unknown): Promise<Accepted | undefined> {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  if (response.status >= 200 && response.status < 300) return response.json();
  if (response.status >= 500) {
    serverErrors++;
    console.error(`${path}: ${response.status} ${await response.text()}`);
  }
  return undefined;
}

function acknowledge(itemId: string, seq: number, type: string) {
  if (!acknowledged.has(itemId)) acknowledged.set(itemId, new Map());
  acknowledged.get(itemId)!.set(seq, type);
}

/** One client: suggestions through their whole flow, one after another, until the server dies. */
async function client(deputy: string, staff: string): Promise<void> {
  for (;;) {
    const created = await post(deputy, '/api/items', { packId: 'yunan-suggestions', flowId: 'suggestion', stationId: 'ducheng-central', payload: intake('混沌测试') });
    if (!created) continue;
    const id = created.item.id;
    acknowledge(id, created.event.seq, created.event.type);
    for (const [cookie, type, payload] of [
      [staff, 'TRIAGE', { mechanism: 'micro', triageOpinion: '请代表马上办理' }],
      [deputy, 'HANDLE', reply],
      [deputy, 'RATE', satisfied],
    ] as const) {
      const sent = await post(cookie, `/api/items/${id}/events`, { type, payload });
      if (!sent) break;
      acknowledge(id, sent.event.seq, sent.event.type);
    }
  }
}

/** Every acknowledged event still there, every item intact, and the county's signed checkpoints all hold. */
async function check(auditor: string): Promise<{ events: number; missing: number; broken: number; checkpoints: number }> {
  let events = 0;
  let missing = 0;
  let broken = 0;
  for (const [itemId, acked] of acknowledged) {
    const response = await fetch(`${BASE}/api/items/${itemId}/trace`, { headers: { cookie: auditor } });
    const trace = response.status === 200 ? await response.json() : { events: [], integrity: { valid: false } };
    const stored = new Map<number, string>(trace.events.map((e: { seq: number; type: string }) => [e.seq, e.type]));
    for (const [seq, type] of acked) {
      events++;
      if (stored.get(seq) !== type) missing++;
    }
    if (!trace.integrity.valid) broken++;
  }
  const verdict = await fetch(`${BASE}/api/audit/verify`, { method: 'POST', headers: { cookie: auditor, 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json());
  if (!verdict.valid) broken++;
  return { events, missing, broken, checkpoints: verdict.checkpoints };
}

async function runTarget(target: Target): Promise<{ rounds: number; events: number; missing: number; broken: number; checkpoints: number }> {
  acknowledged.clear();
  serverErrors = 0;
  let server = await startServer(target.env);
  let result = { events: 0, missing: 0, broken: 0, checkpoints: 0 };
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const [deputy, staff] = [await login('deputy'), await login('staff')];
      // A client stops when its connection is cut by the kill (fetch fails).
      const load = Array.from({ length: CLIENTS }, () => client(deputy, staff).catch(() => undefined));
      await new Promise((r) => setTimeout(r, 2000 + Math.random() * 4000));
      server.kill('SIGKILL');
      await Promise.all(load);
      server = await startServer(target.env);
      result = await check(await login('auditor'));
      console.log(
        `${target.name} round ${round}: acknowledged ${result.events} events over ${acknowledged.size} items; missing ${result.missing}; ` +
          `failing verification ${result.broken} (items, and the county's ${result.checkpoints} signed checkpoints)`,
      );
    }
  } finally {
    server.kill('SIGKILL');
    await target.cleanup();
  }
  return { rounds: ROUNDS, ...result };
}

const signingKey = RecordKeys.newSecret();
const targets: Target[] = [];
const folder = mkdtempSync(join(tmpdir(), 'renda-chaos-'));
targets.push({
  name: 'PGlite',
  env: { DATA_DIR: join(folder, 'pglite'), SIGNING_KEY: signingKey, DATABASE_URL: '' },
  cleanup: async () => rmSync(folder, { recursive: true, force: true }),
});
if (process.env.DATABASE_URL) {
  const admin = process.env.DATABASE_URL;
  const name = `renda_chaos_${Date.now()}`;
  const url = new URL(admin);
  url.pathname = `/${name}`;
  targets.push({
    name: 'PostgreSQL',
    env: { DATABASE_URL: url.toString(), SIGNING_KEY: signingKey },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  });
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
} else {
  console.log('DATABASE_URL is not set: the chaos run uses PGlite only.');
}

let failed = false;
for (const target of targets) {
  const { rounds, events, missing, broken, checkpoints } = await runTarget(target);
  console.log(
    `\n${target.name}: ${rounds} kill -9 rounds, ${events} acknowledged events, ${missing} missing, ` +
      `${broken} failing verification (items or the ${checkpoints} signed checkpoints), ${serverErrors} answers of 5xx`,
  );
  if (missing || broken || serverErrors || !events) failed = true;
}
process.exit(failed ? 1 : 0);
