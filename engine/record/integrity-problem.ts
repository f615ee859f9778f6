import { localize, wording, type LocalizedText, type ParamsArg, type ParamsOf, type Wording } from '../../forms/index.js';

/** One thing verification found wrong with the record, said so an auditor can act on it. */
export interface IntegrityProblem {
  code: IntegrityCode;
  /** The event (seq) the problem is at, when it is at one. */
  seq?: number;
  /** The checkpoint (its seq) that shows the problem, when one does. */
  checkpoint?: number;
  /** The item concerned, in a county-wide verification (the web app links to its trace). */
  itemId?: string;
  message: LocalizedText;
}

/** Item fields as auditors call them, for a row that disagrees with its log. */
const FIELD_NAMES: Record<string, LocalizedText> = {
  snapshot: { 'zh-CN': '事项数据与状态', en: 'data and state' },
  statePaths: { 'zh-CN': '所处环节', en: 'state' },
  status: { 'zh-CN': '办理状态', en: 'status' },
  title: { 'zh-CN': '标题', en: 'title' },
  deadlines: { 'zh-CN': '办理期限', en: 'deadlines' },
  dueAt: { 'zh-CN': '到期时间', en: 'due date' },
  version: { 'zh-CN': '记录条数', en: 'number of events' },
  headHash: { 'zh-CN': '最新记录的哈希', en: 'newest event hash' },
  createdBy: { 'zh-CN': '提出人', en: 'creator' },
  createdAt: { 'zh-CN': '创建时间', en: 'creation time' },
  updatedAt: { 'zh-CN': '更新时间', en: 'update time' },
  packId: { 'zh-CN': '工作模式包', en: 'pack' },
  packVersion: { 'zh-CN': '工作模式版本', en: 'pack version' },
  flowId: { 'zh-CN': '流程', en: 'flow' },
  stationId: { 'zh-CN': '所属站点', en: 'station' },
  assignee: { 'zh-CN': '分派对象', en: 'assignee' },
  links: { 'zh-CN': '关联的站点、单位和人员', en: 'linked stations, units and people' },
};

const fieldList = (fields: readonly string[], locale: 'zh-CN' | 'en') =>
  fields.map((f) => FIELD_NAMES[f]?.[locale] ?? f).join(locale === 'en' ? ', ' : '、');

type AtEvent = { seq: number };
type AtCheckpoint = { checkpoint: number };
/** The item's newest event a checkpoint recorded, and (in a county-wide verification) the item. */
type AtRecordedHead = AtCheckpoint & { version: number; itemId?: string };

const TEXTS = {
  CHAIN_SEQUENCE: wording<AtEvent>(
    (p) => `第 ${p.seq} 条记录缺失、重复或顺序被打乱（哈希链在此断开）`,
    (p) => `event ${p.seq} is missing, repeated or out of order (the hash chain breaks here)`,
  ),
  CHAIN_HASH: wording<AtEvent>(
    (p) => `第 ${p.seq} 条记录的内容与其哈希不符：记录被改动过`,
    (p) => `event ${p.seq} does not match its hash: the event was altered`,
  ),
  CHAIN_SEAL: wording<AtEvent>(
    (p) => `第 ${p.seq} 条记录的密封无效：哈希链被重新计算过（改动者没有密钥）`,
    (p) => `event ${p.seq} has an invalid seal: the hash chain was recomputed (by someone without the key)`,
  ),
  ROW_MISMATCH: wording<{ fields: readonly string[] }>(
    (p) => `事项当前显示的${fieldList(p.fields, 'zh-CN')}与按记录重放的结果不符：事项数据被直接改动过`,
    (p) => `the item's ${fieldList(p.fields, 'en')} differ from a replay of its events: the item row was altered`,
  ),
  REPLAY_FAILED: wording(
    () => '无法按流程重放这些记录：记录与流程不符',
    () => 'the events cannot be replayed through the flow: they do not fit it',
  ),
  NO_EVENTS: wording(
    () => '事项没有任何记录：记录被删除',
    () => 'the item has no events: they were removed',
  ),
  CHECKPOINT_CUT: wording<AtRecordedHead>(
    (p) => `签名存证点 #${p.checkpoint} 记载该事项已有 ${p.version} 条记录，第 ${p.version} 条现已不存在：最新的记录被删除`,
    (p) => `signed checkpoint #${p.checkpoint} recorded ${p.version} events for the item; event ${p.version} no longer exists: the newest events were removed`,
  ),
  CHECKPOINT_HASH: wording<AtRecordedHead>(
    (p) => `第 ${p.version} 条记录与签名存证点 #${p.checkpoint} 记载的不符：记录被替换`,
    (p) => `event ${p.version} differs from what signed checkpoint #${p.checkpoint} recorded: the event was replaced`,
  ),
  CHECKPOINT_SIGNATURE: wording<AtCheckpoint>(
    (p) => `签名存证点 #${p.checkpoint} 的签名无效：存证点被改动过`,
    (p) => `signed checkpoint #${p.checkpoint} has an invalid signature: the checkpoint was altered`,
  ),
  CHECKPOINT_CHAIN: wording<AtCheckpoint>(
    (p) => `签名存证点 #${p.checkpoint} 与前一个存证点接不上：存证点被删除或替换`,
    (p) => `signed checkpoint #${p.checkpoint} does not follow the previous one: checkpoints were removed or replaced`,
  ),
  CHECKPOINT_NOT_HELD: wording<AtCheckpoint>(
    (p) => `审计方留存的签名存证点 #${p.checkpoint} 在系统中已不存在或不一致：记录的末尾被截去`,
    (p) => `signed checkpoint #${p.checkpoint} held by the auditor is missing or different: the end of the record was cut`,
  ),
};

export type IntegrityCode = keyof typeof TEXTS;
type IntegrityParams<C extends IntegrityCode> = ParamsOf<(typeof TEXTS)[C]>;

/** A problem of this code, from exactly the parameters it declares; where it is (seq, checkpoint, item) is taken from them. */
export function integrityProblem<C extends IntegrityCode>(code: C, ...[params]: ParamsArg<IntegrityParams<C>>): IntegrityProblem {
  const given = (params ?? {}) as IntegrityParams<C>;
  const where = given as { seq?: number; checkpoint?: number; itemId?: string };
  return {
    code,
    ...(where.seq !== undefined ? { seq: where.seq } : {}),
    ...(where.checkpoint !== undefined ? { checkpoint: where.checkpoint } : {}),
    ...(where.itemId !== undefined ? { itemId: where.itemId } : {}),
    message: localize(TEXTS[code] as Wording<IntegrityParams<C>>, given),
  };
}
