import { DEMO_PASSWORD } from '../../engine/seed/demo-seed.js';
import { LOGIN_THROTTLE } from '../../engine/auth/login-throttle.js';
import type { StoreOptions } from '../../engine/store/store.js';
import { startTestEngine } from '../support/test-engine.js';
import { median, percentile } from './timing.js';

// `npx tsx tests/bench/login-timing.ts`: how long a refused login takes for a known user with a
// wrong password, an unknown user and an unknown county — they must not differ, or the timing
// tells which user names exist. On PGlite, and on PostgreSQL too when DATABASE_URL is set.
// The integration suite checks the ratio loosely; this gives the figures. Run it on an idle machine.

const ROUNDS = 200;
const CASES = ['known user, wrong password', 'unknown user', 'unknown county'] as const;

async function measure(name: string, options: StoreOptions): Promise<void> {
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
    const attempts: Record<(typeof CASES)[number], (round: number) => ReturnType<typeof login>> = {
      'known user, wrong password': () => login('yunan', 'staff', 'wrong password'),
      'unknown user': (round) => login('yunan', `nobody-${round}`, 'wrong password'),
      'unknown county': (round) => login(`nowhere-${round}`, 'staff', 'wrong password'),
    };
    const times: Record<string, number[]> = Object.fromEntries(CASES.map((c) => [c, []]));
    for (let round = -10; round < ROUNDS; round++) {
      if (round % (LOGIN_THROTTLE.account.maxFailures - 1) === 0) await login('yunan', 'staff', DEMO_PASSWORD);
      // Interleaved, in turning order, so a slow moment of the machine falls on all alike.
      const order = round % 2 ? [...CASES].reverse() : CASES;
      for (const c of order) {
        const started = performance.now();
        const response = await attempts[c](round);
        if (response.statusCode !== 401) throw new Error(`${c}: expected 401, got ${response.statusCode} ${response.body}`);
        if (round >= 0) times[c].push(performance.now() - started); // the first ten warm up
      }
    }
    const known = median(times[CASES[0]]);
    console.log(`\n${name}: ${ROUNDS} refused logins each`);
    console.log('| case | median ms | p90 ms | median / known user |');
    console.log('|---|---|---|---|');
    for (const c of CASES) {
      console.log(`| ${c} | ${median(times[c]).toFixed(1)} | ${percentile(times[c], 90).toFixed(1)} | ${(median(times[c]) / known).toFixed(2)} |`);
    }
  } finally {
    await engine.close();
  }
}

await measure('PGlite', {});
const url = process.env.DATABASE_URL;
if (url) {
  const schema = `bench_login_${Date.now()}`;
  try {
    await measure('PostgreSQL', { databaseUrl: url, schema });
  } finally {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}
