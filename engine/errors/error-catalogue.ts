import type { LocalizedText } from '../../forms/index.js';

type P = Record<string, any>;
interface ErrorSpec {
  status: number;
  'zh-CN': (p: P) => string;
  en: (p: P) => string;
}

const list = (values: unknown, locale: 'zh-CN' | 'en') =>
  Array.isArray(values) && values.length ? values.join(locale === 'en' ? ', ' : '、') : locale === 'en' ? 'none' : '无';

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
 * Every error the API can answer with, by code. One place for the status and both languages,
 * as Fastify keeps its FST_ERR_* codes. Clients switch on the code; people read the message.
 */
export const ERRORS = {
  AUTH_REQUIRED: {
    status: 401,
    'zh-CN': () => '请先登录',
    en: () => 'Please log in first',
  },
  LOGIN_FAILED: {
    status: 401,
    'zh-CN': () => '区县、用户名或密码不正确',
    en: () => 'County, user name or password is wrong',
  },
  LOGIN_LOCKED: {
    status: 429,
    'zh-CN': (p) => `登录失败次数过多，已暂时锁定，请 ${Math.ceil(p.retryAfterSeconds / 60)} 分钟后再试`,
    en: (p) => {
      const minutes = Math.ceil(p.retryAfterSeconds / 60);
      return `Too many failed logins: login is locked for now; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
    },
  },
  NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `找不到${p.what ?? '所请求的内容'}`,
    en: (p) => `${p.whatEn ?? 'The requested resource'} was not found`,
  },
  ITEM_NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `找不到事项 ${p.itemId}`,
    en: (p) => `Item ${p.itemId} was not found`,
  },
  PACK_NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `找不到工作模式包 ${p.packId}${p.version ? `（版本 ${p.version}）` : ''}`,
    en: (p) => `Pack ${p.packId}${p.version ? ` version ${p.version}` : ''} was not found`,
  },
  FLOW_NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `工作模式包 ${p.packId} 中没有流程 ${p.flowId}`,
    en: (p) => `Pack ${p.packId} has no flow ${p.flowId}`,
  },
  FORM_NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `工作模式包 ${p.packId} 中没有表单 ${p.formId}`,
    en: (p) => `Pack ${p.packId} has no form ${p.formId}`,
  },
  STATION_REQUIRED: {
    status: 400,
    'zh-CN': () => '字段“stationId”（所属站点）为必填项：此流程的事项必须属于一个站点',
    en: () => 'Field "stationId" (station) is required: items of this flow belong to a station',
  },
  STATION_NOT_FOUND: {
    status: 400,
    'zh-CN': (p) => `字段“stationId”：本区县没有站点 ${p.stationId}`,
    en: (p) => `Field "stationId": this county has no station ${p.stationId}`,
  },
  START_NOT_ALLOWED: {
    status: 403,
    'zh-CN': (p) => `您的角色（${list(p.actorRoles, 'zh-CN')}）不能发起此流程，可发起的角色：${list(p.roles, 'zh-CN')}`,
    en: (p) => `Your roles (${list(p.actorRoles, 'en')}) may not start this flow; roles that may: ${list(p.roles, 'en')}`,
  },
  AUDIT_NOT_ALLOWED: {
    status: 403,
    'zh-CN': () => '只有审计人员和管理员可以查看和核验签名存证',
    en: () => 'Only auditors and administrators may read and verify signed checkpoints',
  },
  AUDITOR_READ_ONLY: {
    status: 403,
    'zh-CN': () => '审计人员只能查看，不能修改任何内容',
    en: () => 'Auditors have read-only access and cannot change anything',
  },
  ROLE_NOT_ALLOWED: {
    status: 403,
    'zh-CN': (p) => `您的角色（${list(p.actorRoles, 'zh-CN')}）不能执行“${p.label ?? p.event}”，可执行的角色：${list(p.roles, 'zh-CN')}`,
    en: (p) => `Your roles (${list(p.actorRoles, 'en')}) may not send "${p.labelEn ?? p.event}"; roles that may: ${list(p.roles, 'en')}`,
  },
  ONLY_CREATOR: {
    status: 403,
    'zh-CN': (p) => `只有事项的提出人可以执行“${p.label ?? p.event}”`,
    en: (p) => `Only the person who started the item may send "${p.labelEn ?? p.event}"`,
  },
  EVENT_NOT_ALLOWED: {
    status: 409,
    'zh-CN': (p) => `事项当前处于“${p.stateLabel}”，不能执行 ${p.event}；当前可执行：${list(p.allowed, 'zh-CN')}`,
    en: (p) => `The item is in "${p.stateLabelEn}" and does not accept ${p.event}; it accepts: ${list(p.allowed, 'en')}`,
  },
  PAYLOAD_INVALID: {
    status: 400,
    'zh-CN': (p) => `表单有 ${p.count} 处需要修改：${p.first}`,
    en: (p) => `The form has ${p.count} problem(s): ${p.firstEn}`,
  },
  GUARD_REJECTED: {
    status: 422,
    'zh-CN': (p) => `“${p.label ?? p.event}”的条件不满足，事项未改变`,
    en: (p) => `The conditions of "${p.labelEn ?? p.event}" are not met; the item is unchanged`,
  },
  VERSION_CONFLICT: {
    status: 409,
    'zh-CN': () => '事项刚被他人更新，请刷新后重试',
    en: () => 'Someone else has just updated the item; reload it and try again',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    'zh-CN': () => 'Idempotency-Key 已用于另一个请求，请为新请求使用新的键',
    en: () => 'The Idempotency-Key was already used for a different request; use a new key for a new request',
  },
  ATTACHMENT_NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `找不到附件 ${p.attachmentId}`,
    en: (p) => `Attachment ${p.attachmentId} was not found`,
  },
  ATTACHMENT_TOO_LARGE: {
    status: 413,
    'zh-CN': (p) => `文件太大：“${p.title}”每个文件最大 ${size(p.maxBytes)}`,
    en: (p) => `The file is too large: "${p.titleEn}" takes files of at most ${size(p.maxBytes)}`,
  },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    'zh-CN': (p) =>
      `“${p.title}”只接受以下类型的文件：${list(p.accept, 'zh-CN')}；${p.detected ? `此文件是 ${p.detected}` : `此文件的内容与其声明的类型 ${p.claimed} 不符`}`,
    en: (p) =>
      `"${p.titleEn}" accepts only these file types: ${list(p.accept, 'en')}; ${p.detected ? `this file is ${p.detected}` : `this file's content is not the ${p.claimed} it claims to be`}`,
  },
  ATTACHMENT_MISSING: {
    status: 400,
    'zh-CN': () => '请求中没有文件：请以 multipart/form-data 上传一个非空文件',
    en: () => 'The request carries no file: upload one non-empty file as multipart/form-data',
  },
  FIELD_NOT_ATTACHMENT: {
    status: 400,
    'zh-CN': (p) => `表单 ${p.formId} 中的 ${p.field} 不是附件字段（应为 format 为 "attachment" 的字段）`,
    en: (p) => `${p.field} in form ${p.formId} is not an attachment field (a field with format "attachment")`,
  },
  DRAFT_NOT_FOUND: {
    status: 404,
    'zh-CN': (p) => `没有保存的草稿 ${p.key}`,
    en: (p) => `There is no saved draft ${p.key}`,
  },
  DRAFT_TOO_LARGE: {
    status: 413,
    'zh-CN': (p) => `草稿太大：最多 ${size(p.maxBytes)}`,
    en: (p) => `The draft is too large: at most ${size(p.maxBytes)}`,
  },
  REQUEST_INVALID: {
    status: 400,
    'zh-CN': (p) => `请求有误：${p.first}`,
    en: (p) => `The request is invalid: ${p.firstEn}`,
  },
  REQUEST_TEXT_INVALID: {
    status: 400,
    'zh-CN': (p) => `“${p.field}”${TEXT_RULES[p.rule as TextRule]['zh-CN']}，请修改后重试`,
    en: (p) => `"${p.field}" ${TEXT_RULES[p.rule as TextRule].en}; change it and try again`,
  },
  REQUEST_TOO_DEEP: {
    status: 400,
    'zh-CN': (p) => `请求内容嵌套过深：“${p.field}”处超过 ${p.maxDepth} 层`,
    en: (p) => `The request is nested too deeply: "${p.field}" goes beyond ${p.maxDepth} levels`,
  },
  PARAM_REPEATED: {
    status: 400,
    'zh-CN': (p) => `参数“${p.field}”只能出现一次`,
    en: (p) => `Parameter "${p.field}" may be given only once`,
  },
  NUMBER_NOT_FINITE: {
    status: 400,
    'zh-CN': (p) => `“${p.field}”应当是有限的数值`,
    en: (p) => `"${p.field}" must be a finite number`,
  },
  DATE_OUT_OF_RANGE: {
    status: 400,
    'zh-CN': (p) => `“${p.field}”应当是 ${p.from} 年至 ${p.to} 年之间确实存在的时间`,
    en: (p) => `"${p.field}" must be a time that exists, between the years ${p.from} and ${p.to}`,
  },
  SESSION_COOKIE_INVALID: {
    status: 400,
    'zh-CN': () => '登录凭据（Cookie）已损坏，现已清除，请重新登录',
    en: () => 'The session cookie is malformed; it has been cleared, please log in again',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    'zh-CN': (p) => `请求内容过大（上限 ${p.limitKiB} KB），请精简后重试；附件请通过上传按钮提交`,
    en: (p) => `The request is too large (limit ${p.limitKiB} KiB); shorten it, and send files with the upload button`,
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    'zh-CN': () => '请求格式不受支持，请以 JSON（application/json）提交',
    en: () => 'Unsupported request format; send JSON (application/json)',
  },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': () => '尝试次数过多，请稍后再试',
    en: () => 'Too many attempts; try again later',
  },
  INTERNAL: {
    status: 500,
    'zh-CN': () => '服务器内部错误，已记录，请稍后再试',
    en: () => 'Internal server error; it has been logged, please try again later',
  },
} satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export function errorMessage(code: ErrorCode, params: P): LocalizedText {
  const spec: ErrorSpec = ERRORS[code];
  return { 'zh-CN': spec['zh-CN'](params), en: spec.en(params) };
}
