import { DEFAULT_PACKS_DIR, startEngine } from '../../engine/engine.js';
import { login } from '../support/test-engine.js';
import { BENCH_SIGNING_SECRET } from './county/county-people.js';
import { RARE_TERMS } from './county/county-text.js';
import { median, percentile } from './timing.js';

// Benchmark 5 (P6): every list the web app uses, over HTTP (app.inject: routing, session,
// query, serialisation), on the county built by `npm run gen:county` (a million items). Needs
// LIST_DATABASE_URL, the owner's URL of that database; without it the benchmark is skipped and
// says so. Each request runs LIST_RUNS times after LIST_WARMUP unmeasured runs.

export const LIST_RUNS = Number(process.env.LIST_RUNS ?? 20);
export const LIST_WARMUP = 3;
/** Every list answers within this (median and p95) at a million items. */
export const LIST_TARGET_MS = 100;

export interface ListLatencyRow {
  list: string;
  url: string;
  user: string;
  medianMs: number;
  p95Ms: number;
  /** The total the list answered (and whether it is the cap, "10,000+"); the board counts nothing. */
  total?: string;
}

export interface ListLatencyFigures {
  items: number;
  events: number;
  rows: ListLatencyRow[];
}

const COUNTY = 'yunan';

/** The lists, each as the web app asks for it and as whom (users from tests/bench/county/county-people.ts). */
const LISTS: Array<{ list: string; user: string; url: string }> = [
  { list: 'inbox, station liaison (staff)', user: 'staff-001', url: '/api/inbox' },
  { list: 'inbox, a unit member (its assigned work)', user: 'dept-1', url: '/api/inbox' },
  { list: 'items, a unit member (assigned or acted on)', user: 'dept-1', url: '/api/items' },
  { list: 'items, a unit member, done', user: 'dept-1', url: '/api/items?status=done' },
  { list: 'inbox, liaison who supervises assignments', user: 'staff-002', url: '/api/inbox?flow=suggestion&state=major.handling' },
  { list: 'inbox, deputy (creator-only rating)', user: 'deputy-001a', url: '/api/inbox' },
  { list: 'inbox, one state tab, page 3', user: 'dept-1', url: '/api/inbox?flow=suggestion&state=general.handling&page=3' },
  { list: 'items, no filter', user: 'auditor-1', url: '/api/items' },
  { list: 'items, page 50', user: 'auditor-1', url: '/api/items?page=50' },
  { list: 'items by pack', user: 'auditor-1', url: '/api/items?pack=yunan-suggestions' },
  { list: 'items by flow', user: 'auditor-1', url: '/api/items?flow=visit' },
  { list: 'items by state', user: 'auditor-1', url: '/api/items?state=general.handling' },
  { list: 'items by station', user: 'auditor-1', url: '/api/items?station=station-042' },
  { list: 'items by status', user: 'auditor-1', url: '/api/items?status=active' },
  { list: 'items by creator', user: 'auditor-1', url: '/api/items?createdBy=u-deputy-042a' },
  { list: 'items created in a month', user: 'auditor-1', url: `/api/items?from=${monthAgo(3)}&to=${monthAgo(2)}` },
  { list: 'items by actor', user: 'auditor-1', url: '/api/items?actor=u-staff-042' },
  { list: 'search, common Chinese term', user: 'auditor-1', url: `/api/items?q=${encodeURIComponent('村道')}` },
  { list: 'search, rare Chinese term', user: 'auditor-1', url: `/api/items?q=${encodeURIComponent(RARE_TERMS[0])}` },
  { list: 'search, term found nowhere', user: 'auditor-1', url: `/api/items?q=${encodeURIComponent('九星湖')}` },
  { list: 'search + station + status', user: 'auditor-1', url: `/api/items?q=${encodeURIComponent('路灯')}&station=station-042&status=done` },
  { list: 'public board of a station', user: '', url: `/api/public/counties/${COUNTY}/stations/station-042/board` },
];

function monthAgo(months: number): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months, 1);
  return d.toISOString().slice(0, 10) + 'T00:00:00Z';
}

export async function runListLatencyBenchmark(databaseUrl: string): Promise<ListLatencyFigures> {
  const engine = await startEngine({ databaseUrl, signingSecret: BENCH_SIGNING_SECRET, packsDir: DEFAULT_PACKS_DIR, seed: true });
  try {
    const sizes = await engine.store.inCounty(COUNTY, async (trx) => ({
      items: Number((await trx.selectFrom('items').select((eb) => eb.fn.countAll<string>().as('n')).where('countyId', '=', COUNTY).executeTakeFirstOrThrow()).n),
      events: Number((await trx.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('countyId', '=', COUNTY).executeTakeFirstOrThrow()).n),
    }));
    const cookies = new Map<string, string>();
    const rows: ListLatencyRow[] = [];
    for (const { list, user, url } of LISTS) {
      if (user && !cookies.has(user)) cookies.set(user, await login(engine.app, COUNTY, user));
      const headers = user ? { cookie: cookies.get(user)! } : {};
      const times: number[] = [];
      let body: { total?: number; totalIsLowerBound?: boolean } = {};
      for (let i = 0; i < LIST_WARMUP + LIST_RUNS; i++) {
        const started = performance.now();
        const response = await engine.app.inject({ method: 'GET', url, headers });
        const elapsed = performance.now() - started;
        if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
        if (i >= LIST_WARMUP) times.push(elapsed);
        body = response.json();
      }
      const total = body.total === undefined ? undefined : `${body.total.toLocaleString('en-US')}${body.totalIsLowerBound ? '+' : ''}`;
      rows.push({ list, url, user, medianMs: median(times), p95Ms: percentile(times, 95), total });
    }
    return { ...sizes, rows };
  } finally {
    await engine.close();
  }
}

export function listLatencyMet(figures: ListLatencyFigures): boolean {
  return figures.rows.every((r) => r.p95Ms <= LIST_TARGET_MS);
}

// Alone: LIST_DATABASE_URL=postgres://… npx tsx tests/bench/list-latency.bench.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.LIST_DATABASE_URL;
  if (!url) console.log('skipped: set LIST_DATABASE_URL to a database built by npm run gen:county');
  else for (const r of (await runListLatencyBenchmark(url)).rows) console.log(`${r.list.padEnd(42)} ${r.medianMs.toFixed(1).padStart(7)} ms median ${r.p95Ms.toFixed(1).padStart(7)} ms p95  total ${r.total ?? '-'}`);
}
