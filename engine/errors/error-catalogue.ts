import { listIn, localize, type LocalizedText, type NoParams, type Wording } from '../../forms/index.js';

/** One code of the catalogue: the HTTP status it answers with and its sentence in each language. */
export interface ErrorSpec<P> extends Wording<P> {
  status: number;
}

/** A code whose sentences read the parameters P; a code left without P takes none. */
const error = <P extends object = NoParams>(status: number, zh: (p: P) => string, en: (p: P) => string): ErrorSpec<P> => ({ status, 'zh-CN': zh, en });

/** A byte count as people read it: 10 MB, 200 KB, 512 B. */
const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;

/** What REQUEST_TEXT_INVALID says about each rule a request's text can break. */
const TEXT_RULES = {
  noNul: { 'zh-CN': '含有空字符（U+0000）', en: 'contains a NUL character (U+0000)' },
  wellFormed: { 'zh-CN': '含有不成对的 UTF-16 代理字符', en: 'contains an unpaired UTF-16 surrogate' },
  noPrototypeKey: { 'zh-CN': '是保留名称，不能用作字段名', en: 'is a reserved name that cannot be a field name' },
};
export type TextRule = keyof typeof TEXT_RULES;

/**
 * What COUNTY_FIELD_INVALID and DIRECTORY_FIELD_INVALID say about each rule a county, a person,
 * a unit or a station can break as the operator or the county's administrator enters them.
 */
const FIELD_RULES = {
  id: { 'zh-CN': '只能由小写字母、数字和连字符组成，以字母开头，2 到 40 个字符', en: 'must be 2 to 40 lowercase letters, digits or hyphens, starting with a letter' },
  name: { 'zh-CN': '不能为空，且不超过 60 个字符', en: 'must not be empty and at most 60 characters' },
  username: { 'zh-CN': '只能由字母、数字、点、下划线和连字符组成，2 到 40 个字符', en: 'must be 2 to 40 letters, digits, dots, underscores or hyphens' },
  password: { 'zh-CN': '至少 8 个字符', en: 'must be at least 8 characters' },
  passwordReused: { 'zh-CN': '不能与当前密码相同', en: 'must differ from the current password' },
  selfLockout: { 'zh-CN': '不能停用导入人自己的账号或取消其管理员角色', en: 'may not disable the importing administrator or remove their administrator role' },
  roleUnknown: { 'zh-CN': '含有本区县模式包中没有的角色', en: "names a role none of the county's packs declares" },
  stationUnknown: { 'zh-CN': '含有本区县没有的站点', en: 'names a station this county does not have' },
  unitUnknown: { 'zh-CN': '不是本区县的单位', en: 'is not a unit of this county' },
  deputyLevel: { 'zh-CN': '只能是全国、省、市、县、乡镇之一', en: 'must be one of national, provincial, city, county, township' },
  stationTypeUnknown: { 'zh-CN': '不是本区县模式包中声明的站点类型', en: "is not a station type declared by the county's packs" },
  parentNotAllowed: { 'zh-CN': '的站点类型不允许挂在该上级站点下', en: 'is a station whose type this station type may not hang under' },
  parentLoop: { 'zh-CN': '会使站点成为自己的下级', en: 'would put the station under itself' },
  closedBeforeOpened: { 'zh-CN': '早于设立日期', en: 'is before the opening date' },
  attributes: { 'zh-CN': '不符合该站点类型的属性表单', en: "does not satisfy the station type's attribute form" },
  stationId: { 'zh-CN': '只能由字母、数字和连字符组成，1 到 63 个字符', en: 'must be 1 to 63 letters, digits or hyphens' },
  required: { 'zh-CN': '不能为空', en: 'must not be empty' },
  kind: { 'zh-CN': '不超过 30 个字符', en: 'must be at most 30 characters' },
  tooMany: { 'zh-CN': '列出的项目过多', en: 'lists too many entries' },
  // Households and relations (household-rules.ts, relation-rules.ts).
  householdCode: { 'zh-CN': '只能由文字、数字、连字符、下划线和点组成，1 到 40 个字符', en: 'must be 1 to 40 letters, digits, hyphens, underscores or dots' },
  phone: { 'zh-CN': '只能由数字、空格、加号和连字符组成，不超过 20 个字符', en: 'must be at most 20 digits, spaces, plus signs or hyphens' },
  note: { 'zh-CN': '不超过 500 个字符', en: 'must be at most 500 characters' },
  relationKindUnknown: { 'zh-CN': '不是本区县模式包中声明的关系类型', en: "is not a relation kind declared by the county's packs" },
  endTypeWrong: { 'zh-CN': '不是该关系类型在这一端要求的类别（人员、单位、站点或农户）', en: 'is not the kind of entry (person, unit, station or household) this relation kind links at this end' },
  personUnknown: { 'zh-CN': '不是本区县的人员', en: 'is not a person of this county' },
  householdUnknown: { 'zh-CN': '不是本区县的农户', en: 'is not a household of this county' },
  endsBeforeStarts: { 'zh-CN': '早于开始日期', en: 'is before the start date' },
  relationDuplicate: { 'zh-CN': '与同一对象之间已有同类关系在这段时间内有效', en: 'already has a relation of this kind with the same other end in force in this period' },
  noAttributes: { 'zh-CN': '应为空：该关系类型没有属性表单', en: 'must be empty: this relation kind has no attribute form' },
  atMost: { 'zh-CN': '在这段时间内已有该关系类型允许的最多数量的关系', en: 'already has as many relations of this kind in force in this period as the kind allows' },
  // The rules below are those of a directory imported from Excel (directory-import.ts).
  firstPassword: { 'zh-CN': '新人员必须填写，至少 8 个字符', en: 'is required for a new person: at least 8 characters' },
  duplicate: { 'zh-CN': '在本工作表中出现了不止一次', en: 'appears more than once in this sheet' },
  status: { 'zh-CN': '只能是“正常”或“已停用”', en: 'must be 正常 (active) or 已停用 (disabled)' },
  date: { 'zh-CN': '应为日期，如 2026-03-01', en: 'must be a date, such as 2026-03-01' },
  json: { 'zh-CN': '应为 JSON 对象，如 {"特色": "调解"}', en: 'must be a JSON object, such as {"特色": "调解"}' },
  unstorable: {
    'zh-CN': '含有无法保存的内容（空字符、不成对的代理字符、保留的字段名或过深的嵌套）',
    en: 'holds what cannot be stored (a NUL, an unpaired surrogate, a reserved key or too deep nesting)',
  },
  cellValue: { 'zh-CN': '是错误值或没有计算结果的公式，请填写数值本身', en: 'is an error value or a formula without a computed value; enter the value itself' },
  headerMissing: { 'zh-CN': '这一列不存在：工作表第 1 行应有此列标题', en: 'is missing: row 1 of the sheet must have this column heading' },
  // The county's working calendar (calendar-rules.ts).
  calendarDay: { 'zh-CN': '应为确实存在的日期，如 2026-10-01', en: 'must be a date that exists, such as 2026-10-01' },
  calendarYear: { 'zh-CN': '应在 2000 年至 2099 年之间', en: 'must be within the years 2000 to 2099' },
  calendarKind: { 'zh-CN': '只能是“节假日”“调休上班”或“恢复”', en: 'must be 节假日 (public holiday), 调休上班 (make-up working day) or 恢复 (back to the weekday rule)' },
  holidayName: { 'zh-CN': '不超过 30 个字符', en: 'must be at most 30 characters' },
  workdayOnWeekday: {
    'zh-CN': '是星期一至星期五，本来就上班：调休上班只能设在星期六或星期日',
    en: 'is a weekday, a working day anyway: a make-up working day must be a Saturday or Sunday',
  },
};
export type FieldRule = keyof typeof FIELD_RULES;

type Roles = { roles: readonly string[]; actorRoles: readonly string[] };
/** An event as a refusal names it: its label when the flow gives one, else its type. */
type EventNamed = { event: string; label?: LocalizedText };
const eventName = (p: EventNamed, locale: 'zh-CN' | 'en') => p.label?.[locale] ?? p.event;

/**
 * Every error the API can answer with, by code. One place for the status and both languages,
 * as Fastify keeps its FST_ERR_* codes. Clients switch on the code; people read the message.
 * Each entry declares its parameters through error<P>(); no `satisfies` on the map, whose
 * contextual type would make TypeScript infer every P as never.
 */
export const ERRORS = {
  AUTH_REQUIRED: error(401, () => '请先登录', () => 'Please log in first'),
  LOGIN_FAILED: error(401, () => '区县、用户名或密码不正确', () => 'County, user name or password is wrong'),
  LOGIN_LOCKED: error<{ retryAfterSeconds: number }>(
    429,
    (p) => `登录失败次数过多，已暂时锁定，请 ${Math.ceil(p.retryAfterSeconds / 60)} 分钟后再试`,
    (p) => {
      const minutes = Math.ceil(p.retryAfterSeconds / 60);
      return `Too many failed logins: login is locked for now; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
    },
  ),
  NOT_FOUND: error<{ what?: LocalizedText }>(
    404,
    (p) => `找不到${p.what?.['zh-CN'] ?? '所请求的内容'}`,
    (p) => `${p.what?.en ?? 'The requested resource'} was not found`,
  ),
  ITEM_NOT_FOUND: error<{ itemId: string }>(404, (p) => `找不到事项 ${p.itemId}`, (p) => `Item ${p.itemId} was not found`),
  DUTY_NOT_FOUND: error<{ dutyId: string }>(404, () => '找不到这项履职任务', () => 'This duty was not found'),
  DUTY_DAY_INVALID: error<{ day: string }>(400, (p) => `日期“${p.day}”无效，应为 YYYY-MM-DD 格式的真实日期`, (p) => `"${p.day}" is not a date: give a real date as YYYY-MM-DD`),
  PACK_NOT_FOUND: error<{ packId: string; version?: string }>(
    404,
    (p) => `找不到工作模式包 ${p.packId}${p.version ? `（版本 ${p.version}）` : ''}`,
    (p) => `Pack ${p.packId}${p.version ? ` version ${p.version}` : ''} was not found`,
  ),
  FLOW_NOT_FOUND: error<{ packId: string; flowId: string }>(
    404,
    (p) => `工作模式包 ${p.packId} 中没有流程 ${p.flowId}`,
    (p) => `Pack ${p.packId} has no flow ${p.flowId}`,
  ),
  FORM_NOT_FOUND: error<{ packId: string; formId: string }>(
    404,
    (p) => `工作模式包 ${p.packId} 中没有表单 ${p.formId}`,
    (p) => `Pack ${p.packId} has no form ${p.formId}`,
  ),
  PACKS_ADMIN_ONLY: error(
    403,
    () => '只有本区县的管理员可以检查和发布模式包',
    () => "Only the county's administrators may check and publish packs",
  ),
  PACK_EXPORT_NOT_ALLOWED: error(
    403,
    () => '只有管理员和审计人员可以导出模式包',
    () => 'Only administrators and auditors may export packs',
  ),
  PACK_INVALID: error<{ count: number }>(
    422,
    (p) => `模式包有 ${p.count} 处问题，未发布；请按检查报告逐项修改后重新上传`,
    (p) => `The pack has ${p.count} problem${p.count === 1 ? '' : 's'} and was not published; fix each as the report says and upload it again`,
  ),
  STATION_NOT_YOURS: error<{ stationId: string }>(
    403,
    (p) => `字段“stationId”：您不在站点 ${p.stationId} 及其上级站点工作，不能在那里登记事项`,
    (p) => `Field "stationId": you do not work at station ${p.stationId} or a station above it, so you cannot file items there`,
  ),
  STATION_REQUIRED: error(
    400,
    () => '字段“stationId”（所属站点）为必填项：此流程的事项必须属于一个站点',
    () => 'Field "stationId" (station) is required: items of this flow belong to a station',
  ),
  COUNTY_FIELD_INVALID: error<{ field: string; rule: FieldRule }>(
    400,
    (p) => `字段“${p.field}”${FIELD_RULES[p.rule]['zh-CN']}`,
    (p) => `Field "${p.field}" ${FIELD_RULES[p.rule].en}`,
  ),
  DIRECTORY_FIELD_INVALID: error<{ field: string; rule: FieldRule; value?: string }>(
    400,
    (p) => `字段“${p.field}”${p.value ? `（${p.value}）` : ''}${FIELD_RULES[p.rule]['zh-CN']}`,
    (p) => `Field "${p.field}"${p.value ? ` (${p.value})` : ''} ${FIELD_RULES[p.rule].en}`,
  ),
  DIRECTORY_ADMIN_ONLY: error(403, () => '只有本区县的管理员可以管理人员、单位、站点、农户和关系', () => "Only the county's administrators may manage its people, units, stations, households and relations"),
  ADMIN_SELF_LOCKOUT: error<{ field: 'disabled' | 'roles' }>(
    409,
    (p) => `字段“${p.field}”：不能停用自己的账号或取消自己的管理员角色（规则：管理员不能把自己锁在外面）；请由另一位管理员操作`,
    (p) => `Field "${p.field}": you cannot disable your own account or remove your own administrator role (rule: an administrator cannot lock themselves out); ask another administrator`,
  ),
  USERNAME_TAKEN: error<{ username: string }>(409, (p) => `字段“username”：用户名 ${p.username} 已被使用`, (p) => `Field "username": the user name ${p.username} is taken`),
  UNIT_NAME_TAKEN: error<{ name: string }>(409, (p) => `字段“name”：已有名为“${p.name}”的单位`, (p) => `Field "name": there is already a unit named "${p.name}"`),
  STATION_EXISTS: error<{ stationId: string }>(409, (p) => `字段“id”：站点编号 ${p.stationId} 已被使用`, (p) => `Field "id": the station id ${p.stationId} is taken`),
  DIRECTORY_IMPORT_INVALID: error<{ count: number }>(
    422,
    (p) => `导入文件中有 ${p.count} 处问题，未导入任何内容；请按问题清单逐行修改后重新导入`,
    (p) => `The file has ${p.count} problem(s), so nothing was imported; fix the rows the report names and import it again`,
  ),
  DIRECTORY_IMPORT_CONFLICT: error(
    409,
    () => '导入期间其他管理员修改了人员、单位或站点，未导入任何内容；请重新导入',
    () => 'Another administrator changed the directory during the import, so nothing was imported; import the file again',
  ),
  DIRECTORY_FILE_INVALID: error(
    415,
    () => '这不是有效的 Excel 工作簿（.xlsx）：请在 Excel 或 WPS 中另存为不加密的 .xlsx 文件后再导入',
    () => 'This is not a valid Excel workbook (.xlsx): save it from Excel or WPS as an unencrypted .xlsx file and import that',
  ),
  DIRECTORY_FILE_TOO_LARGE: error<{ maxBytes: number; unpacked?: boolean }>(
    413,
    (p) => `文件太大：导入的 Excel 文件${p.unpacked ? '解压后' : ''}最大 ${size(p.maxBytes)}`,
    (p) => `The file is too large: an imported Excel file takes at most ${size(p.maxBytes)}${p.unpacked ? ' unpacked' : ''}`,
  ),
  DIRECTORY_TOO_MANY_ROWS: error<{ sheet?: string; maxRows: number }>(
    413,
    (p) => `${p.sheet ? `工作表“${p.sheet}”` : '工作簿的行或单元格过多：每个工作表'}最多 ${p.maxRows} 行，请分批导入`,
    (p) => `${p.sheet ? `Sheet "${p.sheet}" has too many rows: a sheet` : 'The workbook has too many rows or cells: each sheet'} takes at most ${p.maxRows} rows; import it in parts`,
  ),
  DIRECTORY_SHEETS_MISSING: error<{ sheets: readonly string[] }>(
    422,
    (p) => `工作簿中没有可导入的工作表：应有“${p.sheets.join('”“')}”中的至少一个`,
    (p) => `The workbook has no sheet to import: it needs at least one of "${p.sheets.join('", "')}"`,
  ),
  CALENDAR_FIELD_INVALID: error<{ field: string; rule: FieldRule; value?: string }>(
    400,
    (p) => `字段“${p.field}”${p.value ? `（${p.value}）` : ''}${FIELD_RULES[p.rule]['zh-CN']}`,
    (p) => `Field "${p.field}"${p.value ? ` (${p.value})` : ''} ${FIELD_RULES[p.rule].en}`,
  ),
  CALENDAR_ADMIN_ONLY: error(403, () => '只有本区县的管理员可以修改工作日历', () => "Only the county's administrators may change its working calendar"),
  CALENDAR_IMPORT_INVALID: error<{ count: number }>(
    422,
    (p) => `导入文件中有 ${p.count} 处问题，工作日历未做任何修改；请按问题清单逐行修改后重新导入`,
    (p) => `The file has ${p.count} problem(s), so the working calendar was not changed; fix the rows the report names and import it again`,
  ),
  CALENDAR_DAY_CONFLICT: error<{ day: string }>(
    409,
    (p) => `字段“day”：${p.day} 刚刚被另一位管理员修改，未保存；请刷新后重试`,
    (p) => `Field "day": ${p.day} was changed by another administrator at the same moment, so nothing was saved; reload and try again`,
  ),
  CALENDAR_NOT_CURRENT: error(
    503,
    () => '暂时无法确认最新的工作日历（与数据库的通知连接中断），未计算期限；请稍后重试',
    () => 'The latest working calendar cannot be confirmed just now (the notice connection to the database is down), so no deadline was computed; try again shortly',
  ),
  HOUSEHOLD_CODE_TAKEN: error<{ code: string }>(409, (p) => `字段“code”：户编号 ${p.code} 已被使用`, (p) => `Field "code": the household code ${p.code} is taken`),
  HOUSEHOLD_NOT_FOUND: error<{ householdId: string }>(404, (p) => `本区县没有这个农户（${p.householdId}）`, (p) => `This county has no such household (${p.householdId})`),
  RELATION_NOT_FOUND: error<{ relationId: string }>(404, (p) => `本区县没有这条关系（${p.relationId}）`, (p) => `This county has no such relation (${p.relationId})`),
  PERSON_NOT_FOUND: error<{ userId: string }>(404, (p) => `本区县没有这个人员（${p.userId}）`, (p) => `This county has no such person (${p.userId})`),
  UNIT_NOT_FOUND: error<{ unitId: string }>(404, (p) => `本区县没有这个单位（${p.unitId}）`, (p) => `This county has no such unit (${p.unitId})`),
  PASSWORD_CHANGE_REQUIRED: error(403, () => '请先修改初始密码', () => 'Please change your initial password first'),
  PASSWORD_WRONG: error(400, () => '字段“currentPassword”：当前密码不正确', () => 'Field "currentPassword": the current password is wrong'),
  OPERATOR_LOGIN_FAILED: error(401, () => '运维账号的用户名或密码不正确', () => 'The operator user name or password is wrong'),
  OPERATOR_ONLY: error(403, () => '只有平台运维人员可以管理区县；区县的账号不能使用这些功能', () => "Only the platform's operators may manage counties; a county's accounts cannot use this"),
  OPERATOR_NOT_COUNTY_USER: error(
    403,
    () => '平台运维人员不属于任何区县，不能查看或办理区县的事项、人员、待办和审计轨迹',
    () => "Platform operators belong to no county and cannot read or act on a county's items, people, inbox or traces",
  ),
  OPERATOR_FIELD_INVALID: error<{ field: string; rule: FieldRule }>(
    400,
    (p) => `字段“${p.field}”${FIELD_RULES[p.rule]['zh-CN']}`,
    (p) => `Field "${p.field}" ${FIELD_RULES[p.rule].en}`,
  ),
  OPERATOR_EXISTS: error<{ username: string }>(409, (p) => `字段“username”：运维账号 ${p.username} 已存在`, (p) => `Field "username": the operator ${p.username} already exists`),
  OPERATOR_NOT_FOUND: error<{ username: string }>(404, (p) => `没有运维账号 ${p.username}`, (p) => `There is no operator ${p.username}`),
  COUNTY_EXISTS: error<{ countyId: string }>(409, (p) => `字段“id”：区县 ${p.countyId} 已存在`, (p) => `Field "id": county ${p.countyId} already exists`),
  COUNTY_NOT_FOUND: error<{ countyId: string }>(404, (p) => `没有区县 ${p.countyId}`, (p) => `There is no county ${p.countyId}`),
  STATION_NOT_FOUND: error<{ stationId: string }>(
    400,
    (p) => `字段“stationId”：本区县没有站点 ${p.stationId}`,
    (p) => `Field "stationId": this county has no station ${p.stationId}`,
  ),
  START_NOT_ALLOWED: error<Roles>(
    403,
    (p) => `您的角色（${listIn(p.actorRoles, 'zh-CN')}）不能发起此流程，可发起的角色：${listIn(p.roles, 'zh-CN')}`,
    (p) => `Your roles (${listIn(p.actorRoles, 'en')}) may not start this flow; roles that may: ${listIn(p.roles, 'en')}`,
  ),
  AUDIT_NOT_ALLOWED: error(
    403,
    () => '只有审计人员和管理员可以查看和核验签名存证',
    () => 'Only auditors and administrators may read and verify signed checkpoints',
  ),
  AUDITOR_READ_ONLY: error(403, () => '审计人员只能查看，不能修改任何内容', () => 'Auditors have read-only access and cannot change anything'),
  ROLE_NOT_ALLOWED: error<EventNamed & Roles>(
    403,
    (p) => `您的角色（${listIn(p.actorRoles, 'zh-CN')}）不能执行“${eventName(p, 'zh-CN')}”，可执行的角色：${listIn(p.roles, 'zh-CN')}`,
    (p) => `Your roles (${listIn(p.actorRoles, 'en')}) may not send "${eventName(p, 'en')}"; roles that may: ${listIn(p.roles, 'en')}`,
  ),
  ASSIGNED_ELSEWHERE: error<EventNamed>(
    403,
    (p) => `此事项已分派给其他单位、人员或站点办理，您不能执行“${eventName(p, 'zh-CN')}”`,
    (p) => `This item is assigned to another unit, person or station; you may not send "${eventName(p, 'en')}"`,
  ),
  CLAIMED_BY_OTHER: error<EventNamed>(
    403,
    (p) => `此事项已由本单位其他人员认领，您不能执行“${eventName(p, 'zh-CN')}”；可请认领人释放或转交`,
    (p) => `Another member of your unit has claimed this item; you may not send "${eventName(p, 'en')}" — ask them to release or hand it over`,
  ),
  NOT_ASSIGNED_TO_UNIT: error<EventNamed>(
    409,
    (p) => `此事项当前没有分派给单位，不能“${eventName(p, 'zh-CN')}”`,
    (p) => `This item is not assigned to a unit now, so it cannot be "${eventName(p, 'en')}"`,
  ),
  CLAIM_STATE_WRONG: error<EventNamed & { claimed: boolean }>(
    409,
    (p) => (p.claimed ? `此事项已经认领，不能再“${eventName(p, 'zh-CN')}”` : `此事项还没有人认领，不能“${eventName(p, 'zh-CN')}”`),
    (p) => (p.claimed ? `This item is already claimed; it cannot be "${eventName(p, 'en')}" again` : `Nobody has claimed this item yet, so it cannot be "${eventName(p, 'en')}"`),
  ),
  STATION_NAME_TAKEN: error<EventNamed & { field: string; name: string }>(
    409,
    (p) => `“${eventName(p, 'zh-CN')}”未执行：字段“${p.field}”给出的站点名称“${p.name}”已被同一上级下的另一站点使用，请改用其他名称后重试`,
    (p) => `"${eventName(p, 'en')}" was not done: the station name "${p.name}" given by field "${p.field}" is taken by another station under the same parent; use another name and try again`,
  ),
  STATION_REGISTRATION_INVALID: error<EventNamed & { field: string; rule: FieldRule; value?: string }>(
    422,
    (p) => `“${eventName(p, 'zh-CN')}”未执行：要登记的站点取自字段“${p.field}”的值${p.value ? `（${p.value}）` : ''}${FIELD_RULES[p.rule]['zh-CN']}`,
    (p) => `"${eventName(p, 'en')}" was not done: the station to register takes field "${p.field}", whose value${p.value ? ` (${p.value})` : ''} ${FIELD_RULES[p.rule].en}`,
  ),
  STATION_ATTRIBUTES_INVALID: error<EventNamed & { field: string; attribute: string; reason: LocalizedText }>(
    422,
    (p) => `“${eventName(p, 'zh-CN')}”未执行：站点属性“${p.attribute}”（取自字段“${p.field}”）不符合该站点类型的属性表单：${p.reason['zh-CN']}`,
    (p) => `"${eventName(p, 'en')}" was not done: station attribute "${p.attribute}" (from field "${p.field}") does not satisfy the station type's attribute form: ${p.reason.en}`,
  ),
  CLAIM_TARGET_INVALID: error(400, () => '字段“userId”：只能转交给本单位在岗的人员', () => 'Field "userId": work can be handed only to an active member of the unit'),
  ONLY_CREATOR: error<EventNamed>(
    403,
    (p) => `只有事项的提出人可以执行“${eventName(p, 'zh-CN')}”`,
    (p) => `Only the person who started the item may send "${eventName(p, 'en')}"`,
  ),
  EVENT_NOT_ALLOWED: error<{ event: string; stateLabels: readonly LocalizedText[]; allowed: readonly string[] }>(
    409,
    (p) => `事项当前处于“${p.stateLabels.map((l) => l['zh-CN']).join('、')}”，不能执行 ${p.event}；当前可执行：${listIn(p.allowed, 'zh-CN')}`,
    (p) => `The item is in "${p.stateLabels.map((l) => l.en).join(', ')}" and does not accept ${p.event}; it accepts: ${listIn(p.allowed, 'en')}`,
  ),
  PAYLOAD_INVALID: error<{ count: number; first: LocalizedText }>(
    400,
    (p) => `表单有 ${p.count} 处需要修改：${p.first['zh-CN']}`,
    (p) => `The form has ${p.count} problem(s): ${p.first.en}`,
  ),
  EXTENSION_LIMIT: error<EventNamed & { limit: number }>(
    409,
    (p) => `办理期限已延期 ${p.limit} 次，达到上限，不能再“${eventName(p, 'zh-CN')}”`,
    (p) => `The deadline has been extended ${p.limit} time(s), the most allowed; it cannot be "${eventName(p, 'en')}" again`,
  ),
  NOTHING_TO_EXTEND: error<EventNamed>(
    409,
    (p) => `此事项当前没有可延期的办理期限，不能“${eventName(p, 'zh-CN')}”`,
    (p) => `This item has no deadline running that could be extended, so it cannot be "${eventName(p, 'en')}"`,
  ),
  GUARD_REJECTED: error<EventNamed>(
    422,
    (p) => `“${eventName(p, 'zh-CN')}”的条件不满足，事项未改变`,
    (p) => `The conditions of "${eventName(p, 'en')}" are not met; the item is unchanged`,
  ),
  VERSION_CONFLICT: error(409, () => '事项刚被他人更新，请刷新后重试', () => 'Someone else has just updated the item; reload it and try again'),
  IDEMPOTENCY_KEY_REUSED: error(
    422,
    () => 'Idempotency-Key 已用于另一个请求，请为新请求使用新的键',
    () => 'The Idempotency-Key was already used for a different request; use a new key for a new request',
  ),
  ATTACHMENT_NOT_FOUND: error<{ attachmentId: string }>(
    404,
    (p) => `找不到附件 ${p.attachmentId}`,
    (p) => `Attachment ${p.attachmentId} was not found`,
  ),
  ATTACHMENT_TOO_LARGE: error<{ title: LocalizedText; maxBytes: number }>(
    413,
    (p) => `文件太大：“${p.title['zh-CN']}”每个文件最大 ${size(p.maxBytes)}`,
    (p) => `The file is too large: "${p.title.en}" takes files of at most ${size(p.maxBytes)}`,
  ),
  ATTACHMENT_TYPE_NOT_ALLOWED: error<{ title: LocalizedText; accept: readonly string[]; detected?: string; claimed: string }>(
    415,
    (p) =>
      `“${p.title['zh-CN']}”只接受以下类型的文件：${listIn(p.accept, 'zh-CN')}；${p.detected ? `此文件是 ${p.detected}` : `此文件的内容与其声明的类型 ${p.claimed} 不符`}`,
    (p) =>
      `"${p.title.en}" accepts only these file types: ${listIn(p.accept, 'en')}; ${p.detected ? `this file is ${p.detected}` : `this file's content is not the ${p.claimed} it claims to be`}`,
  ),
  ATTACHMENT_MISSING: error(
    400,
    () => '请求中没有文件：请以 multipart/form-data 上传一个非空文件',
    () => 'The request carries no file: upload one non-empty file as multipart/form-data',
  ),
  FIELD_NOT_ATTACHMENT: error<{ formId: string; field: string }>(
    400,
    (p) => `表单 ${p.formId} 中的 ${p.field} 不是附件字段（应为 format 为 "attachment" 的字段）`,
    (p) => `${p.field} in form ${p.formId} is not an attachment field (a field with format "attachment")`,
  ),
  DRAFT_NOT_FOUND: error<{ key: string }>(404, (p) => `没有保存的草稿 ${p.key}`, (p) => `There is no saved draft ${p.key}`),
  NOTIFICATION_NOT_FOUND: error<{ notificationId: string }>(404, (p) => `您没有这条通知（${p.notificationId}）`, (p) => `You have no such notification (${p.notificationId})`),
  DRAFT_TOO_LARGE: error<{ maxBytes: number }>(
    413,
    (p) => `草稿太大：最多 ${size(p.maxBytes)}`,
    (p) => `The draft is too large: at most ${size(p.maxBytes)}`,
  ),
  REQUEST_INVALID: error<{ first: LocalizedText }>(
    400,
    (p) => `请求有误：${p.first['zh-CN']}`,
    (p) => `The request is invalid: ${p.first.en}`,
  ),
  REQUEST_TEXT_INVALID: error<{ field: string; rule: TextRule }>(
    400,
    (p) => `“${p.field}”${TEXT_RULES[p.rule]['zh-CN']}，请修改后重试`,
    (p) => `"${p.field}" ${TEXT_RULES[p.rule].en}; change it and try again`,
  ),
  REQUEST_TOO_DEEP: error<{ field: string; maxDepth: number }>(
    400,
    (p) => `请求内容嵌套过深：“${p.field}”处超过 ${p.maxDepth} 层`,
    (p) => `The request is nested too deeply: "${p.field}" goes beyond ${p.maxDepth} levels`,
  ),
  PARAM_REPEATED: error<{ field: string }>(400, (p) => `参数“${p.field}”只能出现一次`, (p) => `Parameter "${p.field}" may be given only once`),
  NUMBER_NOT_FINITE: error<{ field: string }>(400, (p) => `“${p.field}”应当是有限的数值`, (p) => `"${p.field}" must be a finite number`),
  FILTERS_CONFLICT: error<{ field: string; other: string }>(
    400,
    (p) => `参数“${p.field}”不能与“${p.other}”同时使用`,
    (p) => `Parameter "${p.field}" cannot be given together with "${p.other}"`,
  ),
  FILTER_NEEDS: error<{ field: string; needs: string }>(
    400,
    (p) => `参数“${p.field}”只能与“${p.needs}”一起使用`,
    (p) => `Parameter "${p.field}" may be given only with "${p.needs}"`,
  ),
  DATE_OUT_OF_RANGE: error<{ field: string; from: number; to: number }>(
    400,
    (p) => `“${p.field}”应当是 ${p.from} 年至 ${p.to} 年之间确实存在的时间`,
    (p) => `"${p.field}" must be a time that exists, between the years ${p.from} and ${p.to}`,
  ),
  SESSION_COOKIE_INVALID: error(
    400,
    () => '登录凭据（Cookie）已损坏，现已清除，请重新登录',
    () => 'The session cookie is malformed; it has been cleared, please log in again',
  ),
  REQUEST_TOO_LARGE: error<{ limitKiB: number }>(
    413,
    (p) => `请求内容过大（上限 ${p.limitKiB} KB），请精简后重试；附件请通过上传按钮提交`,
    (p) => `The request is too large (limit ${p.limitKiB} KiB); shorten it, and send files with the upload button`,
  ),
  UNSUPPORTED_MEDIA_TYPE: error(415, () => '请求格式不受支持，请以 JSON（application/json）提交', () => 'Unsupported request format; send JSON (application/json)'),
  RATE_LIMITED: error(429, () => '尝试次数过多，请稍后再试', () => 'Too many attempts; try again later'),
  INTERNAL: error(500, () => '服务器内部错误，已记录，请稍后再试', () => 'Internal server error; it has been logged, please try again later'),
};

export type ErrorCode = keyof typeof ERRORS;

/** The parameters a code's sentences read. */
export type ErrorParams<C extends ErrorCode> = (typeof ERRORS)[C] extends ErrorSpec<infer P> ? P : never;

/** The message of a code in both languages, from exactly the parameters the code declares. */
export function errorMessage<C extends ErrorCode>(code: C, params: ErrorParams<C>): LocalizedText {
  return localize(ERRORS[code] as ErrorSpec<ErrorParams<C>>, params);
}
