import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderThroughputSection, spliceThroughputSection, throughputMet } from './report.js';
import { readSettings } from './settings.js';
import { runThroughputBenchmark } from './throughput.bench.js';

// Only the throughput section: `npm run bench -- throughput` or `tsx tests/bench/throughput/run.ts`.
// Measures, then replaces the section in BENCHMARKS.md and leaves the rest of the file as it is.

const REPORT = join(import.meta.dirname, '../../../BENCHMARKS.md');

export async function runThroughputSection(): Promise<boolean> {
  const settings = readSettings();
  console.log(`throughput: P1, P2, P3 and memory${settings.quick ? ' (quick mode)' : ''}…`);
  const figures = await runThroughputBenchmark(settings);
  const section = renderThroughputSection(figures);
  writeFileSync(REPORT, spliceThroughputSection(existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '# Benchmarks\n', section));
  console.log(`wrote the throughput section of ${REPORT}`);
  const met = throughputMet(figures);
  if (!met) console.error('target not met: throughput');
  return met;
}

if (process.argv[1] === import.meta.filename) {
  if (!(await runThroughputSection())) process.exitCode = 1;
}
