import pg from 'pg';
import { LOGIN_THROTTLE } from '../../engine/auth/login-throttle.js';
import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import type { StoreOptions } from '../../engine/store/store.js';
import { startTestEngine } from '../support/test-engine.js';
import { median, percentile } from './timing.js';

// Benchmark 4: how long a refused login takes for a known user with a wrong password, an unknown
// user and an unknown county. They must not differ, or the timing tells which user names exist.
// On PGlite, and on PostgreSQL too when DATABASE_URL is set. The integration suite checks the
// ratio loosely; this gives the figures.

export const LOGIN_ROUNDS = 200;
/** Each other case's median within this fraction of the known user's. */
export const LOGIN_TARGET = 0.1;
export const LOGIN_CASES = ['known user, wrong password', 'unknown user', 'unknown county'] as const;

export interface LoginTimingRow {
  database: string;
  case: (typeof LOGIN_CASES)[number];
  medianMs: number;
  p90Ms: number;
  /** Median over the known user's median. */
  ratio: number;
}

async function measure(database: string, options: StoreOptions): Promise<LoginTimingRow[]> {
  const engine = await startTestEngine(options);
  try {
    let address = 0;
    // Every attempt from an address of its own, and a success now and then, keep both throttling walls out of the way.
    const login = (county: string, username: string, password: string) => {
      address++;
      return engine.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
        payload: { county, username, password },
      });
    };
    const attempts: Record<(typeof LOGIN_CASES)[number], (round: number) => ReturnType<typeof login>> = {
      'known user, wrong password': () => login('yunan', 'staff', 'wrong password'),
      'unknown user': (round) => login('yunan', `nobody-${round}`, 'wrong password'),
      'unknown county': (round) => login(`nowhere-${round}`, 'staff', 'wrong password'),
    };
    const times: Record<string, number[]> = Object.fromEntries(LOGIN_CASES.map((c) => [c, []]));
    for (let round = -10; round < LOGIN_ROUNDS; round++) {
      if (round % (LOGIN_THROTTLE.account.maxFailures - 1) === 0) await login('yunan', 'staff', DEMO_PASSWORD);
      // Interleaved, in turning order, so a slow moment of the machine falls on all alike.
      const order = round % 2 ? [...LOGIN_CASES].reverse() : LOGIN_CASES;
      for (const c of order) {
        const started = performance.now();
        const response = await attempts[c](round);
        if (response.statusCode !== 401) throw new Error(`${c}: expected 401, got ${response.statusCode} ${response.body}`);
        if (round >= 0) times[c].push(performance.now() - started); // the first ten warm up
      }
    }
    const known = median(times[LOGIN_CASES[0]]);
    return LOGIN_CASES.map((c) => ({ database, case: c, medianMs: median(times[c]), p90Ms: percentile(times[c], 90), ratio: median(times[c]) / known }));
  } finally {
    await engine.close();
  }
}

export async function runLoginTimingBenchmark(): Promise<LoginTimingRow[]> {
  const rows = await measure('PGlite', {});
  const url = process.env.DATABASE_URL;
  if (!url) return rows;
  const schema = `bench_login_${Date.now()}`;
  try {
    return [...rows, ...(await measure('PostgreSQL', { databaseUrl: url, schema }))];
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}
