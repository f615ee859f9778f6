import { Type } from 'typebox';
import type { StateValue } from 'xstate';
import type { FormDefinition } from '../../forms/index.js';
import type { FlowDefinition, FlowMeta } from '../flows/flow-definition.js';
import type { PackContent } from '../packs/pack-content.js';
import { DEPUTY_LEVELS } from '../domain/user.js';
import { anyObject, dateTime, localizedText, nullable, stringEnum } from './schemas.js';

/**
 * The shapes of the engine's answers: each route's response schema, and through api-types.ts
 * the types the web app reads. A handler whose result does not fit its schema does not compile.
 * Fields a record always has are required (an answer missing one fails loudly, not silently);
 * `Type.Optional` marks those it may leave out, and any value of unknown shape.
 */

/** Free-form JSON the engine passes through whole, typed by what it is (a form, a flow, a pack). */
const passThrough = <T>() => Type.Unsafe<T>({ type: 'object', additionalProperties: true });

/** XState's state value: a state's name, or an object for nested and parallel states. */
const stateValue = Type.Unsafe<StateValue>({});

/** A person of the county, as lists and pickers see them. */
export const person = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  stationIds: Type.Array(Type.String()),
  unitId: nullable(Type.String()),
});

/** The logged-in user: a person, with their county, and whether they must first choose their own password. */
export const me = Type.Object({ ...person.properties, countyId: Type.String(), county: localizedText, mustChangePassword: Type.Boolean() });

/** A person as the county's administrator manages them. */
export const managedPerson = Type.Object({
  ...person.properties,
  deputyLevel: Type.Union([stringEnum(DEPUTY_LEVELS), Type.Null()]),
  disabled: Type.Boolean(),
  mustChangePassword: Type.Boolean(),
  createdAt: dateTime,
});

export const unit = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: nullable(Type.String()),
  disabled: Type.Boolean(),
  memberCount: Type.Integer(),
});

/** A household (农户) as the county's administrator manages it: the head's name and phone are personal. */
export const household = Type.Object({
  id: Type.String(),
  code: Type.String(),
  headName: Type.String(),
  village: Type.String(),
  stationId: nullable(Type.String()),
  phone: nullable(Type.String()),
  note: nullable(Type.String()),
  closed: Type.Boolean(),
});

/** A page of households, and how many match (at most 10,000 counted: totalCapped says there are more). */
export const householdPage = Type.Object({ households: Type.Array(household), total: Type.Integer(), totalCapped: Type.Boolean() });

const relationEnd = Type.Object({
  type: stringEnum(['person', 'unit', 'station', 'household']),
  id: Type.String(),
  name: Type.String({ description: "What people call it: a person's name, a unit's or station's name, a household's head and village" }),
  closed: Type.Boolean({ description: 'Disabled or closed (or gone from the directory)' }),
});

/** A relation of the directory, each end named. */
export const relation = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  from: relationEnd,
  to: relationEnd,
  attributes: anyObject,
  startsOn: Type.String({ format: 'date' }),
  endsOn: nullable(Type.String({ format: 'date' })),
});

export const relationPage = Type.Object({ relations: Type.Array(relation), total: Type.Integer(), totalCapped: Type.Boolean() });

export const county = Type.Object({ id: Type.String(), name: localizedText });

/** The logged-in platform operator (no county, no roles). */
export const operatorMe = Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() });

/** A county as the operator manages it: whether it is in service, since when, and how many of its people may log in. */
export const managedCounty = Type.Object({
  id: Type.String(),
  name: localizedText,
  createdAt: dateTime,
  disabledAt: nullable(dateTime),
  activePeople: Type.Integer(),
});

export const station = Type.Object({
  id: Type.String(),
  stationType: Type.String(),
  name: Type.String(),
  parentId: nullable(Type.String()),
  attributes: anyObject,
  villages: Type.Array(Type.String()),
  openedOn: nullable(Type.String({ format: 'date' })),
  closedOn: nullable(Type.String({ format: 'date' })),
});

export const formDefinition = Type.Unsafe<FormDefinition>(
  Type.Object({
    id: Type.String(),
    title: localizedText,
    description: Type.Optional(localizedText),
    schema: anyObject,
    uiSchema: Type.Optional(anyObject),
  }),
);

export const flowDefinition = passThrough<FlowDefinition>();

export const catalogue = Type.Object({ guards: Type.Array(anyObject), actions: Type.Array(anyObject) });

export const flowSummary = Type.Object({
  id: Type.String(),
  title: localizedText,
  description: Type.Optional(localizedText),
  start: passThrough<FlowMeta['start']>(),
  listFields: Type.Array(Type.String()),
  canStart: Type.Boolean({ description: 'Whether the logged-in user may start an item of this flow' }),
  public: Type.Boolean({ description: 'Whether its items show on public boards (while in the states marked public)' }),
});

export const packSummary = Type.Object({
  packId: Type.String(),
  version: Type.String(),
  hash: Type.String(),
  name: localizedText,
  description: localizedText,
  versions: Type.Array(Type.String()),
  roles: Type.Array(Type.Object({ id: Type.String(), name: localizedText })),
  flows: Type.Array(flowSummary),
});

/** A pack version, whole. */
export const packVersion = Type.Object({ ...packSummary.properties, content: passThrough<PackContent>() });

/** A problem of a pack (packs/pack-problems.ts): the file and the place in it, the rule, the message. */
export const packProblem = Type.Object({
  file: Type.String({ description: "The pack folder's file it is in (forms/intake.json); empty for the one-file pack's own shape" }),
  pointer: Type.String({ description: 'JSON pointer inside that file' }),
  code: Type.String(),
  params: anyObject,
  message: localizedText,
});

/** The full report on an uploaded pack. */
export const packReport = Type.Object({
  valid: Type.Boolean({ description: 'True when there is no problem: the pack can be published' }),
  problems: Type.Array(packProblem, { description: 'Every problem at once' }),
  pack: Type.Optional(
    Type.Object(
      {
        packId: Type.String(),
        version: Type.String(),
        name: localizedText,
        hash: Type.String(),
        alreadyPublished: Type.Boolean({ description: 'This version is published with this very content: publishing changes nothing' }),
        counts: Type.Object({ forms: Type.Integer(), flows: Type.Integer(), stationTypes: Type.Integer(), evaluations: Type.Integer() }),
      },
      { description: 'What publishing would store (only when valid)' },
    ),
  ),
});

/** A published version. */
export const publishedVersion = Type.Object({
  packId: Type.String(),
  version: Type.String(),
  name: localizedText,
  hash: Type.String(),
  publishedAt: dateTime,
  created: Type.Boolean({ description: 'False when the same content was published before: nothing changed' }),
});

/** One of the county's packs with every version published, newest first. */
export const packHistory = Type.Object({
  packId: Type.String(),
  name: localizedText,
  versions: Type.Array(
    Type.Object({
      version: Type.String(),
      hash: Type.String(),
      publishedAt: dateTime,
      current: Type.Boolean({ description: 'The newest version: new items start from it' }),
    }),
  ),
});

/** Where an item is: its leaf states with their labels (several when branches run in parallel). */
export const stateView = Type.Object({
  value: stateValue,
  paths: Type.Array(Type.String()),
  labels: Type.Array(localizedText),
  outcome: Type.Optional(localizedText),
});

const itemSummaryProperties = {
  id: Type.String(),
  packId: Type.String(),
  packVersion: Type.String(),
  flowId: Type.String(),
  flowTitle: localizedText,
  stationId: nullable(Type.String()),
  title: Type.String(),
  status: stringEnum(['active', 'done']),
  state: stateView,
  fields: anyObject,
  createdBy: nullable(Type.String()),
  createdAt: dateTime,
  updatedAt: dateTime,
  dueAt: nullable(dateTime),
  paused: Type.Boolean({ description: 'Its clock stands (it waits on its submitter): no deadline runs.' }),
  version: Type.Integer(),
  assignment: Type.Union([
    Type.Object(
      { kind: stringEnum(['unit', 'person', 'station']), id: Type.String(), claimedBy: nullable(Type.String()) },
      { description: 'Who the current work is assigned to; within a unit, the member who claimed it' },
    ),
    Type.Null(),
  ]),
};

export const itemSummary = Type.Object(itemSummaryProperties);

export const actionView = Type.Object({ type: Type.String(), label: localizedText, form: Type.Union([formDefinition, Type.Null()]) });

/** An item linked to another by starting it (runtime/related-items.ts), named by its flow. */
const relatedItem = Type.Object({ itemId: Type.String(), flowTitle: localizedText });

export const itemView = Type.Object({
  ...itemSummaryProperties,
  data: anyObject,
  deadlines: Type.Unsafe<Record<string, string>>(anyObject),
  pausedAt: nullable(dateTime),
  extensions: Type.Record(Type.String(), Type.Integer(), { description: 'Extensions granted per state path during the current stay there.' }),
  upcoming: Type.Array(Type.Object({ type: Type.String(), kind: stringEnum(['after', 'remind', 'escalate']), label: localizedText, at: dateTime }), {
    description: 'What the engine will do and when, earliest first: reminders, escalation steps, delayed transitions.',
  }),
  duty: nullable(
    Type.Object(
      {
        dutyId: Type.String(),
        name: localizedText,
        period: Type.String(),
        subject: Type.Object({ kind: stringEnum(['station', 'person', 'unit', 'relation']), id: Type.String() }),
        followUp: Type.Optional(Type.Object({ misses: Type.Integer(), missedItemId: nullable(Type.String()) })),
      },
      { description: 'The recurring duty the engine opened it for: its task, or the follow-up of a miss (followUp).' },
    ),
  ),
  related: Type.Object(
    { parent: nullable(relatedItem), started: Type.Array(relatedItem) },
    { description: 'The item that started it (catalogue startItem) and the items it started; for a duty task, the follow-up of its miss.' },
  ),
  actions: Type.Array(actionView, { description: 'The events this user may send now, each with its form (null: no form).' }),
  claimOptions: Type.Array(stringEnum(['claim', 'release', 'handOver']), {
    description: "What this user may do with a unit's claim: claim (engine.claim), release (engine.release), hand over (engine.claim with { userId })",
  }),
});

export const eventResult = Type.Object({
  item: itemView,
  event: Type.Object({ seq: Type.Integer(), type: Type.String(), role: Type.String(), at: dateTime }),
  replayed: Type.Boolean({ description: 'True when this answers a retry with the same Idempotency-Key: nothing new was written.' }),
});

/** A total counted up to a cap (10,000): beyond it the list says "10,000+". */
const cappedTotal = {
  total: Type.Integer({ description: 'Exact when totalIsLowerBound is false; otherwise the cap (10,000), shown as "10,000+".' }),
  totalIsLowerBound: Type.Boolean({ description: 'True when more items match than total.' }),
};

export const itemPage = Type.Object({ items: Type.Array(itemSummary), ...cappedTotal, page: Type.Integer(), pageSize: Type.Integer() });

export const inbox = Type.Object({
  items: Type.Array(itemSummary, { description: 'One page of the waiting items.' }),
  ...cappedTotal,
  page: Type.Integer(),
  pageSize: Type.Integer(),
  countsByState: Type.Array(
    Type.Object({ flowId: Type.String(), path: Type.String(), label: localizedText, count: Type.Integer(), countIsLowerBound: Type.Boolean() }),
    { description: 'Every waiting item counted per state, not only the page; exact up to the cap.' },
  ),
});

/** A problem verification found in the record (engine/record/integrity-problem.ts). */
export const integrityProblem = Type.Object({
  code: Type.String(),
  seq: Type.Optional(Type.Integer()),
  checkpoint: Type.Optional(Type.Integer()),
  itemId: Type.Optional(Type.String()),
  message: localizedText,
});

/** The verdict on one item's record. */
export const itemIntegrity = Type.Object({
  valid: Type.Boolean(),
  problems: Type.Array(integrityProblem),
  checkpoint: Type.Optional(Type.Object({ seq: Type.Integer(), at: dateTime, version: Type.Integer() })),
});

/** An item's link to a station, unit or person (domain/item-directory.ts). */
export const itemLink = Type.Object({ kind: stringEnum(['station', 'unit', 'person']), targetId: Type.String() });

/** What an event changed in the directory: the station it registered or updated, the links it added and removed. */
export const traceDirectory = Type.Object({
  station: Type.Optional(Type.Object({ id: Type.String(), name: Type.String(), registered: Type.Boolean(), label: localizedText })),
  linked: Type.Array(itemLink),
  unlinked: Type.Array(itemLink),
});

/** How many items are linked to each station, unit or person of one kind (GET /api/items/link-counts). */
export const linkCounts = Type.Object({
  kind: stringEnum(['station', 'unit', 'person']),
  counts: Type.Array(Type.Object({ targetId: Type.String(), count: Type.Integer() })),
});

export const traceEvent = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  label: localizedText,
  actor: Type.Object({ id: nullable(Type.String()), displayName: Type.String() }),
  role: Type.String(),
  payload: anyObject,
  stateBefore: Type.Unsafe<StateValue | null>({}),
  stateAfter: stateValue,
  data: anyObject,
  directory: Type.Optional(traceDirectory),
  link: Type.Optional(
    Type.Object(
      { relation: stringEnum(['startedBy', 'started']), itemId: Type.String(), flowTitle: localizedText },
      { description: 'On the creation event: the item that started this one; on an engine.start.<n> event: the item it started.' },
    ),
  ),
  packVersion: Type.String(),
  at: dateTime,
  prevHash: Type.String(),
  hash: Type.String(),
});

export const trace = Type.Object({ item: itemSummary, integrity: itemIntegrity, events: Type.Array(traceEvent) });

/** A saved draft of a form. */
export const draft = Type.Object({ key: Type.String(), payload: anyObject, updatedAt: dateTime });

/** An uploaded file, as the API describes it (never its bytes). */
export const attachmentView = Type.Object({
  id: Type.String({ description: 'Put this id in the form field; the form never holds the file itself' }),
  filename: Type.String(),
  mimeType: Type.String({ description: 'Checked against the content for JPEG, PNG, GIF, WebP and PDF' }),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedBy: Type.String(),
  createdAt: dateTime,
});

export const boardItem = Type.Object({
  id: Type.String(),
  title: localizedText,
  flowTitle: localizedText,
  state: Type.Array(localizedText),
  status: Type.String(),
  outcome: Type.Optional(localizedText),
  fields: anyObject,
  fieldTitles: Type.Unsafe<Record<string, { 'zh-CN': string; en: string }>>(anyObject),
  createdAt: dateTime,
  updatedAt: dateTime,
});

/** A station's public progress board (公示). */
export const board = Type.Object({
  county,
  station: Type.Object({ id: Type.String(), name: Type.String(), stationType: Type.String() }),
  items: Type.Array(boardItem),
});

/** A signed checkpoint as an auditor keeps it: enough to check its signature offline. */
export const exportedCheckpoint = Type.Object({
  seq: Type.Integer(),
  createdAt: dateTime,
  coveredUntil: dateTime,
  headCount: Type.Integer(),
  digest: Type.String(),
  prevSignature: Type.String(),
  signature: Type.String(),
  heads: Type.Array(Type.Object({ itemId: Type.String(), version: Type.Integer(), hash: Type.String() })),
  signedMessage: Type.String(),
});

/** A page of the county's checkpoints, with what is needed to verify them. */
export const checkpointExport = Type.Object({
  format: Type.String(),
  county,
  algorithm: Type.String(),
  publicKey: Type.String(),
  checkpoints: Type.Array(exportedCheckpoint),
});

/** The verdict on the county's whole checkpoint chain. */
export const countyVerification = Type.Object({
  valid: Type.Boolean(),
  checkpoints: Type.Integer(),
  heads: Type.Integer(),
  latest: Type.Unsafe<{ seq: number; signature: string; createdAt: string } | null>({
    ...Type.Object({ seq: Type.Integer(), signature: Type.String(), createdAt: dateTime }),
    type: ['object', 'null'],
  }),
  problems: Type.Array(integrityProblem),
});

const importCounts = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() });

/**
 * What an Excel import of the directory did, or (dryRun) would do: counts per sheet, and every
 * problem with its sheet, Excel row and column heading. The same report is the details of a
 * refused import (422 DIRECTORY_IMPORT_INVALID).
 */
export const directoryImportReport = Type.Object({
  dryRun: Type.Boolean(),
  ok: Type.Boolean(),
  counts: Type.Object({ people: importCounts, units: importCounts, stations: importCounts, households: importCounts, relations: importCounts }),
  problems: Type.Array(Type.Object({ sheet: Type.String(), row: Type.Integer(), column: Type.String(), message: localizedText })),
  omittedProblems: Type.Integer(),
  ignoredColumns: Type.Array(Type.Object({ sheet: Type.String(), column: Type.String() })),
});

/** A notification as its person reads it (GET /api/notifications): the message as written, in both languages. */
export const notification = Type.Object({
  id: Type.String(),
  itemId: nullable(Type.String({ description: 'The item it is about, opened from the list; null for a message about no item.' })),
  kind: Type.String({ description: "Why it was sent: 'remind' (before a deadline), 'escalate' (after it), 'assigned', 'system' …" }),
  title: localizedText,
  body: Type.Optional(localizedText),
  createdAt: dateTime,
  readAt: nullable(dateTime),
});

export const notificationPage = Type.Object({
  notifications: Type.Array(notification, { description: 'One page, newest first.' }),
  ...cappedTotal,
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const unreadCount = Type.Object({
  count: Type.Integer({ description: 'Exact when countIsLowerBound is false; otherwise the cap (10,000).' }),
  countIsLowerBound: Type.Boolean(),
});

const dutyStatus = stringEnum(['open', 'done', 'missed'], { description: 'open: the period runs; done: its task finished or an item counted; missed: it ended without' });
const dutyEvery = stringEnum(['week', 'month', 'twoMonths', 'quarter', 'halfYear', 'year', 'term']);

export const dutySummary = Type.Object({
  packId: Type.String(),
  dutyId: Type.String(),
  name: localizedText,
  every: dutyEvery,
  period: Type.String({ description: 'The current period: 2026-12, 2026-W49, 2026-Q4 …' }),
  dueAt: dateTime,
  counts: Type.Object({ open: Type.Integer(), done: Type.Integer(), missed: Type.Integer() }),
});

export const dutyBoard = Type.Object({
  packId: Type.String(),
  dutyId: Type.String(),
  name: localizedText,
  every: dutyEvery,
  period: Type.Object({ key: Type.String(), start: dateTime, dueAt: dateTime }),
  previousDay: Type.String(),
  nextDay: Type.String(),
  rows: Type.Array(
    Type.Object({
      subject: Type.Object({ kind: stringEnum(['station', 'person', 'unit', 'relation']), id: Type.String(), name: Type.String() }),
      status: dutyStatus,
      dueAt: dateTime,
      doneAt: nullable(dateTime),
      itemId: nullable(Type.String()),
      doneItemId: nullable(Type.String()),
      followupItemId: nullable(Type.String()),
      misses: Type.Integer({ description: 'Misses in a row this period ends (0 unless missed).' }),
    }),
  ),
});

/** A year of the county's working calendar (工作日历): its declared days and how many working days it has. */
export const calendarYear = Type.Object({
  year: Type.Integer(),
  workingDays: Type.Integer({ description: 'Working days of the year: Monday to Friday, less declared holidays, plus make-up working days' }),
  days: Type.Array(
    Type.Object({
      day: Type.String({ format: 'date' }),
      kind: stringEnum(['holiday', 'workday'], { description: 'holiday: 法定节假日 (off); workday: 调休上班 (a weekend day worked)' }),
      name: nullable(Type.String()),
      inForceFrom: Type.String({ format: 'date-time', description: 'From when deadlines count with this declaration (seconds after it was made)' }),
    }),
  ),
});

/**
 * What an Excel import of the working calendar did: days changed and unchanged, and every
 * problem with its Excel row and column heading. The same report is the details of a refused
 * import (422 CALENDAR_IMPORT_INVALID).
 */
export const calendarImportReport = Type.Object({
  ok: Type.Boolean(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  problems: Type.Array(Type.Object({ sheet: Type.String(), row: Type.Integer(), column: Type.String(), message: localizedText })),
  omittedProblems: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
});

const dueCounts = {
  overdue: Type.Integer({ description: 'Active items whose deadline has passed' }),
  dueSoon: Type.Integer({ description: 'Active items due within soonHours' }),
  oldestDueAt: nullable(Type.String({ format: 'date-time', description: 'The earliest missed deadline (how long the worst one has waited); null when none is overdue' })),
};

/** The supervision view (督办看板): overdue and due-soon items per unit and per station, worst first. */
export const supervision = Type.Object({
  at: dateTime,
  soonHours: Type.Integer(),
  byUnit: Type.Array(
    Type.Object({
      unitId: nullable(Type.String({ description: 'null: work assigned to no unit (to no one, a person or a station)' })),
      unitName: nullable(Type.String()),
      ...dueCounts,
    }),
  ),
  byStation: Type.Array(
    Type.Object({
      stationId: nullable(Type.String({ description: 'null: items at no station' })),
      stationName: nullable(Type.String()),
      ...dueCounts,
    }),
  ),
  totals: Type.Object(dueCounts),
});
