import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runValidationBenchmark } from './form-validation.bench.js';
import { runKeystrokeBenchmark } from './keystroke/keystroke.bench.js';
import { runListLatencyBenchmark, listLatencyMet, type ListLatencyFigures } from './list-latency.bench.js';
import { runLoginTimingBenchmark } from './login-timing.bench.js';
import { runStartupBenchmark, startupMet } from './startup.bench.js';
import { describeMachine } from './machine.js';
import { keystrokeMet, loginTimingMet, renderListLatency, renderReport, validationMet, worstMet } from './report.js';
import { runWorstPayloadBenchmark } from './worst-payload.bench.js';
import { renderThroughputSection, throughputMet } from './throughput/report.js';
import { runThroughputSection } from './throughput/run.js';
import { readSettings } from './throughput/settings.js';
import { runThroughputBenchmark } from './throughput/throughput.bench.js';

// `npm run bench`: runs the benchmarks the forms issues ask for and writes BENCHMARKS.md.
// Not a vitest suite (no *.test.ts), so `npm test` never runs it: it takes minutes and its
// figures depend on the machine. Run it on an otherwise idle machine.

const REPORT = join(import.meta.dirname, '../../BENCHMARKS.md');

// `npm run bench -- throughput`: only the throughput section (P1–P3, memory), spliced into the file.
if (process.argv[2] === 'throughput') process.exit((await runThroughputSection()) ? 0 : 1);

console.log('1/7 server validation of a 100-field form (under a minute)…');
const validation = runValidationBenchmark();
for (const r of validation) console.log(`    ${r.payload}: ours ${Math.round(r.oursOps)} ops/s, raw ajv ${Math.round(r.ajvOps)} ops/s, ratio ${(r.oursOps / r.ajvOps).toFixed(2)}`);

console.log('2/7 keystroke to commit on a 300-field form in Chromium (about a minute)…');
const keystroke = await runKeystrokeBenchmark();
console.log(`    per keystroke with the commit spread over its burst: ours ${keystroke.oursPerBurst.median.toFixed(2)} ms, plain rjsf ${keystroke.plainPerBurst.median.toFixed(2)} ms (medians), ratio ${keystroke.ratio.toFixed(1)}`);

console.log('3/7 the worst payloads of the worst forms the publish rules accept (under a minute)…');
const worst = runWorstPayloadBenchmark();
for (const r of worst) console.log(`    ${r.form}, ${r.payload}: ${r.medianMs.toFixed(1)} ms median, ${r.maxMs.toFixed(1)} ms max`);

console.log('4/7 refused logins: known user, unknown user, unknown county (a minute or two)…');
const login = await runLoginTimingBenchmark();
for (const r of login) console.log(`    ${r.database}, ${r.case}: ${r.medianMs.toFixed(1)} ms median, ratio ${r.ratio.toFixed(2)}`);

console.log('5/7 throughput of the write path: P1, P2, P3, memory (up to ten minutes)…');
const throughput = await runThroughputBenchmark(readSettings());

console.log('6/7 P7 npm start on a new database and again on it (under a minute)…');
const startup = await runStartupBenchmark();
console.log(`    new database ${startup.freshMs.map((ms) => Math.round(ms)).join(', ')} ms; restart ${startup.restartMs.map((ms) => Math.round(ms)).join(', ')} ms`);

const listUrl = process.env.LIST_DATABASE_URL;
let lists: ListLatencyFigures | undefined;
if (listUrl) {
  console.log('7/7 every list at a million items (LIST_DATABASE_URL; a few minutes)…');
  lists = await runListLatencyBenchmark(listUrl);
  for (const r of lists.rows) console.log(`    ${r.list}: ${r.medianMs.toFixed(1)} ms median, ${r.p95Ms.toFixed(1)} ms p95`);
} else console.log('7/7 lists at a million items: skipped, LIST_DATABASE_URL is not set (build one with npm run gen:county)');

writeFileSync(REPORT, renderReport(describeMachine(keystroke.chromium), validation, keystroke, worst, login, startup) + renderListLatency(lists) + '\n' + renderThroughputSection(throughput));
console.log(`wrote ${REPORT}`);
const missed = [
  !validationMet(validation) && 'server validation',
  !keystrokeMet(keystroke) && 'keystroke',
  !worstMet(worst) && 'worst payload',
  !loginTimingMet(login) && 'login timing',
  !throughputMet(throughput) && 'throughput',
  !startupMet(startup) && 'startup (P7)',
  lists && !listLatencyMet(lists) && 'lists at a million items',
].filter(Boolean);
if (missed.length) {
  console.error(`target not met: ${missed.join(', ')}`);
  process.exitCode = 1;
}
