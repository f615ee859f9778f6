import { execSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import { buildStale } from '../../../scripts/build.mjs';
import { median } from '../timing.js';
import { startChild, withRssSampling, type ChildServer } from './child-server.js';
import { freshPGlite, freshPostgres, type BenchDatabase } from './databases.js';
import { APPLICATION, approvalRequests, createRequest, ItemPool, login, REVIEW, APPROVE } from './engine-requests.js';
import { runLoad, type LoadFigures } from './load.js';
import { BENCH_PACKS_DIR, REPO_ROOT, type ThroughputSettings } from './settings.js';

// Benchmarks P1, P2, P3 and memory of issue 9: the engine's HTTP write path against a bare
// Fastify route doing one INSERT, and against bpmn-engine persisting to the same PostgreSQL.
// Every server runs in a child process; autocannon drives them from this one. Each comparison
// is interleaved (the order turns every run) and repeated; a ratio is taken per repetition
// and the report gives the median.

export const TARGETS = { rateRatio: 0.5, p99Ratio: 3, approvalRatio: 3, pgliteRssMiB: 400 };
/** Items P1's event runs move in turn (engine-requests.ts ItemPool): several per connection at the highest concurrency. */
export const ITEM_POOL = 256;

export type Operation = 'event' | 'create';

export interface RateComparison {
  database: BenchDatabase['label'];
  operation: Operation;
  concurrency: number;
  /** Requests per second answered 2xx, one per repetition. */
  engine: number[];
  bare: number[];
  /** engine / bare, per repetition. */
  ratios: number[];
  /** Events only: the engine's statements replayed by a bare route (sql-replay-server.ts), per repetition, and their ratio to the bare route. */
  replay?: number[];
  replayRatios?: number[];
}

export interface LatencyComparison {
  database: BenchDatabase['label'];
  /** The fixed rate, requests per second: half the engine's highest event rate in P1. */
  rate: number;
  engineP99: number[];
  bareP99: number[];
  /** The rates actually held, to show the fixed rate was kept. */
  engineRate: number[];
  bareRate: number[];
  ratios: number[];
}

export interface ApprovalComparison {
  concurrency: number;
  /** Completed three-step approvals per second, per repetition. */
  engine: number[];
  bpmn: number[];
  ratios: number[];
}

export interface MemoryFigure {
  database: BenchDatabase['label'];
  /** Highest RSS sampled (every 100 ms) while the engine served P1's runs, bytes. */
  underLoad: number;
  /** The process's high-water mark (VmHWM) at the end of P1, start-up included, bytes. */
  highWater: number;
}

export interface ThroughputFigures {
  settings: ThroughputSettings;
  commit: string;
  rates: RateComparison[];
  latencies: LatencyComparison[];
  approvals?: ApprovalComparison;
  memory: MemoryFigure[];
  /** Why a part did not run (no DATABASE_URL). */
  skipped: string[];
  /** The machine, and how busy it was: figures from a loaded machine say little. */
  machine: { cpu: string; cores: number; loadAtStart: number; loadAtEnd: number; date: string };
}

const log = (line: string) => console.log(`    ${line}`);
const rounded = (n: number) => Math.round(n).toLocaleString('en-US');

/** The order of a set of runs turns each time, so a slow moment of the machine falls on all alike. */
const turned = <T>(items: T[], turn: number): T[] => (turn % 2 ? [...items].reverse() : items);

function startEngine(database: BenchDatabase, settings: ThroughputSettings): Promise<ChildServer> {
  const label = database.label.toLowerCase();
  // A folder per engine run, with node's own file names: each thread writes a profile (tsx's
  // loader runs in one of its own), and one --cpu-prof-name would make them overwrite each other.
  // The main thread's is the one whose name has thread id 0: CPU.<date>.<time>.<pid>.0.<seq>.cpuprofile.
  const profile = settings.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${join(settings.cpuProfDir, `engine-${label}-${Date.now()}`)}`] : [];
  return startChild({
    name: `engine (${database.label})`,
    entry: settings.engineEntry,
    nodeFlags: profile,
    env: { ...database.engineEnv, PACKS_DIR: BENCH_PACKS_DIR, SEED_DEMO: 'true', LOG: 'false' },
    readyPath: '/api/auth/me',
  });
}

function startReplay(database: BenchDatabase): Promise<ChildServer> {
  return startChild({ name: `SQL replay (${database.label})`, entry: join(import.meta.dirname, 'sql-replay-server.ts'), env: { ...database.replayEnv, LOG: 'false' }, readyPath: '/ready' });
}

function startBare(database: BenchDatabase): Promise<ChildServer> {
  return startChild({ name: `bare route (${database.label})`, entry: join(import.meta.dirname, 'bare-server.ts'), env: database.bareEnv, readyPath: '/ready' });
}

/** The bare route's request, and the SQL replay's: the same JSON body an event request carries. */
const bareRequest = (path = '/bare'): autocannon.Request => ({ method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(REVIEW) });

/** P1, P2 and memory on one database; P3 as well on PostgreSQL. */
async function measureDatabase(database: BenchDatabase, settings: ThroughputSettings, figures: ThroughputFigures): Promise<void> {
  const { seconds, repetitions } = settings;
  const engine = await startEngine(database, settings);
  let bare: ChildServer | undefined;
  let replay: ChildServer | undefined;
  try {
    bare = await startBare(database);
    replay = await startReplay(database);
    const bareUrl = bare.url;
    const replayUrl = replay.url;
    const cookie = await login(engine.url);
    const pool = new ItemPool(engine.url, cookie, ITEM_POOL);
    await pool.refill();
    let peakUnderLoad = 0;
    const onEngine = async (work: () => Promise<LoadFigures>) => {
      const { result, peakRss } = await withRssSampling(engine, work);
      peakUnderLoad = Math.max(peakUnderLoad, peakRss);
      return result;
    };
    const runs: Record<Operation | 'bare' | 'replay', (connections: number, seconds: number, overallRate?: number) => Promise<LoadFigures>> = {
      event: async (connections, s, overallRate) => {
        try {
          return await onEngine(() => runLoad(`${database.label}, engine, event, ${connections} connections`, { url: engine.url, connections, seconds: s, overallRate, requests: [pool.request()] }));
        } finally {
          await pool.refill();
        }
      },
      create: (connections, s) => onEngine(() => runLoad(`${database.label}, engine, create, ${connections} connections`, { url: engine.url, connections, seconds: s, requests: [createRequest(cookie)] })),
      bare: (connections, s, overallRate) => runLoad(`${database.label}, bare route, ${connections} connections`, { url: bareUrl, connections, seconds: s, overallRate, requests: [bareRequest()] }),
      replay: (connections, s) => runLoad(`${database.label}, SQL replay, ${connections} connections`, { url: replayUrl, connections, seconds: s, requests: [bareRequest('/replay')] }),
    };

    log(`${database.label}: warming up (${settings.warmupSeconds} s each)`);
    for (const run of [runs.bare, runs.event, runs.create, runs.replay]) await run(8, settings.warmupSeconds);

    // P1: events and item creation against the bare route, at each concurrency.
    const rows = new Map<string, RateComparison>();
    const row = (operation: Operation, concurrency: number) => {
      const key = `${operation}/${concurrency}`;
      if (!rows.has(key)) rows.set(key, { database: database.label, operation, concurrency, engine: [], bare: [], ratios: [] });
      return rows.get(key)!;
    };
    let turn = 0;
    for (let rep = 0; rep < repetitions; rep++) {
      for (const c of settings.concurrencies) {
        const got: Partial<Record<Operation | 'bare' | 'replay', number>> = {};
        for (const which of turned(['bare', 'event', 'create', 'replay'] as const, turn++)) got[which] = (await runs[which](c, seconds)).rate;
        for (const operation of ['event', 'create'] as const) {
          const r = row(operation, c);
          r.engine.push(got[operation]!);
          r.bare.push(got.bare!);
          r.ratios.push(got[operation]! / got.bare!);
        }
        const events = row('event', c);
        (events.replay ??= []).push(got.replay!);
        (events.replayRatios ??= []).push(got.replay! / got.bare!);
        log(`P1 ${database.label}, ${c} connections, repetition ${rep + 1}: events ${rounded(got.event!)}/s, creations ${rounded(got.create!)}/s, bare ${rounded(got.bare!)}/s, SQL replay ${rounded(got.replay!)}/s`);
      }
    }
    figures.rates.push(...rows.values());
    figures.memory.push({ database: database.label, underLoad: peakUnderLoad, highWater: engine.peakRss() });

    // P2: p99 at a fixed rate, half the engine's highest event rate.
    const highest = Math.max(...[...rows.values()].filter((r) => r.operation === 'event').map((r) => median(r.engine)));
    const latency: LatencyComparison = { database: database.label, rate: highest / 2, engineP99: [], bareP99: [], engineRate: [], bareRate: [], ratios: [] };
    for (let rep = 0; rep < repetitions; rep++) {
      const got: Partial<Record<'event' | 'bare', LoadFigures>> = {};
      for (const which of turned(['bare', 'event'] as const, turn++)) got[which] = await runs[which](settings.fixedRateConnections, seconds, latency.rate);
      latency.engineP99.push(got.event!.p99Ms);
      latency.bareP99.push(got.bare!.p99Ms);
      latency.engineRate.push(got.event!.rate);
      latency.bareRate.push(got.bare!.rate);
      latency.ratios.push(got.event!.p99Ms / got.bare!.p99Ms);
      log(`P2 ${database.label} at ${rounded(latency.rate)}/s, repetition ${rep + 1}: p99 engine ${got.event!.p99Ms} ms, bare ${got.bare!.p99Ms} ms`);
    }
    figures.latencies.push(latency);

    if (database.url) figures.approvals = await measureApprovals(database, settings, engine.url, cookie);
  } catch (error) {
    // What the servers last said, with the failure: a refusal's cause is often only in their output.
    const said = [engine, bare, replay].filter((c) => c?.recentOutput().trim()).map((c) => `--- ${c!.name} said:\n${c!.recentOutput().trim()}`);
    if (said.length && error instanceof Error) error.message += `\n${said.join('\n')}`;
    throw error;
  } finally {
    await replay?.stop();
    await bare?.stop();
    await engine.stop();
  }
}

/** The bpmn-engine side of P3: one approval is three requests on one connection. */
function bpmnApprovalRequests(approved: { count: number }): autocannon.Request[] {
  type Context = { id?: string };
  const headers = { 'content-type': 'application/json' };
  const step = (task: string, payload: unknown, last: boolean): autocannon.Request => ({
    method: 'POST',
    setupRequest: (request, context) => ({ ...request, path: `/processes/${(context as Context).id}/tasks/${task}`, headers, body: JSON.stringify({ payload }) }),
    ...(last ? { onResponse: (status: number) => void (status === 200 && approved.count++) } : {}),
  });
  return [
    {
      method: 'POST',
      path: '/processes',
      headers,
      body: JSON.stringify({ payload: APPLICATION }),
      onResponse: (status, body, context) => {
        if (status === 201) (context as Context).id = (JSON.parse(body) as { id: string }).id;
      },
    },
    step('review', REVIEW.payload, false),
    step('approve', APPROVE.payload, true),
  ];
}

/** P3: completed approvals per second, the engine against bpmn-engine, on PostgreSQL. */
async function measureApprovals(database: BenchDatabase, settings: ThroughputSettings, engineUrl: string, cookie: string): Promise<ApprovalComparison> {
  const bpmn = await startChild({ name: 'bpmn-engine', entry: join(import.meta.dirname, 'bpmn-server.ts'), env: { BPMN_DATABASE_URL: database.url }, readyPath: '/ready' });
  try {
    const c = settings.approvalConcurrency;
    const approvalsPerSecond = async (side: 'engine' | 'bpmn', s: number) => {
      const approved = { count: 0 };
      const requests = side === 'engine' ? approvalRequests(cookie, approved) : bpmnApprovalRequests(approved);
      const run = await runLoad(`P3, ${side}, ${c} connections`, { url: side === 'engine' ? engineUrl : bpmn.url, connections: c, seconds: s, requests });
      return approved.count / run.seconds;
    };
    await approvalsPerSecond('bpmn', settings.warmupSeconds);
    await approvalsPerSecond('engine', settings.warmupSeconds);
    const figures: ApprovalComparison = { concurrency: c, engine: [], bpmn: [], ratios: [] };
    for (let rep = 0; rep < settings.repetitions; rep++) {
      const got: Partial<Record<'engine' | 'bpmn', number>> = {};
      for (const side of turned(['bpmn', 'engine'] as const, rep)) got[side] = await approvalsPerSecond(side, settings.seconds);
      figures.engine.push(got.engine!);
      figures.bpmn.push(got.bpmn!);
      figures.ratios.push(got.engine! / got.bpmn!);
      log(`P3 repetition ${rep + 1}: engine ${rounded(got.engine!)} approvals/s, bpmn-engine ${rounded(got.bpmn!)} approvals/s`);
    }
    return figures;
  } finally {
    await bpmn.stop();
  }
}

export async function runThroughputBenchmark(settings: ThroughputSettings): Promise<ThroughputFigures> {
  buildStale(); // the engine runs from its build (settings.ts): rebuilt first when the sources changed
  const machine = { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), loadAtStart: loadavg()[0], loadAtEnd: 0, date: new Date().toISOString().slice(0, 10) };
  const figures: ThroughputFigures = { settings, commit: currentCommit(), rates: [], latencies: [], memory: [], skipped: [], machine };
  const databases: Array<() => Promise<BenchDatabase>> = [];
  if (settings.databaseUrl) {
    const url = settings.databaseUrl;
    databases.push(() => freshPostgres(url));
  } else figures.skipped.push('PostgreSQL rows and P3: DATABASE_URL not set');
  databases.push(async () => freshPGlite());
  for (const open of databases) {
    const database = await open();
    try {
      await measureDatabase(database, settings, figures);
    } finally {
      await database.drop();
    }
  }
  machine.loadAtEnd = loadavg()[0];
  return figures;
}

function currentCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
