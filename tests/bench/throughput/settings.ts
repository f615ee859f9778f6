import { resolve } from 'node:path';

// How long and how often the throughput benchmarks run, and the switches the lead sets by
// environment: BENCH_QUICK=1 for iteration, BENCH_CPU_PROF=<folder> to profile the engine child,
// DATABASE_URL (or BENCH_DATABASE_URL) for the PostgreSQL rows.

export interface ThroughputSettings {
  quick: boolean;
  /** Interleaved repetitions of every comparison; ratios are per repetition, the table gives the median. */
  repetitions: number;
  /** Seconds of one timed load run. */
  seconds: number;
  /** Seconds of untimed load on each server before the first timed run (JIT, caches, pools). */
  warmupSeconds: number;
  concurrencies: number[];
  /** Connections autocannon holds while it keeps P2's fixed rate. */
  fixedRateConnections: number;
  /** P3's concurrency, the same for both sides. */
  approvalConcurrency: number;
  /** The PostgreSQL the rows marked PostgreSQL run on; the benchmark creates a fresh database beside it. */
  databaseUrl?: string;
  /** Where the engine child writes its CPU profiles (node --cpu-prof), when set. */
  cpuProfDir?: string;
  /** The engine's entry point, started as a child process. */
  engineEntry: string;
}

const REPO = resolve(import.meta.dirname, '../../..');

export function readSettings(env: NodeJS.ProcessEnv = process.env): ThroughputSettings {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  return {
    quick,
    repetitions: quick ? 1 : 3,
    seconds: quick ? 2 : 5,
    warmupSeconds: quick ? 1 : 2,
    concurrencies: [1, 8, 32],
    fixedRateConnections: 16,
    approvalConcurrency: 8,
    databaseUrl: env.BENCH_DATABASE_URL || env.DATABASE_URL || undefined,
    cpuProfDir: env.BENCH_CPU_PROF ? resolve(env.BENCH_CPU_PROF) : undefined,
    // As npm start runs it: the one-file build with plain node (tsx alone adds about 70 MiB and its loader's work).
    engineEntry: resolve(REPO, env.BENCH_ENGINE_ENTRY ?? 'dist/server/server.js'),
  };
}

export const REPO_ROOT = REPO;
/** The pack the engine publishes at start: the bench's three-step approval (county yunan). */
export const BENCH_PACKS_DIR = resolve(REPO, 'tests/bench/packs');
