import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runValidationBenchmark } from './form-validation.bench.js';
import { runKeystrokeBenchmark } from './keystroke/keystroke.bench.js';
import { runLoginTimingBenchmark } from './login-timing.bench.js';
import { runStartupBenchmark, startupMet } from './startup.bench.js';
import { describeMachine } from './machine.js';
import { keystrokeMet, loginTimingMet, renderReport, validationMet, worstMet } from './report.js';
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

console.log('1/6 server validation of a 100-field form (under a minute)…');
const validation = runValidationBenchmark();
for (const r of validation) console.log(`    ${r.payload}: ours ${Math.round(r.oursOps)} ops/s, raw ajv ${Math.round(r.ajvOps)} ops/s, ratio ${(r.oursOps / r.ajvOps).toFixed(2)}`);

console.log('2/6 keystroke to commit on a 300-field form in Chromium (about a minute)…');
const keystroke = await runKeystrokeBenchmark();
console.log(`    per keystroke with the commit spread over its burst: ours ${keystroke.oursPerBurst.median.toFixed(2)} ms, plain rjsf ${keystroke.plainPerBurst.median.toFixed(2)} ms (medians), ratio ${keystroke.ratio.toFixed(1)}`);

console.log('3/6 the worst payloads of the worst forms the publish rules accept (under a minute)…');
const worst = runWorstPayloadBenchmark();
for (const r of worst) console.log(`    ${r.form}, ${r.payload}: ${r.medianMs.toFixed(1)} ms median, ${r.maxMs.toFixed(1)} ms max`);

console.log('4/6 refused logins: known user, unknown user, unknown county (a minute or two)…');
const login = await runLoginTimingBenchmark();
for (const r of login) console.log(`    ${r.database}, ${r.case}: ${r.medianMs.toFixed(1)} ms median, ratio ${r.ratio.toFixed(2)}`);

console.log('5/6 throughput of the write path: P1, P2, P3, memory (up to ten minutes)…');
const throughput = await runThroughputBenchmark(readSettings());

console.log('6/6 P7 npm start on a new database and again on it (under a minute)…');
const startup = await runStartupBenchmark();
console.log(`    new database ${startup.freshMs.map((ms) => Math.round(ms)).join(', ')} ms; restart ${startup.restartMs.map((ms) => Math.round(ms)).join(', ')} ms`);

writeFileSync(REPORT, renderReport(describeMachine(keystroke.chromium), validation, keystroke, worst, login, startup) + '\n' + renderThroughputSection(throughput));
console.log(`wrote ${REPORT}`);
const missed = [
  !validationMet(validation) && 'server validation',
  !keystrokeMet(keystroke) && 'keystroke',
  !worstMet(worst) && 'worst payload',
  !loginTimingMet(login) && 'login timing',
  !throughputMet(throughput) && 'throughput',
  !startupMet(startup) && 'startup (P7)',
].filter(Boolean);
if (missed.length) {
  console.error(`target not met: ${missed.join(', ')}`);
  process.exitCode = 1;
}
