// A plain timing harness: no dependency, process.hrtime.bigint for the clock.

/** Nanoseconds since an arbitrary origin. */
const now = () => process.hrtime.bigint();

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value below which p % of the values fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface OpsOptions {
  /** Untimed running before the first round, so the JIT has optimised what is measured. */
  warmupMs: number;
  /** How long one timed round lasts, roughly. */
  roundMs: number;
  rounds: number;
}

/**
 * Ops/sec of each candidate, measured in interleaved rounds (a, b, b, a, a, b, …) so that a
 * slow moment of the machine (another process, a GC, CPU frequency) falls on both alike.
 * Each round calls the function a fixed number of times, chosen so a round lasts roundMs.
 * Returns the ops/sec of every round, per candidate.
 */
export function compareOpsPerSecond(candidates: Record<string, () => unknown>, options: OpsOptions): Record<string, number[]> {
  const names = Object.keys(candidates);
  const iterations: Record<string, number> = {};
  for (const name of names) iterations[name] = calibrate(candidates[name], options.warmupMs, options.roundMs);
  const results: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 ? [...names].reverse() : names;
    for (const name of order) results[name].push(timeRound(candidates[name], iterations[name]));
  }
  return results;
}

/** Runs fn for warmupMs and returns how many calls fill roundMs. */
function calibrate(fn: () => unknown, warmupMs: number, roundMs: number): number {
  const start = now();
  let calls = 0;
  while (now() - start < BigInt(warmupMs) * 1_000_000n) {
    fn();
    calls++;
  }
  return Math.max(1, Math.round((calls * roundMs) / warmupMs));
}

/** Keeps results alive so the JIT cannot drop a call whose result is unused. */
let sink: unknown;

function timeRound(fn: () => unknown, calls: number): number {
  const start = now();
  for (let i = 0; i < calls; i++) sink = fn();
  const seconds = Number(now() - start) / 1e9;
  if (sink === Symbol.for('never')) console.log(sink);
  return calls / seconds;
}
