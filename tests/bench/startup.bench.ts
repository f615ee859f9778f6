import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStale } from '../../scripts/build.mjs';

/**
 * P7 (issue 9): `npm start` ready, i.e. answering its first HTTP request (GET /api/counties),
 * within 8 s on a new database right after `npm install` (which builds the web app and the
 * engine bundle: scripts/build.mjs), and within 2 s restarting on an existing database. Each
 * start is a real `npm start` in a child process on the embedded PGlite database, timed from
 * spawn to the first answer; the fresh start gets a new data folder, the restarts reuse it.
 */
export const STARTUP_TARGETS = { freshMs: 8000, restartMs: 2000 };
const RUNS = Number(process.env.STARTUP_RUNS ?? 3);
const ROOT = new URL('../../', import.meta.url).pathname;

export interface StartupFigures {
  runs: number;
  freshMs: number[];
  restartMs: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** One `npm start` on a data folder: milliseconds to its first answer; stopped after. */
async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SIGNING_KEY_FILE: join(dataDir, '..', 'signing-key'), DATABASE_URL: '', LOG: 'false' },
    stdio: 'ignore',
    detached: true, // its own process group: npm, node and what they start stop together
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before answering`);
      const answered = await fetch(`http://127.0.0.1:${port}/api/counties`).then(
        (r) => r.ok,
        () => false,
      );
      if (answered) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

export async function runStartupBenchmark(): Promise<StartupFigures> {
  buildStale(); // as after npm install: nothing left to build when timing
  const freshMs: number[] = [];
  const restartMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const folder = mkdtempSync(join(tmpdir(), 'renda-startup-'));
    try {
      const dataDir = join(folder, 'pglite');
      freshMs.push(await timeStart(dataDir));
      restartMs.push(await timeStart(dataDir));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  return { runs: RUNS, freshMs, restartMs };
}

export function startupMet(f: StartupFigures): boolean {
  return median(f.freshMs) <= STARTUP_TARGETS.freshMs && median(f.restartMs) <= STARTUP_TARGETS.restartMs;
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The summary rows of BENCHMARKS.md's table. */
export function startupRows(f: StartupFigures, verdict: (met: boolean) => string): string {
  return [
    `| npm start on a new database (after npm install) | ≤ ${s(STARTUP_TARGETS.freshMs)} | ${s(median(f.freshMs))} median | ${verdict(median(f.freshMs) <= STARTUP_TARGETS.freshMs)} |`,
    `| npm start again on that database | ≤ ${s(STARTUP_TARGETS.restartMs)} | ${s(median(f.restartMs))} median | ${verdict(median(f.restartMs) <= STARTUP_TARGETS.restartMs)} |`,
  ].join('\n');
}

export function renderStartupSection(f: StartupFigures, heading: string): string {
  return `## ${heading}

**What:** \`npm start\` in a child process, timed from spawn to the first answer of
\`GET /api/counties\`, on the embedded PGlite database: ${f.runs} times on a new data folder,
each followed by a restart on that folder. \`npm install\` has built the web app and the engine
bundle (\`scripts/build.mjs\`, the prepare script), so \`npm start\` finds nothing to build and
runs \`dist/server/server.js\` with plain node.

| start | median | runs |
|---|---|---|
| new database | ${s(median(f.freshMs))} | ${f.freshMs.map(s).join(', ')} |
| restart | ${s(median(f.restartMs))} | ${f.restartMs.map(s).join(', ')} |

**What bounds it:** a new PGlite folder runs initdb inside WebAssembly; every start compiles
PGlite's WebAssembly and starts its backend, then migrates (a check when up to date), grants the
application role its access, seeds the demo accounts and publishes the packs on disk, which are
skipped when their content hash equals a published version; forms compile on first use.
`;
}
