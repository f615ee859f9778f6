import { VALIDATION_FIELDS, VALIDATION_OPTIONS, VALIDATION_TARGET, type ValidationRow } from './form-validation.bench.js';
import { BURST, GAP_MS, WARMUP, KEYSTROKE_FIELDS, KEYSTROKE_TARGET, KEYSTROKES, type KeystrokeFigures } from './keystroke/keystroke.bench.js';
import type { Machine } from './machine.js';
import { BODY_LIMIT, WORST_ROUNDS, WORST_TARGET_MS, type WorstRow } from './worst-payload.bench.js';
import { LOGIN_ROUNDS, LOGIN_TARGET, type LoginTimingRow } from './login-timing.bench.js';
import { renderStartupSection, startupRows, type StartupFigures } from './startup.bench.js';
import { LIST_RUNS, LIST_TARGET_MS, LIST_WARMUP, listLatencyMet, type ListLatencyFigures } from './list-latency.bench.js';
import { MAX_CHECKS, MAX_EXPANDED_PARTS, MAX_UNIQUE_ITEMS_COMPARED } from '../../forms/schema-safety.js';
import { MAX_PAYLOAD_DEPTH } from '../../forms/payload-bounds.js';
import { MAX_FIELD_ERRORS } from '../../forms/field-error.js';

// BENCHMARKS.md: what each benchmark measures and how, its figures, the target and whether
// it is met, and the machine. Written whole by every `npm run bench`.

const ops = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
/** Microseconds a call, from ops/s. */
const us = (opsPerSecond: number) => (1e6 / opsPerSecond).toFixed(1);
const times = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)}×`;
const verdict = (met: boolean) => (met ? '**met**' : '**not met**');

export function validationMet(rows: ValidationRow[]): boolean {
  const valid = rows.find((r) => r.payload === 'valid')!;
  return valid.oursOps / valid.ajvOps >= VALIDATION_TARGET;
}

export function keystrokeMet(figures: KeystrokeFigures): boolean {
  return figures.ratio >= KEYSTROKE_TARGET;
}

/** The slowest case of benchmark 3, by median. */
export const worstCase = (rows: WorstRow[]): WorstRow => rows.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));

export function worstMet(rows: WorstRow[]): boolean {
  return worstCase(rows).medianMs <= WORST_TARGET_MS;
}

/** The case of benchmark 4 furthest from the known user's time. */
const furthest = (rows: LoginTimingRow[]): LoginTimingRow => rows.reduce((a, b) => (Math.abs(b.ratio - 1) > Math.abs(a.ratio - 1) ? b : a));

export function loginTimingMet(rows: LoginTimingRow[]): boolean {
  return Math.abs(furthest(rows).ratio - 1) <= LOGIN_TARGET;
}

export function renderReport(machine: Machine, validation: ValidationRow[], keystroke: KeystrokeFigures, worst: WorstRow[], login: LoginTimingRow[], startup: StartupFigures): string {
  const valid = validation.find((r) => r.payload === 'valid')!;
  const slowest = worstCase(worst);
  return `# Benchmarks

Written by \`npm run bench\` (tests/bench/run-benchmarks.ts), which measures and rewrites this
file whole. The figures are from one run on the machine below; rerun to refresh them.

| machine | |
|---|---|
| CPU | ${machine.cpu} |
| cores | ${machine.cores} |
| RAM | ${machine.ramGiB} GiB |
| Node.js | ${machine.node} |
| Chromium | ${machine.chromium} |
| date | ${machine.date} |

| benchmark | target | result | |
|---|---|---|---|
| server validation, ${VALIDATION_FIELDS}-field form, valid payload | ≥ ${VALIDATION_TARGET} of the ops/s of raw ajv compiled as our verdict (without allErrors) | ${(valid.oursOps / valid.ajvOps).toFixed(2)} | ${verdict(validationMet(validation))} |
| keystroke to commit, ${KEYSTROKE_FIELDS}-field form, Chromium, ours counting its deferred commit | ours ≥ ${KEYSTROKE_TARGET}× faster per keystroke than plain rjsf | ${times(keystroke.ratio)} | ${verdict(keystrokeMet(keystroke))} |
| worst accepted form's worst payload, server validation | ≤ ${WORST_TARGET_MS} ms (median) | ${ms(slowest.medianMs)} ms | ${verdict(worstMet(worst))} |
| refused login: unknown user or county against a known user's wrong password | median within ±${LOGIN_TARGET * 100}% | ${furthest(login).ratio.toFixed(2)}× (${furthest(login).database}, ${furthest(login).case}) | ${verdict(loginTimingMet(login))} |
${startupRows(startup, verdict)}

## 1. Server validation of a ${VALIDATION_FIELDS}-field form

**What:** what the engine pays per submission for \`FormRuntime.validate(key, payload)\` — one
walk over the payload (depth bound, and whether normalising would change anything), normalising
when it would (empty strings dropped), x-computed fields, ajv, and on failure the field errors in
zh-CN and en — against raw compiled ajv on the same schema and payload.

**Form** (tests/bench/generated-form.ts): ${VALIDATION_FIELDS} top-level fields with Chinese titles and
English \`x-i18n\`: strings with \`maxLength\`, choices as \`oneOf\` [{const, title}], integers
with \`minimum\`/\`maximum\`, dates (\`format: date\` + \`maxLength\`), phones with a \`pattern\`
and \`x-messages\`, names with \`x-personal\`, a nested contact object and a list of visit
objects; every third field required, \`additionalProperties: false\`. No x-computed field (as
most forms). The valid payload fills in every field; the invalid one has six mistakes (too
long, not a choice, out of range, a bad date, a required field missing, a negative count in
the list). Payloads are parsed from JSON, as the server receives them.

**Baseline, like for like:** \`new Ajv2020()\` with ajv-formats, compiling the schema without
our x- keywords (plain ajv would refuse them) and *without* allErrors — the way our verdict code
is compiled: it stops at the first failure and builds no error objects. On a valid payload both
run the same kind of code, so the ratio is what ours adds. A second row compares with ajv
compiled with allErrors (what a form that lists every wrong field would use if it ran ajv
alone); ours only runs allErrors code on a payload the verdict refused, so that ratio flatters
ours on a valid payload and is not the headline. Each candidate runs
${VALIDATION_OPTIONS.warmupMs / 1000} s untimed, then ${VALIDATION_OPTIONS.rounds} rounds of about ${VALIDATION_OPTIONS.roundMs / 1000} s, interleaved (a, b, c, c, b, a, …) so that a
slow moment of the machine falls on all alike; the table gives the median round. Clock:
\`process.hrtime.bigint()\`, in one Node process.

| payload | ours, ops/s | raw ajv (as our verdict), ops/s | ratio | raw ajv (allErrors), ops/s | ratio | returned |
|---|---|---|---|---|---|---|
${validation
  .map(
    (r) =>
      `| ${r.payload}${r.payload === 'invalid' ? ' (informational)' : ''} | ${ops(r.oursOps)} | ${ops(r.ajvOps)} | ${(r.oursOps / r.ajvOps).toFixed(2)} | ${ops(r.ajvAllErrorsOps)} | ${(r.oursOps / r.ajvAllErrorsOps).toFixed(2)} | ours: ${r.oursResult}; ajv: ${r.ajvResult} |`,
  )
  .join('\n')}

**Where the difference goes** (valid payload): ours takes ${us(valid.oursOps)} µs a call, raw ajv
${us(valid.ajvOps)} µs. Before ajv, ours walks the payload once (\`forms/payload-survey.ts\`): it
refuses a payload nested deeper than ${MAX_PAYLOAD_DEPTH} levels before anything recursive touches it, and
finds whether normalising would change it; that walk alone takes ${us(valid.walkOps)} µs. A payload
with nothing to normalise (the form never sends an empty string) is validated and returned as
it is, without the copy that normalising makes; one with an empty string, an undefined value or
a \`__proto__\` key is copied and normalised as before. A CPU profile of ours on this payload
(\`node --cpu-prof\`, 150,000 calls; 2026-11-30) puts the walk at about 1% of the time and the
runtime's own code at about 4%; ajv's generated code, \`ucs2length\` (maxLength counts characters)
and the \`date\` format take about two thirds, garbage collection 5%. Before this walk, ours walked
the payload twice (the depth check, then a full copy for normalising), and issue 9 measured the
ratio at 0.66.

On an invalid payload ours pays for both passes (the verdict, then the allErrors explanation)
and for wording every error in two languages, while raw ajv without allErrors stops at the first
error: that row shows the cost of explaining, not a like-for-like comparison.

## 2. Keystroke to commit on a ${KEYSTROKE_FIELDS}-field form, in Chromium

**What:** the time from a keystroke in a text field to the end of React's commit, for ours
(\`JsonForm\`, whose text inputs keep what is typed in their own state and commit it to the form
after a 300 ms pause, on blur or on Enter) and for plain rjsf (\`Form\` from @rjsf/antd with
@rjsf/validator-ajv8, formData controlled the usual way: onChange → setState).

**How** (tests/bench/keystroke/): Vite's JS API bundles a bench page (React 19 and antd in
production mode, minified, as the app ships) that renders either form for the same generated
${KEYSTROKE_FIELDS}-field schema (the generator of benchmark 1). A static server on a random port serves
it cross-origin isolated, so \`performance.now()\` has microsecond resolution; both forms run in
the same Chromium ${keystroke.chromium} (headless, playwright-core), each in a fresh page. In
the page, ${KEYSTROKES} Chinese characters are typed into \`${keystroke.field}\`, field ${keystroke.fieldIndex} of ${KEYSTROKE_FIELDS},
in bursts of ${BURST}, ${GAP_MS} ms apart (a fast typist; below the pause that commits), after ${WARMUP} untimed
keystrokes in another field. A keystroke is keydown, the value set, input, keyup, dispatched
in the page; React handles input as a discrete event and commits before the dispatch returns,
and the timing also waits out one microtask. Each keystroke checks that the input shows the
new text (React would have put a controlled input back otherwise) and, for plain rjsf, that
the owner's state holds it. The time covers JavaScript (React render and commit), not the
browser's style, layout and paint.

Honesty checks: ours commits — between bursts Enter commits what was typed to the whole form
(timed below); the last burst is left to the 300 ms pause, and the run fails unless all
${KEYSTROKES} characters then reach the form's data (seen in the draft the form saves).

**Per keystroke, everything counted** (the headline): what ours defers is still paid, once per
pause: committing the typed text to the whole form, where rjsf re-renders every field as it does
on each of plain rjsf's keystrokes. So each burst of ${BURST} keystrokes is charged its keystrokes
and the commit that follows it (Enter; a pause or a blur runs the same commit), divided by ${BURST};
plain rjsf's bursts are charged their keystrokes. Medians over the ${keystroke.oursPerBurst.count} bursts ours committed by Enter
(the last burst is left to the pause and is not timed for either form).

| form | per keystroke over a burst, median, ms | p95 of the bursts, ms | bursts |
|---|---|---|---|
| ours (JsonForm), commit included | ${ms(keystroke.oursPerBurst.median)} | ${ms(keystroke.oursPerBurst.p95)} | ${keystroke.oursPerBurst.count} |
| plain rjsf | ${ms(keystroke.plainPerBurst.median)} | ${ms(keystroke.plainPerBurst.p95)} | ${keystroke.plainPerBurst.count} |

Ratio: **${times(keystroke.ratio)}** (target ≥ ${KEYSTROKE_TARGET}×: ${verdict(keystrokeMet(keystroke))}).

**The parts:** each keystroke alone, and ours' commit alone.

| | median, ms | p95, ms | count |
|---|---|---|---|
| ours, a keystroke between commits | ${ms(keystroke.ours.median)} | ${ms(keystroke.ours.p95)} | ${keystroke.ours.count} |
| ours, the commit after a burst | ${ms(keystroke.oursCommit.median)} | ${ms(keystroke.oursCommit.p95)} | ${keystroke.oursCommit.count} |
| plain rjsf, a keystroke | ${ms(keystroke.plain.median)} | ${ms(keystroke.plain.p95)} | ${keystroke.plain.count} |

Keystrokes alone, the commit left out, ours is ${times(keystroke.ratioBetweenCommits)} faster: that figure is what the typist feels
between pauses, not what the form costs, and is not the headline. Typing one character and
pausing costs a whole commit. The field typed into shows no error: a field that shows one
commits on every keystroke (so its message goes as soon as the value is right), and there a
keystroke costs what a commit does.

**What bounds it:** the commit. Counted with Chromium's precise coverage (call counts, an
unminified build of the same page; 2026-11-30), one commit of ours and one keystroke of plain
rjsf do the same work: rjsf's own code re-renders two fields, yet antd's \`Form.Item\` renders
304 times (every field's), React walks about 8,900 fibers, and the time goes to antd's
\`Form.Item\`, \`Row\`/\`Col\` and CSS-in-JS token hooks (\`useToken\`, \`useCacheToken\`,
\`useGlobalCache\`) in every field. Ours already pays it once per pause instead of once per
keystroke; making the commit itself cheaper means keeping the fields rjsf did not change from
re-rendering inside antd, which is not done yet.

## 3. The worst payload of the worst form the publish rules accept

**What:** the time \`FormRuntime.validate\` takes — depth check, normalising, the verdict, the
explanation and the field errors — on the most expensive payloads we found for forms at the
publish limits, so that no single submission can stall the engine. Each form is accepted by the
pack validator (the benchmark fails otherwise); each payload is at most ${BODY_LIMIT / 1024} KiB, the
request body limit, and is parsed from JSON as the server receives it.

**Limits the forms sit at** (forms/schema-safety.ts, forms/payload-bounds.ts): at most
${MAX_EXPANDED_PARTS.toLocaleString('en-US')} parts; at most ${MAX_CHECKS.toLocaleString('en-US')} checks for the largest payload (a part in a list counts once per entry
up to maxItems, in an open group once per key up to maxProperties, a choice of n values n); every
list has maxItems and every open group maxProperties; uniqueItems over groups at most
${MAX_UNIQUE_ITEMS_COMPARED} entries; payloads nested deeper than ${MAX_PAYLOAD_DEPTH} levels are refused before anything walks them;
a refused payload is explained from the first entries of an oversize list or group only, and
at most ${MAX_FIELD_ERRORS} field errors are worded.

**How:** each payload once untimed (the explanation is compiled on a form's first refusal),
then ${WORST_ROUNDS} timed runs, each on a freshly parsed copy; median and slowest run. Clock:
\`process.hrtime.bigint()\`, in one Node process.

| form | payload | size | median, ms | slowest, ms | result |
|---|---|---|---|---|---|
${worst.map((r) => `| ${r.form} | ${r.payload} | ${r.kib.toFixed(0)} KiB | ${ms(r.medianMs)} | ${ms(r.maxMs)} | ${r.result} |`).join('\n')}

The worst: ${slowest.form}, ${slowest.payload}, ${ms(slowest.medianMs)} ms (target ≤ ${WORST_TARGET_MS} ms: ${verdict(worstMet(worst))}).
Before these limits, a list of 40,000 entries checked against a 900-option choice took 17 s
when valid and ran out of memory when every entry was wrong.

## 4. Refused logins take the same time whoever they name

**What:** \`POST /api/auth/login\` answered 401, timed through \`app.inject\` (argon2id, the
login audit row, the throttle's queries), for a known user with a wrong password, an unknown
user and an unknown county. An unknown name verifies the password against a hash made at start
and runs the same queries, so the answer's time does not tell which names exist (before: an
unknown user answered in about 13 ms, a known one in about 80 ms).

**How:** ${LOGIN_ROUNDS} of each after 10 of warm-up, the three interleaved in turning order, each
attempt from an address of its own and a successful login every few rounds, so that neither
throttling wall is reached. On PGlite, and on PostgreSQL when \`DATABASE_URL\` is set.

| database | case | median ms | p90 ms | median / known user |
|---|---|---|---|---|
${login.map((r) => `| ${r.database} | ${r.case} | ${ms(r.medianMs)} | ${ms(r.p90Ms)} | ${r.ratio.toFixed(2)} |`).join('\n')}

${renderStartupSection(startup, '5. Start and restart (P7)')}`;
}

/** Benchmark 5 (P6), appended to the report; without a data set it says how to get one. */
export function renderListLatency(figures: ListLatencyFigures | undefined): string {
  if (!figures)
    return `
## 6. Every list at a million items (P6)

Not run: set \`LIST_DATABASE_URL\` to a PostgreSQL database built by \`npm run gen:county -- --items 1000000\`.
`;
  return `
## 6. Every list at a million items (P6)

Target: each list the web app uses answers within ${LIST_TARGET_MS} ms (p95) over HTTP at ${figures.items.toLocaleString('en-US')} items
and ${figures.events.toLocaleString('en-US')} events in one county, on PostgreSQL: ${verdict(listLatencyMet(figures))}.
Each request ${LIST_RUNS} times after ${LIST_WARMUP} unmeasured (tests/bench/list-latency.bench.ts, app.inject with a session).
Totals filtered only by pack, flow, status and state are exact at any size (\`item_counts\`); other totals are exact up to 10,000
("10,000+" beyond), free-text ones up to 1,000; the board counts nothing.
The data set: \`npm run gen:county -- --items 1000000\` (50,000 items made by the engine, the rest SQL copies).

How the lists are answered (engine/store/item-list-query.ts, migrations 0005 and 0008, docs/adr/0010; plans from EXPLAIN (ANALYZE, BUFFERS) as the application role):
- Under row-level security PostgreSQL uses an index for a condition only if its operator is LEAKPROOF.
  \`@>\`/\`&&\` on arrays and LIKE are not, so the GIN indexes on \`state_paths\` and the search tokens were never used by
  the application (a rare term: 3.8 s reading every search row of the county; with the mark: 1 ms from the GIN index).
  Migration 0005 marks arraycontains, arrayoverlap and textlike LEAKPROOF when the owner is a superuser.
- Counts kept by the write: \`item_counts\` holds per pack version, flow and status the number of items and of items in each
  state path; the event's statement adds its changes under the version guard (engine/store/item-counts.ts). A total by pack,
  flow, status or state sums a few of its rows (status=active: 124 ms counting 10,001 of 56,000 rows walked → 2–3 ms, exact
  155,640), and a county-wide inbox's tabs read theirs from it (the failed one-pass tally and the per-state counts cost the
  department 99 + 118 ms).
- Any other total counts at most 10,001 rows, walking the page's order (unordered, the planner reads a bitmap of all 600,000
  rows of the county first: 674 ms). A first page that is not full is its own total.
- Free text: \`item_search\` (its own table, rewritten only when the text changes) holds each item's lowercased strings and
  their tokens (Han characters and bigrams, trigrams of other words) under GIN; a page probes it per item in the page's order
  (EXISTS, primary key) for a common term and starts from the GIN index for a rare one; a text-only total counts search rows,
  up to 1,000 (each match costs unpacking its tokens: 10,001 of them took 100 ms). Before: \`(snapshot->'context')::text ILIKE\`
  read every item (16.6 s common term).
- The inbox's page: active items by deadline, \`items (county_id, due_at, id) where status = 'active'\` (only active items have a
  deadline); the department's page walks it and stops at twenty (before: 43,160 waiting items read and sorted, 207 ms).
- Actor and creator: \`id = any(array(select item_id from events where actor_id = …))\` through events_actor_item_idx (its item included, migration 0009; the actor filter's total counts the distinct items there); written as
  \`in (…)\` the planner walked every item against every id (11.6 s).
- Station: \`items (county_id, station_id, created_at)\`, shared by the station filter, the board and inboxes of users with stations;
  there the state test is kept off the state_paths index (ANDing its bitmap, a third of the county, cost the board 75 of 91 ms).
  Their inbox counts: up to 10,000 waiting items one pass tallies every state; beyond, each state is counted on its own, capped.
- JIT compilation is off on the engine's connections: it cost 12 of the department inbox's 92 ms of counting.

What bounds the slowest left: the actor filter reads one user's ~5,000 items by key and sorts them (its total, counted from the
user's events, cost 35 ms as a count of items and now ~10); a county-wide
inbox's total is still counted to 10,000 (an item in parallel states can wait in two tabs, so the tabs do not add up to it).

| list | request | median ms | p95 ms | total |
|---|---|---|---|---|
${figures.rows.map((r) => `| ${r.list} | \`${r.url}\`${r.user ? ` (${r.user})` : ''} | ${ms(r.medianMs)} | ${ms(r.p95Ms)} | ${r.total ?? '—'} |`).join('\n')}
`;
}
