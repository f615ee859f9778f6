import { median } from '../timing.js';
import { ITEM_POOL, TARGETS, type ThroughputFigures } from './throughput.bench.js';

// The throughput section of BENCHMARKS.md (P1, P2, P3 and memory of issue 9). Between the
// markers below, so that `npm run bench -- throughput` can replace just this section.

export const SECTION_START = '<!-- throughput:start -->';
export const SECTION_END = '<!-- throughput:end -->';

const perSecond = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) => n.toFixed(2);
const mib = (bytes: number) => Math.round(bytes / 2 ** 20).toLocaleString('en-US');
const verdict = (met: boolean | undefined) => (met === undefined ? '**not measured**' : met ? '**met**' : '**not met**');
/** A rate actually held during a fixed-rate run, marked when it fell short of the rate asked for. */
const held = (asked: number) => (n: number) => (n < 0.9 * asked ? `${perSecond(n)} *not held*` : perSecond(n));
const each = (values: number[], format: (n: number) => string) => values.map(format).join(' · ');

export interface ThroughputVerdicts {
  events?: boolean;
  creation?: boolean;
  latency?: boolean;
  approvals?: boolean;
  memory?: boolean;
}

/** Each target's verdict; undefined where it was not measured (PostgreSQL without DATABASE_URL). */
export function throughputVerdicts(figures: ThroughputFigures): ThroughputVerdicts {
  const onBoth = figures.rates.some((r) => r.database === 'PostgreSQL') && figures.rates.some((r) => r.database === 'PGlite');
  const rateMet = (operation: string) => (onBoth ? figures.rates.filter((r) => r.operation === operation).every((r) => median(r.ratios) >= TARGETS.rateRatio) : undefined);
  const pglite = figures.memory.find((m) => m.database === 'PGlite');
  return {
    events: rateMet('event'),
    creation: rateMet('create'),
    latency: figures.latencies.length === 2 ? figures.latencies.every((l) => median(l.ratios) <= TARGETS.p99Ratio) : undefined,
    approvals: figures.approvals ? median(figures.approvals.ratios) >= TARGETS.approvalRatio : undefined,
    memory: pglite ? pglite.underLoad <= TARGETS.pgliteRssMiB * 2 ** 20 : undefined,
  };
}

export function throughputMet(figures: ThroughputFigures): boolean {
  return Object.values(throughputVerdicts(figures)).every((v) => v === true);
}

/** The lowest median ratio of an operation, over databases and concurrencies, with where it was. */
function worstRate(figures: ThroughputFigures, operation: string): string {
  const rows = figures.rates.filter((r) => r.operation === operation);
  if (!rows.length) return '—';
  const worst = rows.reduce((a, b) => (median(b.ratios) < median(a.ratios) ? b : a));
  return `${ratio(median(worst.ratios))} (${worst.database}, ${worst.concurrency} connections)`;
}

export function renderThroughputSection(figures: ThroughputFigures): string {
  const { settings } = figures;
  const v = throughputVerdicts(figures);
  const worstLatency = figures.latencies.length ? figures.latencies.reduce((a, b) => (median(b.ratios) > median(a.ratios) ? b : a)) : undefined;
  const pglite = figures.memory.find((m) => m.database === 'PGlite');
  return `${SECTION_START}
## 7. Throughput of the engine's write path (P1, P2, P3, memory)

Written by \`npm run bench\`, or alone by \`npm run bench -- throughput\` (tests/bench/throughput/),
which replaces only this section. Commit ${figures.commit}, ${figures.machine.date}; ${settings.repetitions} repetition${settings.repetitions > 1 ? 's' : ''} of ${settings.seconds} s runs${settings.quick ? ' — **quick mode (BENCH_QUICK=1): indicative only**' : ''}.
Machine: ${figures.machine.cpu}, ${figures.machine.cores} cores; one-minute load average ${figures.machine.loadAtStart.toFixed(1)} at the start
and ${figures.machine.loadAtEnd.toFixed(1)} at the end (well under the number of cores on an idle machine; above it, other work shared the cores and the figures are noisy).
${figures.skipped.map((s) => `\nNot run: ${s}.\n`).join('')}
| target | result | |
|---|---|---|
| P1 events/s through the API ≥ ${TARGETS.rateRatio} × the bare route's INSERTs/s (every database and concurrency) | lowest ${worstRate(figures, 'event')} | ${verdict(v.events)} |
| P1 item creations/s ≥ ${TARGETS.rateRatio} × the bare route's INSERTs/s | lowest ${worstRate(figures, 'create')} | ${verdict(v.creation)} |
| P2 p99 at half the engine's highest event rate ≤ ${TARGETS.p99Ratio} × the bare route's p99 at that rate | ${worstLatency ? `highest ${ratio(median(worstLatency.ratios))}× (${worstLatency.database})` : '—'} | ${verdict(v.latency)} |
| P3 three-step approvals/s ≥ ${TARGETS.approvalRatio} × bpmn-engine persisting to PostgreSQL | ${figures.approvals ? `${ratio(median(figures.approvals.ratios))}×` : '—'} | ${verdict(v.approvals)} |
| Memory: the engine's peak RSS under P1's load, PGlite ≤ ${TARGETS.pgliteRssMiB} MiB | ${pglite ? `${mib(pglite.underLoad)} MiB` : '—'} | ${verdict(v.memory)} |

**How.** Each server runs in a child process of its own (\`node --import tsx\`), so the load
generator — autocannon, driven from the benchmark's process — never shares its event loop; all
share the machine's cores and the database, as in production on one machine. The engine is
\`engine/server.ts\` as \`npm start\` runs it (session cookie, row-level security, checks, form
validation, transition, sealed event and item in one transaction; checkpoints on their timer),
on a fresh database, publishing the bench pack \`tests/bench/packs/bench-approval\` at start. On
PostgreSQL the benchmark creates a database beside \`DATABASE_URL\`'s (\`<name>_throughput\`) and
drops it at the end; on PGlite the engine and the bare route each have a file-backed folder
of their own. Runs are interleaved — at each concurrency the bare route, events and creations,
in an order that turns every time — so a slow moment of the machine falls on all alike; each
ratio is taken within one repetition and the tables give the median. A run fails the whole
benchmark if any request answers non-2xx, errors or times out: a fast refusal is not
throughput.

**Requests**, as the web app sends them: JSON, the session cookie of a staff account, and a
fresh \`Idempotency-Key\` on every submit. *Creation*: \`POST /api/items\`, the flow's start form
(four fields, Chinese text). *Event*: \`POST /api/items/:id/events\`, each a real transition of
the approval flow with a form: an item awaiting review is reviewed (REVIEW), a reviewed one is
returned for review (RETURN). ${ITEM_POOL} items created before the runs take events in turn (a request
takes the first free item and puts it back when answered), so no two requests in flight name
the same item — no version conflicts — and an item's data keeps its size however many events
it takes; every event changes the item's state, as a real step does, rather than a self-loop
that would leave the state and its indexes untouched. Items whose request was cut off at the
end of a run are dropped and replaced.

**Baseline** (bare-server.ts): a Fastify route that writes the request's JSON body as one row
(uuid key, text, jsonb, timestamp) with a single-row \`INSERT … RETURNING id\` in autocommit —
INSERT + COMMIT — through the engine's own kysely dialects: the same pg pool (engine/store/
dialects/postgres-dialect.ts) on the same PostgreSQL database, and the same serial PGlite
driver (serial-pglite-dialect.ts) on PGlite. It answers 201 with the id.

### P1: requests per second (2xx), engine against the bare route

| database | request | connections | engine, /s | bare route, /s | ratio | ratio per repetition |
|---|---|---|---|---|---|---|
${figures.rates
  .map((r) => `| ${r.database} | ${r.operation === 'event' ? 'event' : 'create item'} | ${r.concurrency} | ${perSecond(median(r.engine))} | ${perSecond(median(r.bare))} | ${ratio(median(r.ratios))} | ${each(r.ratios, ratio)} |`)
  .join('\n')}

### P2: p99 latency at a fixed rate

autocannon's \`overallRate\` over ${settings.fixedRateConnections} connections holds both servers at half the engine's highest
median event rate of P1 on that database; events against the bare route's INSERT.

| database | rate, /s | engine p99, ms | bare route p99, ms | ratio | rates held (engine / bare), /s |
|---|---|---|---|---|---|
${figures.latencies
  .map((l) => `| ${l.database} | ${perSecond(l.rate)} | ${each(l.engineP99, String)} | ${each(l.bareP99, String)} | ${ratio(median(l.ratios))} | ${each(l.engineRate, held(l.rate))} / ${each(l.bareRate, held(l.rate))} |`)
  .join('\n')}

A rate marked *not held* fell more than 10% short of the fixed rate: the server could not keep
up at that rate (autocannon's connections wait for answers), and its p99 is that of a server
past its limit.

### P3: the three-step approval against bpmn-engine

One approval is three requests on one connection, in turn: start, review, approve. The engine:
create an item of \`bench-approval/approval\`, REVIEW, APPROVE (each with its form). bpmn-engine
(bpmn-server.ts, approval.bpmn: start event, two user tasks, end event) behind Fastify: start
executes a new process and saves \`getState()\` as jsonb; each task step loads that row,
\`recover()\`s and \`resume()\`s the process, signals the waiting task and saves the new state —
the way bpmn-engine is made durable. It checks less than the engine (no session, roles, form
validation, history, hash chain or version guard). Both on the same PostgreSQL database, with
the same pool settings, ${figures.approvals?.concurrency ?? settings.approvalConcurrency} connections.

${
  figures.approvals
    ? `| engine, approvals/s | bpmn-engine, approvals/s | ratio | ratio per repetition |
|---|---|---|---|
| ${perSecond(median(figures.approvals.engine))} | ${perSecond(median(figures.approvals.bpmn))} | ${ratio(median(figures.approvals.ratios))} | ${each(figures.approvals.ratios, ratio)} |`
    : 'Not run: it needs PostgreSQL (DATABASE_URL).'
}

### Memory

The engine process's resident set, sampled every 100 ms while it served P1's runs, and its
high-water mark (VmHWM) at the end of P1, which includes start-up (migrations, pack publishing).

| database | peak RSS under load, MiB | high-water mark, MiB |
|---|---|---|
${figures.memory.map((m) => `| ${m.database} | ${mib(m.underLoad)} | ${mib(m.highWater)} |`).join('\n')}

**What bounds P1 and P2** (profiles of the engine under this load, \`--cpu-prof\`; EXPLAIN of its
statements). An event was seventeen round trips to the database and is now three — the session
(\`session_user_of\`), the item, and one statement that moves the item under the version guard
and writes the event, the search row and the draft's removal (docs/adr/0009) — plus one for the
Idempotency-Key the web app sends; a creation is two. Measured in one process on an idle machine
(\`app.inject\`, 8 at a time, PostgreSQL), that took the engine from about 225 to about 330 events/s
and its own CPU from about 4.2 to 3.0 ms per event. What is left is spread thin, with no single hot
spot: Fastify and its hooks (cookie, security headers, the request guard, JSON schemas), kysely
building and renaming each statement, ajv, the XState transition and snapshot restore, SHA-256 and
the HMAC seal over the canonical JSON of the whole event, quoting the statement's values, and an
answer that carries the item's data and the forms of its next actions. In PostgreSQL the event's
row is large (the snapshot is written to \`items\` and again to \`events\`) and every index on
\`items\` is rewritten on each event. The bare route does one small INSERT and none of this, so
on two cores shared by the load generator, the engine and the database the ratio stays far below
0.5; reaching it needs the per-request work cut several times over (a compiled statement for the
hot path instead of kysely, the event's snapshot not stored twice, a leaner answer), which is the
next step. Each event also adds its changes to the county's item counts (\`item_counts\`, docs/adr/0010):
a small upsert of the rows whose state changed, measured at about a tenth of the event's cost in
quick runs.

Repetitions used to slow down as a run went on (PostgreSQL at one connection 323 → 106 → 68 events/s,
P3 at 0.5×). Neither PGlite nor this machine's PostgreSQL runs autovacuum, so the events table was
never analyzed: with thousands of one user's events the planner still guessed one row, took that
user's index for the Idempotency-Key lookup (the same estimated cost as the unique index) and read
every one of them, 4.9 ms instead of 0.03 ms. The engine now counts the rows each event writes and,
where no autovacuum runs, analyzes \`events\` and vacuums and analyzes \`items\` and \`item_counts\`
as their owner past autovacuum's own threshold (engine/store/table-maintenance.ts), checked every 10 s.
On PGlite that work holds the one connection while it runs, which shows in P2's p99 there.
PGlite runs in the engine's own event loop, so every statement's work is the engine's.

**Profiling.** \`BENCH_CPU_PROF=<folder>\` starts the engine child with \`node --cpu-prof\` into that
folder: a folder per database, \`engine-<database>-<time>/\`, written when the engine exits at the end of its
runs; the engine's main thread is the profile whose thread id is 0 (\`CPU.<date>.<time>.<pid>.0.<n>.cpuprofile\`);
\`BENCH_QUICK=1\` runs one repetition of 2 s runs, for iteration.
${SECTION_END}
`;
}

/** BENCHMARKS.md with its throughput section replaced (or added at the end). */
export function spliceThroughputSection(report: string, section: string): string {
  const start = report.indexOf(SECTION_START);
  const end = report.indexOf(SECTION_END);
  if (start === -1 || end === -1) return `${report.trimEnd()}\n\n${section}`;
  return report.slice(0, start) + section.trimEnd() + report.slice(end + SECTION_END.length);
}
