import { describe, expect, it } from 'vitest';
import { analyseFlow } from '../../engine/flows/flow-analysis.js';
import { createFlowMachine } from '../../engine/flows/flow-machine.js';
import type { FlowDefinition } from '../../engine/flows/flow-definition.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import type { PackFile } from '../../engine/packs/pack-content.js';
import { fixturePack } from '../support/fixture-pack.js';
import { expectPackProblem, problemCodes } from '../support/pack-problems.js';
import { publicBoardFixturePack } from '../support/public-board-fixture-pack.js';

/** A pack file's JSON, edited freely to break it in one place: untyped, since breaking it is the point. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type EditableJson = any;

/** Edits one JSON file of the fixture pack. */
function edit(path: string, change: (json: EditableJson) => void, files: PackFile[] = fixturePack()): PackFile[] {
  return files.map((f) => {
    if (f.path !== path) return f;
    const json = JSON.parse(f.text);
    change(json);
    return { ...f, text: JSON.stringify(json) };
  });
}

function problemsOf(files: PackFile[]) {
  const { content, problems } = validatePack(files);
  expect(content).toBeUndefined(); // a broken pack is refused whole
  return problems;
}

describe('pack validator', () => {
  it('accepts the fixture pack', () => {
    const { content, problems } = validatePack(fixturePack());
    expect(problems).toEqual([]);
    expect(Object.keys(content!.flows)).toEqual(['decide']);
  });

  it('reports broken JSON with the file', () => {
    const files = fixturePack().map((f) => (f.path === 'forms/decision.json' ? { ...f, text: '{ "id": ' } : f));
    const problem = expectPackProblem(problemsOf(files), 'JSON_INVALID', { file: 'forms/decision.json' });
    expect(problem.message['zh-CN']).toContain('不是有效的 JSON');
  });

  it('reports a manifest that breaks the pack schema, with the pointer', () => {
    const problems = problemsOf(edit('pack.json', (m) => (m.version = 'one')));
    expectPackProblem(problems, 'FORMAT_INVALID', { file: 'pack.json', pointer: '/version' });
  });

  it('validates station types strictly: no unknown keys, parents only of this pack, and not itself', () => {
    const types = (parents: string[], extra: object = {}): PackFile[] => [
      ...fixturePack(),
      { path: 'station-types/township.json', text: JSON.stringify({ id: 'township', name: { 'zh-CN': '镇级站', en: 'Township station' } }) },
      { path: 'station-types/village.json', text: JSON.stringify({ id: 'village', name: { 'zh-CN': '村级站', en: 'Village station' }, parents, ...extra }) },
    ];
    expect(validatePack(types(['township'])).problems).toEqual([]);
    // A misspelt key is refused, not stored and ignored.
    expectPackProblem(problemsOf(types([], { parent: ['township'] })), 'FORMAT_INVALID', { file: 'station-types/village.json', pointer: '' });
    const unknown = expectPackProblem(problemsOf(types(['town'])), 'STATION_TYPE_PARENT_UNKNOWN', { file: 'station-types/village.json', pointer: '/parents/0' });
    expect(unknown.message['zh-CN']).toContain('“town”');
    expect(unknown.message.en).toContain('there are: township');
    expectPackProblem(problemsOf(types(['township', 'village'])), 'STATION_TYPE_PARENT_UNKNOWN', { pointer: '/parents/1' });
  });

  it('validates relation kinds strictly, reporting every problem at once', () => {
    const kind = (extra: object) => ({ id: 'deputy-household', name: { 'zh-CN': '代表联系户', en: 'Deputy and household' }, from: 'person', to: 'household', ...extra });
    const withKinds = (kinds: object[]) => edit('pack.json', (m) => (m.relationKinds = kinds));
    const sound = validatePack(withKinds([kind({ form: 'decision', atMost: { perTo: 1 } }), { ...kind({}), id: 'unit-village', from: 'unit', to: 'station' }]));
    expect(sound.problems).toEqual([]);
    expect(sound.content!.manifest.relationKinds!.map((k) => `${k.from}→${k.to}`)).toEqual(['person→household', 'unit→station']);
    // Format problems: a misspelt key, an end type the directory does not have, a limit that is no count.
    const format = problemsOf(withKinds([kind({ forms: 'decision' }), kind({ id: 'b-kind', to: 'village' }), kind({ id: 'c-kind', atMost: { perTo: 0 } })]));
    expectPackProblem(format, 'FORMAT_INVALID', { file: 'pack.json', pointer: '/relationKinds/0' });
    expect(expectPackProblem(format, 'FORMAT_INVALID', { file: 'pack.json', pointer: '/relationKinds/1/to' }).message.en).toContain('person, unit, station, household');
    expectPackProblem(format, 'FORMAT_INVALID', { file: 'pack.json', pointer: '/relationKinds/2/atMost/perTo' });
    // Problems across files, all of them at once: a repeated id, a form the pack does not have.
    const across = problemsOf(withKinds([kind({}), kind({ form: 'missing' })]));
    expect(problemCodes(across).sort()).toEqual(['FORM_MISSING', 'RELATION_KIND_DUPLICATE']);
    expectPackProblem(across, 'RELATION_KIND_DUPLICATE', { file: 'pack.json', pointer: '/relationKinds/1/id' });
    expectPackProblem(across, 'FORM_MISSING', { file: 'pack.json', pointer: '/relationKinds/1/form' });
    // An attribute form that is itself broken is reported on its own file, once.
    const brokenForm = edit('forms/decision.json', (f) => (f.schema.properties.note.maxLenght = 3), withKinds([kind({ form: 'decision' })]));
    expect(problemsOf(brokenForm).map((p) => p.file)).toEqual(['forms/decision.json']);
  });

  it('refuses an unknown guard name, listing the catalogue', () => {
    const problems = problemsOf(edit('flows/decide.json', (f) => (f.states.open.on.DECIDE.guard = { type: 'runScript', params: {} })));
    const problem = expectPackProblem(problems, 'GUARD_UNKNOWN', { file: 'flows/decide.json', pointer: '/states/open/on/DECIDE/guard' });
    expect(problem.params).toMatchObject({ name: 'runScript', available: expect.arrayContaining(['payloadEquals']) });
    expect(problem.message.en).toContain('unknown guard "runScript"');
    expect(problem.message.en).toContain('payloadEquals');
  });

  it('refuses an unknown action and bad params', () => {
    const problems = problemsOf(
      edit('flows/decide.json', (f) => {
        f.states.open.on.DECIDE.actions = [{ type: 'sendEmail' }, { type: 'increment', params: {} }];
      }),
    );
    expect(problems.map((p) => p.pointer)).toEqual(['/states/open/on/DECIDE/actions/0', '/states/open/on/DECIDE/actions/1/params']);
    expect(problemCodes(problems)).toEqual(['ACTION_UNKNOWN', 'PARAMS_INVALID']);
  });

  it('refuses a reference to a form that does not exist', () => {
    const problems = problemsOf(edit('flows/decide.json', (f) => (f.states.open.on.DECIDE.meta.form = 'missing')));
    expect(expectPackProblem(problems, 'FORM_MISSING', { pointer: '/states/open/on/DECIDE/meta/form' }).params.formId).toBe('missing');
  });

  it('refuses prototype names as guards, actions and forms: they are not in the catalogue or the pack', () => {
    const problems = problemsOf(
      edit('flows/decide.json', (f) => {
        f.states.open.on.DECIDE.guard = 'constructor';
        f.states.open.on.DECIDE.actions = [{ type: 'toString' }];
        f.states.open.on.DECIDE.meta.form = 'hasOwnProperty';
      }),
    );
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/states/open/on/DECIDE/actions/0', '/states/open/on/DECIDE/guard', '/states/open/on/DECIDE/meta/form']);
    expect(problemCodes(problems).sort()).toEqual(['ACTION_UNKNOWN', 'FORM_MISSING', 'GUARD_UNKNOWN']);
  });

  it('refuses an event without roles or form in its meta', () => {
    const problems = problemsOf(edit('flows/decide.json', (f) => delete f.states.open.on.DECIDE.meta.form));
    expect(problems.some((p) => p.file === 'flows/decide.json' && p.pointer.startsWith('/states/open/on/DECIDE'))).toBe(true);
  });

  it('refuses unknown roles and auditors that act', () => {
    const problems = problemsOf(
      edit('flows/decide.json', (f) => {
        f.meta.start.roles = ['auditor'];
        f.states.open.on.DECIDE.meta.roles = ['janitor'];
      }),
    );
    expectPackProblem(problems, 'AUDITOR_ACTS', { pointer: '/meta/start/roles/0' });
    expect(expectPackProblem(problems, 'ROLE_UNKNOWN', { pointer: '/states/open/on/DECIDE/meta/roles/0' }).params.role).toBe('janitor');
    expect(problems).toHaveLength(2);
  });

  it('refuses personal-data readers the pack does not know', () => {
    const problems = problemsOf(edit('pack.json', (p) => (p.personalData = { readers: ['staff', 'janitor'] })));
    expect(expectPackProblem(problems, 'ROLE_UNKNOWN', { file: 'pack.json', pointer: '/personalData/readers/1' }).params.role).toBe('janitor');
    expect(problems).toHaveLength(1);
    expect(problemsOf(edit('pack.json', (p) => (p.personalData = { readers: ['staff'], extra: 1 }))).some((p) => p.file === 'pack.json')).toBe(true);
  });

  it('refuses a target that does not exist (XState itself says why)', () => {
    const problems = problemsOf(edit('flows/decide.json', (f) => (f.states.open.on.DECIDE.target = 'nowhere')));
    const problem = expectPackProblem(problems, 'MACHINE_INVALID', { file: 'flows/decide.json' });
    expect(problem.message['zh-CN']).toContain('状态机配置无效');
  });

  it('refuses a form schema that does not compile (unknown keyword in strict mode)', () => {
    const problems = problemsOf(edit('forms/decision.json', (f) => (f.schema.properties.note.maxLenght = 5)));
    const problem = expectPackProblem(problems, 'UNKNOWN_KEYWORD', { file: 'forms/decision.json', pointer: '/schema/properties/note/maxLenght' });
    expect(problem.params.keyword).toBe('maxLenght');
    expect(problem.message.en).toContain('maxLenght');
    expect(problem.message['zh-CN']).toContain('未知的关键字');
  });

  it('refuses an id that does not match its file name', () => {
    const problems = problemsOf(edit('forms/decision.json', (f) => (f.id = 'other')));
    expect(expectPackProblem(problems, 'ID_MISMATCH', { file: 'forms/decision.json', pointer: '/id' }).params).toEqual({ id: 'other', fileName: 'decision' });
  });

  it('refuses list fields that are not item data', () => {
    const problems = problemsOf(edit('flows/decide.json', (f) => (f.meta.listFields = ['nothing'])));
    expect(expectPackProblem(problems, 'LIST_FIELD_UNKNOWN', { pointer: '/meta/listFields/0' }).params.field).toBe('nothing');
  });

  it('refuses guarded branches of one event that disagree on the form', () => {
    const problems = problemsOf(
      edit('flows/decide.json', (f) => {
        const branch = f.states.open.on.DECIDE;
        f.states.open.on.DECIDE = [branch, { ...branch, guard: undefined, meta: { ...branch.meta, form: null } }];
      }),
    );
    expect(problems[0].pointer).toBe('/states/open/on/DECIDE/1/meta');
    expectPackProblem(problems, 'BRANCHES_DIFFER', { pointer: '/states/open/on/DECIDE/1/meta' });
  });

  it('takes deadlines in years, months, weeks, days and hours, and refuses one of nothing or zero, naming it in both languages', () => {
    const withDeadline = (deadline: string) => edit('flows/decide.json', (f) => (f.states.open.meta.deadline = deadline));
    for (const deadline of ['P3D', 'PT48H', 'P1W', 'P1M', 'P3M', 'P1Y', 'P1DT12H']) expect(validatePack(withDeadline(deadline)).problems, deadline).toEqual([]);
    for (const deadline of ['P', 'P0D', 'PT0H']) {
      const zero = expectPackProblem(problemsOf(withDeadline(deadline)), 'DEADLINE_EMPTY', { file: 'flows/decide.json', pointer: '/states/open/meta/deadline' });
      expect(zero.message['zh-CN']).toContain(`办理期限“${deadline}”为零`);
      expect(zero.message.en).toContain(`deadline "${deadline}" is zero`);
    }
    // Not a duration at all (minutes, a bare T, words): the format refuses it at the same place.
    for (const deadline of ['PT', 'PT30M', 'three days']) expectPackProblem(problemsOf(withDeadline(deadline)), 'FORMAT_INVALID', { file: 'flows/decide.json', pointer: '/states/open/meta/deadline' });
  });

  it('takes a deadline anchored to a date field of a form of the flow or to a period, and names a field that is not one', () => {
    // The fixture's decision form gets a date field; its note is text.
    const withDateField = edit('forms/decision.json', (f) => (f.schema.properties.dueOn = { type: 'string', format: 'date', maxLength: 10, title: '要求办结日期' }));
    const withDeadline = (deadline: object) => edit('flows/decide.json', (f) => (f.states.open.meta.deadline = deadline), withDateField);
    for (const deadline of [{ field: 'dueOn' }, { field: 'dueOn', after: 'P1D' }, { periodEnd: 'month' }, { periodEnd: 'quarter', of: 'dueOn', after: 'P10D' }])
      expect(validatePack(withDeadline(deadline)).problems, JSON.stringify(deadline)).toEqual([]);
    const text = expectPackProblem(problemsOf(withDeadline({ field: 'note' })), 'DEADLINE_FIELD_UNKNOWN', { pointer: '/states/open/meta/deadline/field' });
    expect(text.message['zh-CN']).toBe('办理期限所依据的“note”不是本流程表单中的日期字段');
    expectPackProblem(problemsOf(withDeadline({ periodEnd: 'month', of: 'nowhere' })), 'DEADLINE_FIELD_UNKNOWN', { pointer: '/states/open/meta/deadline/of' });
    expectPackProblem(problemsOf(withDeadline({ periodEnd: 'month', after: 'P0D' })), 'DEADLINE_EMPTY', { pointer: '/states/open/meta/deadline/after' });
    // One anchor only, a known period, no other keys: the format says so.
    for (const deadline of [{ field: 'dueOn', periodEnd: 'month' }, { of: 'dueOn' }, { periodEnd: 'fortnight' }, { periodEnd: 'month', in: 'P1D' }])
      expectPackProblem(problemsOf(withDeadline(deadline)), 'FORMAT_INVALID', { file: 'flows/decide.json' });
  });

  it('takes timers as data: delayed transitions, reminders and an escalation ladder on a deadline, working days, extensions', () => {
    const label = { 'zh-CN': '逾期', en: 'Overdue' };
    const timed = (change: (f: EditableJson) => void) => edit('flows/decide.json', change);
    const sound = timed((f) => {
      f.states.open.meta.deadline = { workingDays: 15 };
      f.states.open.meta.reminders = [{ before: { workingDays: 2 } }, { before: 'PT4H', notify: ['assignee', 'creator'] }];
      f.states.open.meta.escalation = [{ label }, { after: 'P3D', label, notify: [{ roles: ['staff'], at: 'parentStation' }] }, { after: 'P7D', label, target: 'done' }];
      f.states.open.on.DECIDE.meta.extendDeadline = { by: { workingDays: 5 }, limit: 1 };
      f.states.open.after = [{ delay: 'P1M', target: 'done', meta: { label } }];
    });
    expect(validatePack(sound).problems).toEqual([]);
    expectPackProblem(problemsOf(timed((f) => (f.states.open.meta.reminders = [{ before: 'P1D' }]))), 'TIMERS_NEED_DEADLINE', { pointer: '/states/open/meta/deadline' });
    const zero = timed((f) => {
      f.states.open.meta.deadline = 'P3D';
      f.states.open.meta.escalation = [{ after: 'PT0H', label }];
    });
    expectPackProblem(problemsOf(zero), 'DEADLINE_EMPTY', { pointer: '/states/open/meta/escalation/0/after' });
    const noDeadline = timed((f) => (f.states.open.on.DECIDE.meta.extendDeadline = { by: 'P1D', limit: 1 }));
    const refused = expectPackProblem(problemsOf(noDeadline), 'EXTENSION_STATE_INVALID', { pointer: '/states/open/on/DECIDE/meta/extendDeadline' });
    expect(refused.message['zh-CN']).toContain('延期所指的状态“open”');
    // A delayed transition to a state that does not exist is XState's refusal, per file.
    expectPackProblem(problemsOf(timed((f) => (f.states.open.after = [{ delay: 'P1D', target: 'nowhere', meta: { label } }]))), 'MACHINE_INVALID', { file: 'flows/decide.json' });
    for (const bad of [{ workingDays: 0 }, { workingDays: 1.5 }, { days: 3 }])
      expectPackProblem(problemsOf(timed((f) => (f.states.open.meta.deadline = bad))), 'FORMAT_INVALID', { file: 'flows/decide.json' });
  });

  it('takes recurring duties as data and names what they refer to that is not there', () => {
    const name = { 'zh-CN': '任务', en: 'Duty' };
    const withDuties = (duties: object[], change: (f: EditableJson) => void = () => {}) =>
      edit('pack.json', (m) => (m.duties = duties), edit('flows/decide.json', change));
    const startsBare = (f: EditableJson) => {
      f.meta.start.form = null;
      f.context = { note: null };
    };
    const sound = withDuties([{ id: 'weekly', name, every: 'week', weekday: 2, for: { role: 'staff' }, opens: 'decide', doneWhen: [{ flow: 'decide', state: 'done' }], onMiss: ['decide'] }], startsBare);
    expect(validatePack(sound).problems).toEqual([]);
    expectPackProblem(problemsOf(withDuties([{ id: 'weekly', name, every: 'week', for: { role: 'janitor' } }])), 'DUTY_SUBJECT_UNKNOWN', { pointer: '/duties/0/for/role' });
    expectPackProblem(problemsOf(withDuties([{ id: 'weekly', name, every: 'week', for: { stationType: 'village' } }])), 'DUTY_SUBJECT_UNKNOWN', { pointer: '/duties/0/for/stationType' });
    const needsInput = expectPackProblem(problemsOf(withDuties([{ id: 'weekly', name, every: 'week', for: { role: 'staff' }, opens: 'decide' }])), 'DUTY_FLOW_NEEDS_INPUT', { pointer: '/duties/0/opens' });
    expect(needsInput.message['zh-CN']).toContain('系统无法自动发起');
    expectPackProblem(problemsOf(withDuties([{ id: 'weekly', name, every: 'week', for: { role: 'staff' }, onMiss: ['nowhere'] }])), 'DUTY_FLOW_UNKNOWN', { pointer: '/duties/0/onMiss/0' });
    expectPackProblem(problemsOf(withDuties([{ id: 'weekly', name, every: 'week', for: { role: 'staff' }, doneWhen: [{ flow: 'decide', state: 'closed' }] }])), 'DUTY_STATE_UNKNOWN', { pointer: '/duties/0/doneWhen/0/state' });
    expectPackProblem(problemsOf(withDuties([{ id: 'term', name, every: 'term', for: { role: 'deputy' } }])), 'DUTY_TERM_START_MISSING', { pointer: '/duties/0/termStart' });
    expectPackProblem(problemsOf(withDuties([{ id: 'monthly', name, every: 'month', weekday: 1, for: { role: 'deputy' } }])), 'DUTY_WEEKDAY_NOT_WEEKLY', { pointer: '/duties/0/weekday' });
    expectPackProblem(problemsOf(withDuties([{ id: 'twice', name, every: 'year', for: { units: true } }, { id: 'twice', name, every: 'month', for: { units: true } }])), 'DUTY_DUPLICATE', { pointer: '/duties/1/id' });
    for (const bad of [{ id: 'x', name, every: 'fortnight', for: { units: true } }, { id: 'x', name, every: 'year', for: { units: false } }, { id: 'x', name, every: 'year', for: { role: 'staff', units: true } }])
      expectPackProblem(problemsOf(withDuties([bad])), 'FORMAT_INVALID', { file: 'pack.json' });
  });

  it('takes an item starting another as data, and names what it refers to that is not there', () => {
    const starting = (params: object, change: (f: EditableJson) => void = () => {}) =>
      edit('flows/decide.json', (f) => {
        f.states.open.on.DECIDE.actions = [{ type: 'startItem', params }];
        change(f);
      });
    // The decision form requires ok: a start that gives it (copied or fixed) is sound.
    expect(validatePack(starting({ flow: 'decide', fields: ['ok', 'note'] })).problems).toEqual([]);
    expect(validatePack(starting({ flow: 'decide', fields: { note: 'note' }, values: { ok: true }, by: 'creator' })).problems).toEqual([]);
    expectPackProblem(problemsOf(starting({ flow: 'report', fields: ['ok'] })), 'START_FLOW_UNKNOWN', { pointer: '/states/open/on/DECIDE/actions/0/params/flow' });
    expectPackProblem(problemsOf(starting({ flow: 'decide', fields: ['ok', 'remark'] })), 'ACTION_FIELD_UNKNOWN', { pointer: '/states/open/on/DECIDE/actions/0/params/fields/1' });
    const unknown = expectPackProblem(problemsOf(starting({ flow: 'decide', fields: ['ok'], values: { colour: 'red' } })), 'START_FIELD_UNKNOWN', {
      pointer: '/states/open/on/DECIDE/actions/0/params/values/colour',
    });
    expect(unknown.message['zh-CN']).toContain('不在流程“decide”的发起表单中');
    const missing = expectPackProblem(problemsOf(starting({ flow: 'decide', fields: ['note'] })), 'START_FIELDS_MISSING', { pointer: '/states/open/on/DECIDE/actions/0/params' });
    expect(missing.message.en).toContain('requires fields given no value: ok');
    expectPackProblem(problemsOf(starting({ flow: 'decide', by: 'someone' })), 'PARAMS_INVALID', { pointer: '/states/open/on/DECIDE/actions/0/params' });
    // A flow that starts itself as it starts would create items without end.
    const loop = expectPackProblem(problemsOf(starting({ flow: 'decide', fields: ['ok'] }, (f) => (f.states.open.entry = [{ type: 'startItem', params: { flow: 'decide', fields: ['ok'] } }]))), 'START_ITEM_LOOP', {
      file: 'flows/decide.json',
      pointer: '',
    });
    expect(loop.message['zh-CN']).toContain('decide → decide');
  });

  it('refuses files that are not part of the format', () => {
    const problems = problemsOf([...fixturePack(), { path: 'scripts/hook.json', text: '{}' }]);
    expectPackProblem(problems, 'FILE_NOT_IN_PACK', { file: 'scripts/hook.json' });
  });

  it('reports every problem at once, of every stage, and none that only follows from another', () => {
    const text = (zh: string) => ({ 'zh-CN': zh, en: zh });
    let files = edit('pack.json', (m) => {
      m.version = 'one'; // the format refuses pack.json…
      m.roles = [{ id: 'department', name: text('承办单位') }]; // …whose roles are still read
    });
    files = edit('forms/decision.json', (f) => (f.schema.properties.note.maxLenght = 5), files); // compiles not
    files = edit(
      'flows/decide.json',
      (f) => {
        f.meta.start.roles = ['staff', 'department', 'janitor'];
        f.states.open.on.DECIDE.guard = { type: 'runScript', params: {} };
        f.states.open.on.DECIDE.meta.form = 'draft'; // a form that breaks the format: its own problem, not a missing form
        f.states.open.on.REJECT = { target: 'done', meta: { label: text('退回'), roles: ['staff'], form: 'missing' } };
      },
      files,
    );
    files.push(
      { path: 'forms/draft.json', text: JSON.stringify({ id: 'draft', schema: { type: 'object' } }) }, // no title
      { path: 'station-types/village.json', text: JSON.stringify({ id: 'village', name: text('村级站'), parents: ['town'] }) },
    );
    const problems = problemsOf(files);
    expect(problems.map((p) => `${p.code} ${p.file}${p.pointer}`).sort()).toEqual(
      [
        'FORMAT_INVALID pack.json/version',
        'FORMAT_INVALID forms/draft.json',
        'UNKNOWN_KEYWORD forms/decision.json/schema/properties/note/maxLenght',
        'STATION_TYPE_PARENT_UNKNOWN station-types/village.json/parents/0',
        'ROLE_UNKNOWN flows/decide.json/meta/start/roles/2',
        'GUARD_UNKNOWN flows/decide.json/states/open/on/DECIDE/guard',
        'FORM_MISSING flows/decide.json/states/open/on/REJECT/meta/form',
      ].sort(),
    );
  });
});

describe('pack validator: public boards', () => {
  const opinionFlow = 'flows/opinion.json';
  const withFlow = (change: (flow: EditableJson) => void) => edit(opinionFlow, change, publicBoardFixturePack());

  it('accepts a flow that opts in with a template over choices and marks its public states', () => {
    const { content, problems } = validatePack(publicBoardFixturePack());
    expect(problems).toEqual([]);
    expect(content!.flows.opinion.meta.public!.title['zh-CN']).toBe('{category}·{village}');
  });

  it('refuses a later form that reuses a personal field name without x-personal (the repro)', () => {
    const problems = problemsOf(publicBoardFixturePack({ reuseNameUnmarked: true }));
    expect(problems).toHaveLength(1);
    const problem = expectPackProblem(problems, 'PERSONAL_INCONSISTENT', { file: 'forms/follow-up.json', pointer: '/schema/properties/name' });
    expect(problem.params).toEqual({ field: 'name', earlierForm: 'opinion', was: 'name', is: null });
    expect(problems[0].message['zh-CN']).toContain('字段“name”在表单“opinion”中标记为个人信息（name），在本表单中却没有标记为个人信息');
    expect(problems[0].message.en).toContain('field "name" is marked personal (name) in form "opinion" but not marked personal here');
  });

  it('refuses a field name marked as two different kinds of personal data', () => {
    const problems = problemsOf(edit('forms/follow-up.json', (f) => (f.schema.properties.name['x-personal'] = 'other'), publicBoardFixturePack()));
    expect(problems[0]).toMatchObject({ file: 'forms/follow-up.json', pointer: '/schema/properties/name' });
    expect(problems[0].message.en).toContain('but marked personal (other) here');
  });

  it('refuses a title template naming a personal, a free-text or an unknown field', () => {
    const problems = problemsOf(withFlow((f) => (f.meta.public.title = { 'zh-CN': '{name}：{summary}', en: '{category} in {town}' })));
    expect(problems.map((p) => [p.file, p.pointer])).toEqual([
      [opinionFlow, '/meta/public/title/zh-CN'],
      [opinionFlow, '/meta/public/title/zh-CN'],
      [opinionFlow, '/meta/public/title/en'],
    ]);
    expect(problemCodes(problems)).toEqual(['PUBLIC_TITLE_FIELD_REFUSED', 'PUBLIC_TITLE_FIELD_REFUSED', 'PUBLIC_TITLE_FIELD_MISSING']);
    expect(problems[0].message['zh-CN']).toBe('公示标题不能使用字段“name”：它是个人信息（x-personal）；标题只能使用选项、数字、日期或是否字段');
    expect(problems[0].message.en).toContain('the public title cannot use "name": it is personal data (x-personal)');
    expect(problems[1].message['zh-CN']).toContain('字段“summary”：它是自由填写的文字');
    expect(problems[1].message.en).toContain('"summary": it is free text');
    expect(problems[2].message['zh-CN']).toBe('公示标题中的字段“town”不在发起表单中');
    expect(problems[2].message.en).toContain('"town", which is not a field of the start form');
  });

  it('accepts numbers in a title, and refuses a brace that opens no field name', () => {
    expect(validatePack(withFlow((f) => (f.meta.public.title = { 'zh-CN': '{households}户反映', en: '{households} households' }))).problems).toEqual([]);
    const problems = problemsOf(withFlow((f) => (f.meta.public.title.en = '{category · {village}')));
    const problem = expectPackProblem(problems, 'PUBLIC_TITLE_INVALID', { file: opinionFlow, pointer: '/meta/public/title/en' });
    expect(problem.message['zh-CN']).toContain('公示标题模板无效');
  });

  it('refuses public fields the flow’s forms do not declare, and files', () => {
    const files = edit('forms/follow-up.json', (f) => (f.schema.properties.photo = { type: 'string', format: 'attachment', title: '照片' }), withFlow((f) => (f.meta.public.fields = ['result', 'reason', 'photo'])));
    const problems = problemsOf(files);
    expect(problems.map((p) => p.pointer)).toEqual(['/meta/public/fields/1', '/meta/public/fields/2']);
    expect(expectPackProblem(problems, 'PUBLIC_FIELD_REFUSED').params).toEqual({ field: 'photo', refusal: 'file' });
    expect(problems[0].message.en).toBe('public field "reason" is on none of the forms this flow uses'); // reason is the interview flow's
    expect(problems[1].message['zh-CN']).toBe('字段“photo”不能公示：它是附件');
  });

  it('refuses a public flow without a public state, and a public state in a flow that did not opt in', () => {
    const none = problemsOf(
      withFlow((f) => {
        delete f.states.handling.meta.public;
        delete f.states.closed.meta.public;
      }),
    );
    expectPackProblem(none, 'NO_PUBLIC_STATE', { file: opinionFlow, pointer: '/meta/public' });
    expect(none[0].message.en).toContain('no state is marked public');
    const stray = problemsOf(withFlow((f) => delete f.meta.public));
    expect(stray.map((p) => p.pointer)).toEqual(['/states/handling/meta/public', '/states/closed/meta/public']);
    expect(problemCodes(stray)).toEqual(['PUBLIC_STATE_WITHOUT_BOARD', 'PUBLIC_STATE_WITHOUT_BOARD']);
    expect(stray[0].message['zh-CN']).toContain('流程没有声明 meta.public');
  });
});

describe('flow analysis', () => {
  const text = { 'zh-CN': '状态', en: 'State' };
  const flow = (states: object): FlowDefinition =>
    ({ id: 'f', initial: 'a', meta: { title: text, start: { roles: ['staff'], form: null }, listFields: ['x'] }, states }) as FlowDefinition;
  const on = (target: string) => ({ target, meta: { label: text, roles: ['staff'], form: null } });

  it('finds states that can never be entered', () => {
    const result = analyseFlow(createFlowMachine(flow({ a: { meta: { label: text }, on: { GO: on('done') } }, orphan: { meta: { label: text }, on: { GO: on('done') } }, done: { type: 'final', meta: { label: text } } })));
    expect(result.unreachable).toEqual(['orphan']);
    expect(result.stuck).toEqual([]);
  });

  it('finds states with no way to a final state', () => {
    const result = analyseFlow(createFlowMachine(flow({ a: { meta: { label: text }, on: { GO: on('loop'), END: on('done') } }, loop: { meta: { label: text }, on: { AGAIN: on('loop') } }, done: { type: 'final', meta: { label: text } } })));
    expect(result.stuck).toEqual(['loop']);
  });

  it('follows parallel regions to their completion', () => {
    const region = (name: string) => ({ initial: 'open', meta: { label: text }, states: { open: { meta: { label: text }, on: { [name]: on('closed') } }, closed: { type: 'final', meta: { label: text } } } });
    const result = analyseFlow(
      createFlowMachine(flow({ a: { type: 'parallel', meta: { label: text }, states: { left: region('L'), right: region('R') }, onDone: 'done' }, done: { type: 'final', meta: { label: text } } })),
    );
    expect(result).toEqual({ unreachable: [], stuck: [] });
  });
});

describe('pack validator: a form must run, and its defaults must be used', () => {
  it('refuses a form whose validator fails on its first run, in both languages', () => {
    // Not parts, so within the size rule; yet ajv nests one block per entry and V8 overflows compiling it.
    const dependentRequired = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`f${i}`, ['note']]));
    const problems = problemsOf(edit('forms/decision.json', (f) => (f.schema.dependentRequired = dependentRequired)));
    expect(problems).toEqual([
      {
        file: 'forms/decision.json',
        pointer: '/schema',
        code: 'FORM_NOT_CHECKABLE',
        params: { reason: expect.any(String) },
        message: { 'zh-CN': expect.stringContaining('表单的校验程序无法运行'), en: expect.stringContaining('(rule: forms must be checkable)') },
      },
    ]);
  });

  it('refuses a default that would never be filled in, at its pointer', () => {
    const problems = problemsOf(
      edit('forms/decision.json', (f) => {
        f.schema.default = {};
        f.schema.properties.note.default = '无';
        f.schema.properties.level = { type: 'string', oneOf: [{ const: 'a', default: 'a' }, { const: 'b' }] };
      }),
    );
    expect(problems.map((p) => p.pointer)).toEqual(['/schema/default', '/schema/properties/level/oneOf/0/default']);
    expect(problemCodes(problems)).toEqual(['DEFAULT_MISPLACED', 'DEFAULT_MISPLACED']);
    expect(problems[0].message.en).toContain('rule: default placement');
  });
});
