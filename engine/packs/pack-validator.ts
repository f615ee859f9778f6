import { isZeroDuration } from '../domain/duration.js';
import { isAnchored, readsData, type Deadline } from '../flows/deadlines.js';
import type { Span } from '../flows/span.js';
import { checkComputedFields, checkDefaults, checkPersonalFields, compileProblem, FormCompileError, FormRuntime, type FormDefinition, type SchemaProblem } from '../../forms/index.js';
import { checkSchemaSafety } from '../../forms/schema-safety.js';
import { ACTIONS, GUARDS } from '../flows/catalogue.js';
import type { FlowDefinition, Named, StateConfig, TransitionConfig } from '../flows/flow-definition.js';
import { flowFormIds, stateAt, transitionsOf } from '../flows/flow-inspection.js';
import { createFlowMachine } from '../flows/flow-machine.js';
import { checkFormat, checkParams, PACK_FORMAT, type FormatSchema } from './pack-format.js';
import { checkDirectoryAction, type DirectoryActionPack } from './directory-action-check.js';
import { checkStartItem, checkStartLoops, type StartItemPack } from './start-item-check.js';
import { checkPersonalConsistency } from './personal-consistency.js';
import { checkPublicBoard } from './public-board-check.js';
import { BUILT_IN_ROLES, type PackContent, type PackFile, type PackProblem, type PublishedManifest } from './pack-content.js';
import { formSchemaProblem, packProblem, type ReportProblem } from './pack-problems.js';

type FolderKey = keyof Omit<PackContent, 'manifest'>;

const FOLDERS: Record<string, { kind: FormatSchema; key: FolderKey }> = {
  forms: { kind: 'form', key: 'forms' },
  flows: { kind: 'flow', key: 'flows' },
  'station-types': { kind: 'station-type', key: 'stationTypes' },
  evaluations: { kind: 'evaluation', key: 'evaluations' },
};

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
/** The JSON pointer of a state in its flow file, from its dotted path ('' for the root). */
const statePointer = (path: string) => (path ? path.split('.').map((key) => `/states/${escape(key)}`).join('') : '');

/** What reading a pack's files found, before the checks that need more than one file. */
interface ReadPack {
  /** The files that passed the format check; the manifest is missing when pack.json did not. */
  sound: Omit<PackContent, 'manifest'> & { manifest?: PublishedManifest };
  /**
   * Every id with a file in each folder, sound or not: a reference to a file that failed its own
   * check is not also reported as missing, since that file's problem says what to fix.
   */
  declared: Record<FolderKey, Set<string>>;
  /** The roles flows may name: the built-in ones and those pack.json declares (undefined when it could not be read). */
  roles?: Set<string>;
  /** pack.json names a format this engine does not read: nothing else can be judged. */
  formatUnknown: boolean;
}

/**
 * Validates a whole pack before any of it is used. A pack with any problem is refused whole;
 * each problem names the file, the JSON pointer inside it and the reason in zh-CN and en.
 * Every problem is reported at once: a check that needs another file runs whenever what it
 * reads was sound, and stays silent (rather than report a consequence) when it was not.
 */
export function validatePack(files: PackFile[]): { content?: PackContent; problems: PackProblem[] } {
  const problems: PackProblem[] = [];
  const problem: ReportProblem = (file, pointer, code, ...params) => problems.push(packProblem(file, pointer, code, ...params));

  const { sound, declared, roles, formatUnknown } = readFiles(files, problem);
  if (formatUnknown) return { problems };

  const runtime = new FormRuntime();
  const soundForms = new Map<string, FormDefinition>(); // only these are walked again: an unsafe schema could be huge
  for (const [id, form] of Object.entries(sound.forms)) {
    const before = problems.length;
    checkForm(runtime, form, problems, problem);
    if (problems.length === before) soundForms.set(id, form);
  }
  checkPersonalConsistency([...soundForms.values()], problem);
  checkStationTypes(sound.stationTypes, declared, roles, problem);
  sound.manifest?.personalData?.readers.forEach((role, i) => {
    if (roles && !roles.has(role)) problem('pack.json', `/personalData/readers/${i}`, 'ROLE_UNKNOWN', { role });
  });
  if (sound.manifest) checkRelationKinds(sound.manifest, declared, problem);
  if (sound.manifest) checkDuties(sound.manifest, sound.flows, declared, roles, problem);
  const checked = { ...sound, forms: Object.fromEntries(soundForms) };
  for (const flow of Object.values(sound.flows)) {
    checkFlow(flow, { ...checked, declaredStationTypes: declared.stationTypes, declaredFlows: declared.flows }, declared.forms, roles, problem);
    // The public board reads the fields of the flow's forms: judged once they are all there and sound.
    if (flowFormIds(flow).every((id) => soundForms.has(id))) checkPublicBoard(flow, checked, problem);
  }
  checkStartLoops(sound.flows, problem);
  const { manifest, ...folders } = sound;
  return problems.length || !manifest ? { problems } : { content: { manifest, ...folders }, problems };
}

/**
 * Parses each file and checks it against the pack format's schema for its folder, and that its
 * id is its file name. Only files that pass are read as content.
 */
function readFiles(files: PackFile[], problem: ReportProblem): ReadPack {
  const sound: ReadPack['sound'] = { forms: {}, flows: {}, stationTypes: {}, evaluations: {} };
  const declared: ReadPack['declared'] = { forms: new Set(), flows: new Set(), stationTypes: new Set(), evaluations: new Set() };
  let roles: Set<string> | undefined;
  let formatUnknown = false;
  for (const file of files) {
    if (!file.path.endsWith('.json')) continue; // READMEs and notes may sit beside the data
    const [folder, name, ...rest] = file.path.split('/');
    const kind = file.path === 'pack.json' ? 'pack' : rest.length === 0 && name && Object.hasOwn(FOLDERS, folder) ? FOLDERS[folder].kind : undefined;
    if (!kind) {
      problem(file.path, '', 'FILE_NOT_IN_PACK');
      continue;
    }
    const id = name?.replace(/\.json$/, '');
    if (kind !== 'pack') declared[FOLDERS[folder].key].add(id);
    let value: unknown;
    try {
      value = JSON.parse(file.text);
    } catch (error) {
      problem(file.path, '', 'JSON_INVALID', { reason: (error as Error).message });
      continue;
    }
    // Read as a plain object until the format check below says what it holds.
    const { $schema: _editorHint, ...data } = (value ?? {}) as Record<string, unknown>;
    if (kind === 'pack') {
      // A format this engine does not know is not read at all, rather than misread.
      if (data.format !== PACK_FORMAT) {
        problem(file.path, '/format', 'PACK_FORMAT_UNKNOWN', { format: PACK_FORMAT });
        formatUnknown = true;
        continue;
      }
      roles = declaredRoles(data);
    }
    const formatErrors = checkFormat(kind, data);
    for (const e of formatErrors) problem(file.path, e.pointer, 'FORMAT_INVALID', { reason: e.message });
    if (formatErrors.length) continue;
    if (kind === 'pack') {
      const { format: _read, ...manifest } = data; // how the files are written, not what they say (see PublishedManifest)
      sound.manifest = manifest as PublishedManifest; // checkFormat accepted it as pack.json
      continue;
    }
    // A file under another id would be checked and reported under a name that is not its own.
    if (data.id !== id) {
      problem(file.path, '/id', 'ID_MISMATCH', { id: String(data.id), fileName: id });
      continue;
    }
    (sound[FOLDERS[folder].key] as Record<string, unknown>)[id] = data;
  }
  if (!sound.manifest && !files.some((f) => f.path === 'pack.json')) problem('pack.json', '', 'PACK_JSON_MISSING');
  return { sound, declared, roles, formatUnknown };
}

/**
 * The roles flows may name. Read from pack.json even when it breaks the format elsewhere (a
 * misspelt version), so that flows are still checked against the roles it declares.
 */
function declaredRoles(manifest: Record<string, unknown>): Set<string> {
  const list = Array.isArray(manifest.roles) ? (manifest.roles as unknown[]) : [];
  const ids = list.map((role) => (role as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string');
  return new Set<string>([...BUILT_IN_ROLES, ...ids]);
}

/**
 * A form's schema is checked for safety (regexes, lengths, list sizes, references, depth, size)
 * before ajv ever compiles it, then compiled (ajv's strict mode refuses unknown keywords and
 * formats), then run once (a validator that compiles may still fail on its first call), then
 * its defaults, computed and personal fields are checked. Every problem names /schema/... in the file.
 */
function checkForm(runtime: FormRuntime, form: FormDefinition, problems: PackProblem[], problem: ReportProblem) {
  const file = `forms/${form.id}.json`;
  const report = (found: SchemaProblem[]) => problems.push(...found.map((p) => formSchemaProblem(file, p)));
  const unsafe = checkSchemaSafety(form.schema);
  report(unsafe);
  if (unsafe.length) return;
  try {
    runtime.compile(form.id, form);
  } catch (error) {
    const reason = error instanceof FormCompileError ? error.reason : (error as Error).message;
    report([compileProblem(form.schema, reason)]);
    return;
  }
  try {
    runtime.tryOut(form.id);
  } catch (error) {
    const reason = error instanceof FormCompileError ? error.reason : (error as Error).message;
    problem(file, '/schema', 'FORM_NOT_CHECKABLE', { reason });
    return;
  }
  report(checkDefaults(form.schema));
  report(checkComputedFields(form.schema));
  report(checkPersonalFields(form.schema));
}

/**
 * Station types hang only under station types of the same pack, and not under themselves; their
 * attribute form is a form of the pack, and the roles staffed there are roles the pack knows
 * (when pack.json could be read).
 */
function checkStationTypes(types: PackContent['stationTypes'], declared: ReadPack['declared'], roles: Set<string> | undefined, problem: ReportProblem) {
  for (const type of Object.values(types)) {
    const file = `station-types/${type.id}.json`;
    (type.parents ?? []).forEach((parent, i) => {
      if (!declared.stationTypes.has(parent) || parent === type.id)
        problem(file, `/parents/${i}`, 'STATION_TYPE_PARENT_UNKNOWN', { parent, available: [...declared.stationTypes].filter((id) => id !== type.id) });
    });
    if (type.form !== undefined && !declared.forms.has(type.form)) problem(file, '/form', 'FORM_MISSING', { formId: type.form });
    (type.roles ?? []).forEach((role, i) => {
      if (roles && !roles.has(role)) problem(file, `/roles/${i}`, 'ROLE_UNKNOWN', { role });
    });
  }
}

/**
 * Relation kinds (pack.json relationKinds): the format's schema already refused unknown keys and
 * end types; here each id is declared once (a relation names its kind by id) and the attribute
 * form is a form of the pack. The form's own problems are reported on its file.
 */
function checkRelationKinds(manifest: PublishedManifest, declared: ReadPack['declared'], problem: ReportProblem) {
  const seen = new Set<string>();
  (manifest.relationKinds ?? []).forEach((kind, i) => {
    if (seen.has(kind.id)) problem('pack.json', `/relationKinds/${i}/id`, 'RELATION_KIND_DUPLICATE', { kind: kind.id });
    seen.add(kind.id);
    if (kind.form !== undefined && !declared.forms.has(kind.form)) problem('pack.json', `/relationKinds/${i}/form`, 'FORM_MISSING', { formId: kind.form });
  });
}

/**
 * Recurring duties (pack.json duties): each id once; the subjects a kind the pack knows (a
 * station type, a role, a relation kind); the flows it opens and starts after a miss are flows
 * of the pack that start without a form (the engine fills nothing in); the flows that count
 * towards it exist, with the state named; a term has its first day, a weekday only a week.
 */
function checkDuties(manifest: PublishedManifest, flows: PackContent['flows'], declared: ReadPack['declared'], roles: Set<string> | undefined, problem: ReportProblem) {
  const seen = new Set<string>();
  const kinds = new Set((manifest.relationKinds ?? []).map((k) => k.id));
  (manifest.duties ?? []).forEach((duty, i) => {
    const at = `/duties/${i}`;
    if (seen.has(duty.id)) problem('pack.json', `${at}/id`, 'DUTY_DUPLICATE', { duty: duty.id });
    seen.add(duty.id);
    const of = duty.for;
    const unknown =
      ('stationType' in of && !declared.stationTypes.has(of.stationType) && { key: 'stationType', value: of.stationType }) ||
      ('role' in of && roles && !roles.has(of.role) && { key: 'role', value: of.role }) ||
      ('relation' in of && !kinds.has(of.relation) && { key: 'relation', value: of.relation });
    if (unknown) problem('pack.json', `${at}/for/${unknown.key}`, 'DUTY_SUBJECT_UNKNOWN', { value: unknown.value });
    const started = [...(duty.opens ? [[duty.opens, `${at}/opens`]] : []), ...(duty.onMiss ?? []).map((flowId, j) => [flowId, `${at}/onMiss/${j}`])];
    for (const [flowId, pointer] of started) {
      const flow = flows[flowId];
      if (!declared.flows.has(flowId)) problem('pack.json', pointer, 'DUTY_FLOW_UNKNOWN', { flowId });
      else if (flow && flow.meta.start.form !== null) problem('pack.json', pointer, 'DUTY_FLOW_NEEDS_INPUT', { flowId });
    }
    (duty.doneWhen ?? []).forEach((rule, j) => {
      const flow = flows[rule.flow];
      if (!declared.flows.has(rule.flow)) problem('pack.json', `${at}/doneWhen/${j}/flow`, 'DUTY_FLOW_UNKNOWN', { flowId: rule.flow });
      else if (flow && rule.state !== undefined && !stateAt(flow, rule.state)) problem('pack.json', `${at}/doneWhen/${j}/state`, 'DUTY_STATE_UNKNOWN', { flowId: rule.flow, state: rule.state });
    });
    if (duty.every === 'term' && !duty.termStart) problem('pack.json', `${at}/termStart`, 'DUTY_TERM_START_MISSING', { duty: duty.id });
    if (duty.weekday !== undefined && duty.every !== 'week') problem('pack.json', `${at}/weekday`, 'DUTY_WEEKDAY_NOT_WEEKLY', { duty: duty.id });
  });
}

/**
 * A flow's references and its machine. pack.forms holds the sound forms; declaredForms every
 * form with a file. Roles are checked against pack.json's when it could be read.
 */
function checkFlow(flow: FlowDefinition, pack: DirectoryActionPack & StartItemPack, declaredForms: Set<string>, roles: Set<string> | undefined, problem: ReportProblem) {
  const file = `flows/${flow.id}.json`;
  const checkRoles = (list: string[] | undefined, pointer: string, acting: boolean) =>
    (list ?? []).forEach((role, i) => {
      if (roles && !roles.has(role)) problem(file, `${pointer}/${i}`, 'ROLE_UNKNOWN', { role });
      else if (acting && role === 'auditor') problem(file, `${pointer}/${i}`, 'AUDITOR_ACTS');
    });
  const checkForm = (formId: string | null, pointer: string) => {
    if (formId !== null && !declaredForms.has(formId)) problem(file, pointer, 'FORM_MISSING', { formId });
  };
  const checkNamed = (named: Named | Named[] | undefined, pointer: string, kind: 'guard' | 'action') => {
    if (named === undefined) return;
    const list = Array.isArray(named) ? named : [named];
    list.forEach((entry, i) => {
      const at = Array.isArray(named) ? `${pointer}/${i}` : pointer;
      const { type, params } = typeof entry === 'string' ? { type: entry, params: {} } : entry;
      const catalogue = kind === 'guard' ? GUARDS : ACTIONS;
      // Own names only: a guard called "constructor" is unknown, not Object's constructor.
      const spec = Object.hasOwn(catalogue, type) ? catalogue[type] : undefined;
      if (!spec) {
        problem(file, at, kind === 'guard' ? 'GUARD_UNKNOWN' : 'ACTION_UNKNOWN', { name: type, available: Object.keys(catalogue) });
        return;
      }
      const reasons = checkParams(spec.params, params ?? {});
      for (const reason of reasons) problem(file, `${at}/params`, 'PARAMS_INVALID', { reason });
      // The directory's actions name station types and fields: judged once their params are sound.
      if (kind === 'action' && !reasons.length) checkDirectoryAction(flow, pack, type, params ?? {}, at, problem);
      if (kind === 'action' && !reasons.length && type === 'startItem') checkStartItem(flow, pack, params as Parameters<typeof checkStartItem>[2], at, problem);
      // Nested guards (allOf/anyOf/not) are names from the catalogue too.
      if (kind === 'guard' && params) {
        // checkParams accepted them against the guard's schema: a list (allOf/anyOf) or one guard (not).
        const { guards, guard } = params as { guards?: Named[]; guard?: Named };
        const nested = guards ?? (guard ? [guard] : []);
        nested.forEach((g, j) => checkNamed(g, `${at}/params/${guards ? `guards/${j}` : 'guard'}`, 'guard'));
      }
    });
  };
  const checkTransitions = (list: Array<string | TransitionConfig>, pointer: string, isArray: boolean) =>
    list.forEach((t, i) => {
      if (typeof t === 'string') return;
      const at = isArray ? `${pointer}/${i}` : pointer;
      checkNamed(t.guard, `${at}/guard`, 'guard');
      checkNamed(t.actions, `${at}/actions`, 'action');
      if (t.meta) {
        checkRoles(t.meta.roles, `${at}/meta/roles`, true);
        checkForm(t.meta.form, `${at}/meta/form`);
      }
    });
  const visitOn = (on: StateConfig['on'], pointer: string) => {
    for (const [event, value] of Object.entries(on ?? {})) {
      const list = Array.isArray(value) ? value : [value];
      const at = `${pointer}/on/${escape(event)}`;
      checkTransitions(list, at, Array.isArray(value));
      // The form is checked before guards choose a branch, so every branch must carry the same form and roles.
      const first = list[0]?.meta;
      list.slice(1).forEach((t, i) => {
        const m = t.meta;
        if (first && m && (m.form !== first.form || [...m.roles].sort().join() !== [...first.roles].sort().join() || (m.actor ?? 'any') !== (first.actor ?? 'any')))
          problem(file, `${at}/${i + 1}/meta`, 'BRANCHES_DIFFER', { event });
      });
    }
  };
  // The format's pattern takes "P" and "P0D" (each unit is optional): a deadline due at once is refused here,
  // and a date it is anchored to must be a date field of one of the flow's forms.
  const formsSound = flowFormIds(flow).every((id) => Object.hasOwn(pack.forms, id));
  const dateFields = new Set(
    (formsSound ? flowFormIds(flow) : []).flatMap((id) =>
      Object.entries((pack.forms[id]?.schema.properties ?? {}) as Record<string, { format?: unknown }>)
        .filter(([, field]) => field?.format === 'date')
        .map(([name]) => name),
    ),
  );
  const checkSpan = (span: Span | undefined, pointer: string) => {
    if (typeof span === 'string' && isZeroDuration(span)) problem(file, pointer, 'DEADLINE_EMPTY', { deadline: span });
  };
  const checkDeadline = (deadline: Deadline, pointer: string) => {
    if (!isAnchored(deadline)) return checkSpan(deadline, pointer);
    checkSpan(deadline.after, `${pointer}/after`);
    for (const key of ['field', 'of'] as const) {
      const field = deadline[key];
      // A form with problems of its own is reported on its file; its fields are not judged here.
      if (field !== undefined && formsSound && !dateFields.has(field)) problem(file, `${pointer}/${key}`, 'DEADLINE_FIELD_UNKNOWN', { field });
    }
  };
  // Timers (flows/timer-events.ts): reminders and the escalation ladder hang on the state's deadline.
  const checkTimers = (state: StateConfig, pointer: string) => {
    state.after?.forEach((entry, i) => {
      checkDeadline(entry.delay, `${pointer}/after/${i}/delay`);
      checkNamed(entry.guard, `${pointer}/after/${i}/guard`, 'guard');
      checkNamed(entry.actions, `${pointer}/after/${i}/actions`, 'action');
    });
    state.meta.reminders?.forEach((r, i) => checkSpan(r.before, `${pointer}/meta/reminders/${i}/before`));
    state.meta.escalation?.forEach((step, i) => checkSpan(step.after, `${pointer}/meta/escalation/${i}/after`));
    if ((state.meta.reminders || state.meta.escalation) && state.meta.deadline === undefined)
      problem(file, `${pointer}/meta/deadline`, 'TIMERS_NEED_DEADLINE', { state: state.meta.label['zh-CN'] });
  };
  const visitState = (state: StateConfig, pointer: string) => {
    visitOn(state.on, pointer);
    for (const key of ['always', 'onDone'] as const) {
      const value = state[key];
      if (value !== undefined) checkTransitions(Array.isArray(value) ? value : [value], `${pointer}/${key}`, Array.isArray(value));
    }
    checkNamed(state.entry, `${pointer}/entry`, 'action');
    checkNamed(state.exit, `${pointer}/exit`, 'action');
    checkRoles(state.meta.roles, `${pointer}/meta/roles`, false);
    if (state.meta.deadline !== undefined) checkDeadline(state.meta.deadline, `${pointer}/meta/deadline`);
    checkTimers(state, pointer);
    if (state.type === 'final' && (state.on || state.states))
      problem(file, pointer, 'FINAL_STATE_NOT_FINAL');
    for (const [key, child] of Object.entries(state.states ?? {})) visitState(child, `${pointer}/states/${escape(key)}`);
  };

  // An extension moves a deadline counted from entering a state: one that names a date stays on it.
  for (const { source, event, transition } of transitionsOf(flow)) {
    const extension = transition.meta?.extendDeadline;
    if (!extension) continue;
    const state = extension.state ?? source;
    const deadline = stateAt(flow, state)?.meta.deadline;
    if (deadline === undefined || readsData(deadline))
      problem(file, `${statePointer(source)}/on/${escape(event)}/meta/extendDeadline`, 'EXTENSION_STATE_INVALID', { state });
  }

  checkRoles(flow.meta.start.roles, '/meta/start/roles', true);
  checkForm(flow.meta.start.form, '/meta/start/form');
  visitOn(flow.on, '');
  for (const [key, state] of Object.entries(flow.states)) visitState(state, `/states/${escape(key)}`);

  const startFormId = flow.meta.start.form;
  const startForm = startFormId !== null && Object.hasOwn(pack.forms, startFormId) ? pack.forms[startFormId] : undefined;
  // A start form that is missing or has problems of its own cannot say which fields it has: judged once it is sound.
  if (startForm || startFormId === null) {
    const known = new Set([...Object.keys((startForm?.schema.properties as object) ?? {}), ...Object.keys(flow.context ?? {})]);
    flow.meta.listFields.forEach((name, i) => {
      if (!known.has(name)) problem(file, `/meta/listFields/${i}`, 'LIST_FIELD_UNKNOWN', { field: name });
    });
  }

  try {
    createFlowMachine(flow);
  } catch (error) {
    problem(file, '', 'MACHINE_INVALID', { reason: (error as Error).message });
  }
}
