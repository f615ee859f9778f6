import {
  localize,
  SCHEMA_PROBLEMS,
  wording,
  type LocalizedText,
  type ParamsArg,
  type ParamsOf,
  type PersonalKind,
  type SchemaProblem,
  type Wording,
} from '../../forms/index.js';

/** How a field is declared as to personal data, as PERSONAL_INCONSISTENT says it. */
const personal = (kind: PersonalKind | null) =>
  kind === null ? { zh: '没有标记为个人信息', en: 'not marked personal' } : { zh: `标记为个人信息（${kind}）`, en: `marked personal (${kind})` };

/** Why a field cannot be shown on a public board. */
export type ShownFieldRefusal = 'source' | 'file' | 'group';
const SHOWN_FIELD_REFUSALS: Record<ShownFieldRefusal, LocalizedText> = {
  source: { 'zh-CN': '是从系统数据中选取的人员编号', en: 'holds the id of a person picked from engine data (x-source)' },
  file: { 'zh-CN': '是附件', en: 'holds files' },
  group: { 'zh-CN': '是一组字段', en: 'is a group of fields' },
};

/**
 * Every problem a pack can have beyond its forms' schemas (those keep their codes from
 * SCHEMA_PROBLEMS), by code: what each says and how it reads in both languages. The checks
 * name a code and its parameters; the designer and the logs show the message derived here.
 */
export const PACK_PROBLEMS = {
  // the files
  JSON_INVALID: wording<{ reason: string }>((p) => `不是有效的 JSON：${p.reason}`, (p) => `not valid JSON: ${p.reason}`),
  FILE_NOT_IN_PACK: wording(
    () => '不属于工作模式包的文件（只允许 pack.json、forms/、flows/、station-types/、evaluations/ 下的 JSON）',
    () => 'not a pack file (only pack.json and JSON under forms/, flows/, station-types/, evaluations/ are allowed)',
  ),
  /** The pack format's JSON Schema refused the file; ajv's reason, worded in both languages. */
  FORMAT_INVALID: wording<{ reason: LocalizedText }>((p) => p.reason['zh-CN'], (p) => p.reason.en),
  ID_MISMATCH: wording<{ id: string; fileName: string }>(
    (p) => `id “${p.id}”应与文件名“${p.fileName}”一致`,
    (p) => `id "${p.id}" must match the file name "${p.fileName}"`,
  ),
  PACK_JSON_MISSING: wording(() => '缺少 pack.json（单文件模式包中为 "pack"）', () => 'pack.json is missing ("pack" in a one-file pack)'),
  /** pack.json names no format, or one this engine does not read: the pack is not read at all, rather than misread. */
  PACK_FORMAT_UNKNOWN: wording<{ format: number }>(
    (p) => `pack.json 须写明本引擎读取的包格式版本 "format": ${p.format}`,
    (p) => `pack.json must state the pack format version this engine reads, "format": ${p.format}`,
  ),

  // a pack in one file (pack-file.ts): its own shape, before its files are read
  PACK_FILE_NOT_OBJECT: wording(
    () => '不是单文件模式包：应为一个 JSON 对象，含 "pack"（即 pack.json）以及 "forms"、"flows"、"station-types"、"evaluations"',
    () => 'not a one-file pack: it must be a JSON object with "pack" (pack.json) and "forms", "flows", "station-types", "evaluations"',
  ),
  PACK_FILE_KEY_UNKNOWN: wording<{ key: string; allowed: readonly string[] }>(
    (p) => `单文件模式包中不能有“${p.key}”，只能有：${p.allowed.join('、')}`,
    (p) => `a one-file pack cannot hold "${p.key}"; it may hold only: ${p.allowed.join(', ')}`,
  ),
  PACK_FILE_FOLDER_INVALID: wording<{ folder: string }>(
    (p) => `“${p.folder}”应为一个对象，以编号为键列出其中每个文件`,
    (p) => `"${p.folder}" must be an object holding each of its files under its id`,
  ),

  // forms
  FORM_NOT_CHECKABLE: wording<{ reason: string }>(
    (p) => `表单的校验程序无法运行（${p.reason}），通常是表单太大或嵌套太深；请拆分或简化表单（规则：表单须能校验）`,
    (p) =>
      `the form's validator cannot run (${p.reason}), usually because the form is too large or too deeply nested; split or simplify it (rule: forms must be checkable)`,
  ),
  PERSONAL_INCONSISTENT: wording<{ field: string; earlierForm: string; was: PersonalKind | null; is: PersonalKind | null }>(
    (p) =>
      `字段“${p.field}”在表单“${p.earlierForm}”中${personal(p.was).zh}，在本表单中却${personal(p.is).zh}；事项数据按字段名合并各表单的内容，同名字段必须在所有表单中一致地标记 x-personal（规则：个人信息标记一致）`,
    (p) =>
      `field "${p.field}" is ${personal(p.was).en} in form "${p.earlierForm}" but ${personal(p.is).en} here; an item's data merges the forms' payloads by field name, so a field must carry the same x-personal in every form (rule: consistent personal data)`,
  ),

  // flows
  ROLE_UNKNOWN: wording<{ role: string }>(
    (p) => `未知角色“${p.role}”（可在 pack.json 的 roles 中声明）`,
    (p) => `unknown role "${p.role}" (declare it in pack.json roles)`,
  ),
  AUDITOR_ACTS: wording(() => '审计人员只读，不能发起或推进事项', () => 'auditors are read-only and cannot start or move items'),
  STATION_TYPE_PARENT_UNKNOWN: wording<{ parent: string; available: readonly string[] }>(
    (p) => `上级站点类型“${p.parent}”在本模式包中不存在（已有：${p.available.join('、') || '无'}）`,
    (p) => `parent station type "${p.parent}" is not in this pack (there are: ${p.available.join(', ') || 'none'})`,
  ),
  RELATION_KIND_DUPLICATE: wording<{ kind: string }>(
    (p) => `关系类型“${p.kind}”声明了不止一次（规则：关系类型的编号不能重复）`,
    (p) => `relation kind "${p.kind}" is declared more than once (rule: relation kind ids are unique)`,
  ),
  FORM_MISSING: wording<{ formId: string }>(
    (p) => `引用了不存在的表单“${p.formId}”`,
    (p) => `refers to a form that does not exist: "${p.formId}"`,
  ),
  GUARD_UNKNOWN: wording<{ name: string; available: readonly string[] }>(
    (p) => `未知的条件“${p.name}”，可用：${p.available.join(', ')}`,
    (p) => `unknown guard "${p.name}"; available: ${p.available.join(', ')}`,
  ),
  ACTION_UNKNOWN: wording<{ name: string; available: readonly string[] }>(
    (p) => `未知的动作“${p.name}”，可用：${p.available.join(', ')}`,
    (p) => `unknown action "${p.name}"; available: ${p.available.join(', ')}`,
  ),
  /** A guard's or action's params broke its schema in the catalogue; ajv's reason (English). */
  PARAMS_INVALID: wording<{ reason: string }>((p) => `参数不正确：${p.reason}`, (p) => `invalid params: ${p.reason}`),
  BRANCHES_DIFFER: wording<{ event: string }>(
    (p) => `事件 ${p.event} 的各个分支必须使用相同的表单、角色和发送人限制`,
    (p) => `every branch of event ${p.event} must have the same form, roles and actor`,
  ),
  FINAL_STATE_NOT_FINAL: wording(() => '终止状态不能有事件或子状态', () => 'a final state cannot have events or child states'),
  DEADLINE_FIELD_UNKNOWN: wording<{ field: string }>(
    (p) => `办理期限所依据的“${p.field}”不是本流程表单中的日期字段`,
    (p) => `the deadline's "${p.field}" is not a date field of a form of this flow`,
  ),
  DEADLINE_EMPTY: wording<{ deadline: string }>(
    (p) => `办理期限“${p.deadline}”为零：请写明时长，例如 P3D（3天）、PT48H（48小时）、P1W（1周）、P1M（1个月）`,
    (p) => `deadline "${p.deadline}" is zero: give a length, such as P3D (3 days), PT48H (48 hours), P1W (1 week), P1M (1 month)`,
  ),
  TIMERS_NEED_DEADLINE: wording<{ state: string }>(
    (p) => `状态“${p.state}”设置了到期提醒或逾期升级，但没有办理期限（meta.deadline）`,
    (p) => `state "${p.state}" has reminders or an escalation ladder but no deadline (meta.deadline)`,
  ),
  EXTENSION_STATE_INVALID: wording<{ state: string }>(
    (p) => `延期所指的状态“${p.state}”不存在、没有办理期限，或期限取自表单日期（按日期的期限不能延期）`,
    (p) => `the extension's state "${p.state}" does not exist, has no deadline, or takes its deadline from a date (which cannot be extended)`,
  ),
  DUTY_DUPLICATE: wording<{ duty: string }>((p) => `履职任务“${p.duty}”重复定义`, (p) => `duty "${p.duty}" is declared twice`),
  DUTY_SUBJECT_UNKNOWN: wording<{ value: string }>(
    (p) => `履职任务的对象“${p.value}”不是本模式包的站点类型、角色或关系类型`,
    (p) => `the duty's subjects "${p.value}" are not a station type, role or relation kind of this pack`,
  ),
  DUTY_FLOW_UNKNOWN: wording<{ flowId: string }>((p) => `履职任务引用了不存在的流程“${p.flowId}”`, (p) => `the duty refers to a flow that does not exist: "${p.flowId}"`),
  DUTY_FLOW_NEEDS_INPUT: wording<{ flowId: string }>(
    (p) => `流程“${p.flowId}”发起时需要填写表单，系统无法自动发起：请将其 meta.start.form 设为 null，在第一步再填写`,
    (p) => `flow "${p.flowId}" needs a form to start, so the engine cannot start it: set its meta.start.form to null and ask for the form in its first step`,
  ),
  DUTY_STATE_UNKNOWN: wording<{ flowId: string; state: string }>((p) => `流程“${p.flowId}”中没有状态“${p.state}”`, (p) => `flow "${p.flowId}" has no state "${p.state}"`),
  DUTY_TERM_START_MISSING: wording<{ duty: string }>(
    (p) => `履职任务“${p.duty}”按届执行，请写明本届起始日期（termStart）`,
    (p) => `duty "${p.duty}" runs once per term: give the term's first day (termStart)`,
  ),
  DUTY_WEEKDAY_NOT_WEEKLY: wording<{ duty: string }>(
    (p) => `履职任务“${p.duty}”不是每周执行，不能指定星期几（weekday）`,
    (p) => `duty "${p.duty}" is not weekly, so it cannot name a weekday`,
  ),
  LIST_FIELD_UNKNOWN: wording<{ field: string }>(
    (p) => `列表字段“${p.field}”不在发起表单或初始数据中`,
    (p) => `list field "${p.field}" is neither on the start form nor in the initial context`,
  ),
  // directory actions (registerStation, linkTo, unlink)
  STATION_TYPE_UNKNOWN: wording<{ stationType: string; available: readonly string[] }>(
    (p) => `站点类型“${p.stationType}”在本模式包中不存在（已有：${p.available.join('、') || '无'}）`,
    (p) => `station type "${p.stationType}" is not in this pack (there are: ${p.available.join(', ') || 'none'})`,
  ),
  ACTION_FIELD_UNKNOWN: wording<{ field: string }>(
    (p) => `字段“${p.field}”不在此流程使用的任何表单或初始数据中`,
    (p) => `field "${p.field}" is on none of the forms this flow uses, nor in its initial context`,
  ),
  START_FLOW_UNKNOWN: wording<{ flowId: string }>((p) => `本模式包中没有流程“${p.flowId}”，无法启动其事项`, (p) => `the pack has no flow "${p.flowId}" to start an item of`),
  START_FIELD_UNKNOWN: wording<{ field: string; flowId: string }>(
    (p) => `字段“${p.field}”不在流程“${p.flowId}”的发起表单中`,
    (p) => `field "${p.field}" is not on the start form of flow "${p.flowId}"`,
  ),
  START_FIELDS_MISSING: wording<{ flowId: string; fields: readonly string[] }>(
    (p) => `流程“${p.flowId}”的发起表单必填字段没有取值：${p.fields.join('、')}`,
    (p) => `the start form of flow "${p.flowId}" requires fields given no value: ${p.fields.join(', ')}`,
  ),
  START_ITEM_LOOP: wording<{ flows: readonly string[] }>(
    (p) => `流程在发起时互相启动，会无休止地新建事项：${p.flows.join(' → ')}`,
    (p) => `flows start each other as they start, which would create items without end: ${p.flows.join(' → ')}`,
  ),
  STATION_ATTRIBUTE_UNKNOWN: wording<{ attribute: string; formId: string; available: readonly string[] }>(
    (p) => `站点属性“${p.attribute}”不在该站点类型的属性表单“${p.formId}”中（已有：${p.available.join('、') || '无'}）`,
    (p) => `station attribute "${p.attribute}" is not on the station type's attribute form "${p.formId}" (there are: ${p.available.join(', ') || 'none'})`,
  ),
  LINK_FIELD_NOT_SOURCE: wording<{ field: string; kind: string; sources: readonly string[] }>(
    (p) => `关联字段“${p.field}”应是此流程表单中从系统数据选取的字段（x-source 为 ${p.sources.join(' 或 ')}），才能关联到${({ station: '站点', unit: '单位', person: '人员' } as Record<string, string>)[p.kind] ?? p.kind}`,
    (p) => `link field "${p.field}" must be a field of this flow's forms picked from engine data (x-source ${p.sources.join(' or ')}) to link a ${p.kind}`,
  ),
  MACHINE_INVALID: wording<{ reason: string }>((p) => `状态机配置无效：${p.reason}`, (p) => `the state machine config is invalid: ${p.reason}`),

  // public boards
  PUBLIC_STATE_WITHOUT_BOARD: wording(
    () => '流程没有声明 meta.public（公示），此状态的公示设置不会生效',
    () => 'the flow has no meta.public, so marking this state public shows nothing',
  ),
  PUBLIC_TITLE_INVALID: wording<{ problem: LocalizedText }>(
    (p) => `公示标题模板无效：${p.problem['zh-CN']}`,
    (p) => `the public title template is invalid: ${p.problem.en}`,
  ),
  PUBLIC_TITLE_FIELD_MISSING: wording<{ field: string }>(
    (p) => `公示标题中的字段“${p.field}”不在发起表单中`,
    (p) => `the public title names "${p.field}", which is not a field of the start form`,
  ),
  PUBLIC_TITLE_FIELD_REFUSED: wording<{ field: string; refusal: LocalizedText }>(
    (p) => `公示标题不能使用字段“${p.field}”：它${p.refusal['zh-CN']}；标题只能使用选项、数字、日期或是否字段`,
    (p) => `the public title cannot use "${p.field}": it ${p.refusal.en}; a title may use only choices, numbers, dates and yes/no fields`,
  ),
  PUBLIC_FIELD_MISSING: wording<{ field: string }>(
    (p) => `公示字段“${p.field}”不在此流程使用的任何表单中`,
    (p) => `public field "${p.field}" is on none of the forms this flow uses`,
  ),
  PUBLIC_FIELD_REFUSED: wording<{ field: string; refusal: ShownFieldRefusal }>(
    (p) => `字段“${p.field}”不能公示：它${SHOWN_FIELD_REFUSALS[p.refusal]['zh-CN']}`,
    (p) => `field "${p.field}" cannot be shown publicly: it ${SHOWN_FIELD_REFUSALS[p.refusal].en}`,
  ),
  NO_PUBLIC_STATE: wording(
    () => '没有任何状态标记为公示（meta.public: true），此流程的事项不会出现在公示栏',
    () => 'no state is marked public (meta.public: true), so no item of this flow would ever show on a board',
  ),

  // publishing
  COUNTY_UNKNOWN: wording<{ county: string }>((p) => `未知的区县“${p.county}”`, (p) => `unknown county "${p.county}"`),
  PACK_COUNTY_NOT_YOURS: wording<{ county: string; yours: string }>(
    (p) => `此模式包属于区县“${p.county}”，您只能发布本区县（${p.yours}）的模式包`,
    (p) => `this pack belongs to county "${p.county}"; you may publish only packs of your own county (${p.yours})`,
  ),
  VERSION_PUBLISHED: wording<{ version: string }>(
    (p) => `版本 ${p.version} 已发布且内容不同；已发布的版本不可修改，请提高版本号`,
    (p) => `version ${p.version} was already published with different content; published versions are immutable, raise the version`,
  ),
};

/** A problem of the pack itself, or of one of its forms' schemas. */
export type PackProblemCode = keyof typeof PACK_PROBLEMS | SchemaProblem['code'];
const ALL_PROBLEMS = { ...SCHEMA_PROBLEMS, ...PACK_PROBLEMS };

/** What a pack problem's message reads. */
export type PackProblemParams<C extends PackProblemCode> = ParamsOf<(typeof ALL_PROBLEMS)[C]>;

/**
 * Something wrong with a pack: which file, where in it (JSON pointer), which rule (a code with
 * its parameters), and the message people read, derived from the code, in both languages.
 */
export type PackProblem = {
  [C in PackProblemCode]: { file: string; pointer: string; code: C; params: PackProblemParams<C>; message: LocalizedText };
}[PackProblemCode];

export function packProblem<C extends PackProblemCode>(file: string, pointer: string, code: C, ...[params]: ParamsArg<PackProblemParams<C>>): PackProblem {
  const given = (params ?? {}) as PackProblemParams<C>;
  // The union cannot be narrowed by a generic code; the catalogue entry is the one for this code.
  return { file, pointer, code, params: given, message: localize(ALL_PROBLEMS[code] as Wording<PackProblemParams<C>>, given) } as PackProblem;
}

/** A form's schema problem, as a problem of the pack file that holds the form (its pointer under /schema). */
export const formSchemaProblem = (file: string, problem: SchemaProblem): PackProblem => ({ ...problem, file, pointer: `/schema${problem.pointer}` });

/** How the checks of a pack report what they find. */
export type ReportProblem = <C extends PackProblemCode>(file: string, pointer: string, code: C, ...params: ParamsArg<PackProblemParams<C>>) => void;
