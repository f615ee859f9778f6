import type { LocalizedText } from '../../forms/index.js';
import { DEPUTY_LEVELS, type DeputyLevel } from '../domain/user.js';
import type { DirectoryView } from './directory-rules.js';
import type { SheetColumn } from './workbook-reading.js';

/**
 * The county's directory as a workbook (issue 10): three sheets in the county's words, which
 * the export writes and the import reads back. Each column's key is the field the directory's
 * checks name (directory-rules.ts), so a problem they find lands on its column.
 */

/** How a column's cells are written and read. */
export type CellKind =
  /** Text as typed. */
  | 'text'
  /** Several entries, joined by 、 (、，,；; and new lines are read as separators). */
  | 'list'
  /** A date cell (YYYY-MM-DD). */
  | 'date'
  /** A JSON object as text. */
  | 'json';

export interface DirectoryColumn<K extends string = string> extends SheetColumn<K> {
  kind: CellKind;
  /** What the note on the heading says besides the English name. */
  hint?: LocalizedText;
  width: number;
  /** Read by the import, never written by the export (a first password): its column stays empty. */
  writeOnly?: boolean;
}

export interface DirectorySheet<K extends string = string> {
  name: LocalizedText;
  /** The first column is the key rows are matched to stored records by. */
  columns: ReadonlyArray<DirectoryColumn<K>>;
}

const column = <K extends string>(key: K, zh: string, en: string, kind: CellKind, width: number, options: Partial<DirectoryColumn<K>> = {}): DirectoryColumn<K> => ({
  key,
  header: { 'zh-CN': zh, en },
  kind,
  width,
  ...options,
});

const SEPARATOR = '、';
const joined = { 'zh-CN': '多个用“、”分隔', en: 'several, joined by 、' };
/** The key column: rows are matched to stored records by it; a sheet without it is not read. */
const key = { required: true, hint: { 'zh-CN': '按此列与已有记录对应：已有的更新，没有的新建', en: 'rows are matched by it: existing records are updated, new ones created' } };

export const PEOPLE_SHEET: DirectorySheet<'username' | 'displayName' | 'roles' | 'stationIds' | 'stationNames' | 'unitId' | 'deputyLevel' | 'disabled' | 'password'> = {
  name: { 'zh-CN': '人员', en: 'People' },
  columns: [
    column('username', '用户名', 'Username', 'text', 18, key),
    column('displayName', '姓名', 'Name', 'text', 16),
    column('roles', '角色', 'Roles', 'list', 24, { hint: joined }),
    column('stationIds', '站点编号', 'Station ids', 'list', 28, { hint: joined }),
    // For reading: the import goes by the ids.
    column('stationNames', '站点', 'Stations', 'list', 36, { hint: { 'zh-CN': '仅供查看，导入时按“站点编号”', en: 'for reading; the import goes by the station ids' } }),
    column('unitId', '单位', 'Unit', 'text', 22, { hint: { 'zh-CN': '单位名称，可以是本文件“单位”表中新增的单位', en: "the unit's name, which may be a unit new in this file's 单位 sheet" } }),
    column('deputyLevel', '代表层级', 'Deputy level', 'text', 10, { hint: { 'zh-CN': '全国、省、市、县、乡镇之一，不是代表则留空', en: '全国, 省, 市, 县 or 乡镇 (national to township); empty for none' } }),
    column('disabled', '状态', 'Status', 'text', 10, { hint: { 'zh-CN': '正常或已停用，留空为正常', en: '正常 (active) or 已停用 (disabled); empty is active' } }),
    column('password', '初始密码', 'First password', 'text', 16, {
      writeOnly: true,
      hint: { 'zh-CN': '仅新人员必填（至少 8 个字符），首次登录时须修改；已有人员的此列不予理会，导出时不含密码', en: 'new people only (at least 8 characters), changed at their first login; ignored for existing people, never exported' },
    }),
  ],
};

export const UNITS_SHEET: DirectorySheet<'name' | 'kind' | 'disabled'> = {
  name: { 'zh-CN': '单位', en: 'Units' },
  columns: [
    column('name', '名称', 'Name', 'text', 28, key),
    column('kind', '类别', 'Kind', 'text', 16, { hint: { 'zh-CN': '如 承办单位、市直单位', en: 'e.g. 承办单位 (handling department)' } }),
    column('disabled', '状态', 'Status', 'text', 10, { hint: { 'zh-CN': '正常或已停用，留空为正常', en: '正常 (active) or 已停用 (disabled); empty is active' } }),
  ],
};

export const STATIONS_SHEET: DirectorySheet<'id' | 'name' | 'stationType' | 'parentId' | 'villages' | 'openedOn' | 'closedOn' | 'attributes'> = {
  name: { 'zh-CN': '站点', en: 'Stations' },
  columns: [
    column('id', '编号', 'Id', 'text', 22, key),
    column('name', '名称', 'Name', 'text', 28),
    column('stationType', '类型', 'Type', 'text', 22, { hint: { 'zh-CN': '本区县模式包中的站点类型名称', en: "a station type's name from the county's packs" } }),
    column('parentId', '上级站点编号', 'Parent station id', 'text', 22, { hint: { 'zh-CN': '可以是本表中新增的站点；顶层站点留空', en: 'may be a station new in this sheet; empty at the top' } }),
    column('villages', '服务村（社区）', 'Villages served', 'list', 30, { hint: joined }),
    column('openedOn', '设立日期', 'Opened on', 'date', 12),
    column('closedOn', '撤销日期', 'Closed on', 'date', 12),
    column('attributes', '属性', 'Attributes', 'json', 40, {
      hint: { 'zh-CN': 'JSON 对象，按站点类型的属性表单填写；没有这一列时保留已有站点的属性', en: "a JSON object, as the station type's attribute form takes it; without this column existing stations keep theirs" },
    }),
  ],
};

export const HOUSEHOLDS_SHEET: DirectorySheet<'code' | 'headName' | 'village' | 'stationId' | 'phone' | 'note' | 'disabled'> = {
  name: { 'zh-CN': '农户', en: 'Households' },
  columns: [
    column('code', '户编号', 'Household code', 'text', 16, key),
    column('headName', '户主姓名', 'Head of household', 'text', 14),
    column('village', '村（社区）', 'Village', 'text', 18),
    column('stationId', '所属站点编号', 'Station id', 'text', 22, { hint: { 'zh-CN': '可以是本文件“站点”表中新增的站点；可留空', en: "may be a station new in this file's 站点 sheet; may be empty" } }),
    column('phone', '联系电话', 'Phone', 'text', 16),
    column('note', '备注', 'Note', 'text', 30),
    column('disabled', '状态', 'Status', 'text', 10, { hint: { 'zh-CN': '正常或已停用（搬迁、合户），留空为正常', en: '正常 (active) or 已停用 (moved away, merged); empty is active' } }),
  ],
};

/** How a relation's end is named in a cell, by the end's type: what people know it by. */
const endHint = {
  'zh-CN': '按关系类型：人员填用户名，单位填名称，站点填编号（或唯一的名称），农户填户编号（或唯一的“户主（村）”）；可以是本文件中新增的',
  en: "by the kind: a person's username, a unit's name, a station's id (or unique name), a household's code (or unique 户主（村）); may be new in this file",
};
const readOnly = { 'zh-CN': '仅供查看，导入时不读取', en: 'for reading; the import does not read it' };

/**
 * Relations: a row is matched to a stored relation by its kind, its two ends and its start date
 * (a relation that starts again later is another relation); the end date and attributes of a
 * stored one are updated, other rows created.
 */
export const RELATIONS_SHEET: DirectorySheet<'kind' | 'from' | 'fromName' | 'to' | 'toName' | 'startsOn' | 'endsOn' | 'attributes'> = {
  name: { 'zh-CN': '关系', en: 'Relations' },
  columns: [
    column('kind', '关系类型', 'Relation kind', 'text', 18, { required: true, hint: { 'zh-CN': '本区县模式包中的关系类型名称', en: "a relation kind's name from the county's packs" } }),
    column('from', '起点', 'From', 'text', 20, { required: true, hint: endHint }),
    column('fromName', '起点名称', 'From (name)', 'text', 22, { hint: readOnly }),
    column('to', '终点', 'To', 'text', 20, { required: true, hint: endHint }),
    column('toName', '终点名称', 'To (name)', 'text', 22, { hint: readOnly }),
    column('startsOn', '开始日期', 'Starts on', 'date', 12, { required: true }),
    column('endsOn', '结束日期', 'Ends on', 'date', 12, { hint: { 'zh-CN': '留空为仍然有效', en: 'empty: still in force' } }),
    column('attributes', '属性', 'Attributes', 'json', 40, {
      hint: { 'zh-CN': 'JSON 对象，按关系类型的属性表单填写；没有这一列时保留已有关系的属性', en: "a JSON object, as the relation kind's attribute form takes it; without this column existing relations keep theirs" },
    }),
  ],
};

/** The directory's sheets in the order the export writes them. */
export const DIRECTORY_SHEETS = [PEOPLE_SHEET, UNITS_SHEET, STATIONS_SHEET, HOUSEHOLDS_SHEET, RELATIONS_SHEET] as const;

/** A list cell's entries; empty ones dropped. */
export const splitList = (text: string) => text.split(/[、，,；;\n]/).map((s) => s.trim()).filter(Boolean);
export const joinList = (entries: readonly string[]) => entries.join(SEPARATOR);

/** 正常 / 已停用: how the sheets write whether a person or unit is disabled. */
export const STATUS_NAMES = { active: '正常', disabled: '已停用' } as const;

/** Whether a status cell says disabled; undefined when it says neither (an empty cell is active). */
export function readStatus(text: string): boolean | undefined {
  const status = text.trim();
  if (status === '' || status === STATUS_NAMES.active || status.toLowerCase() === 'active') return false;
  if (status === STATUS_NAMES.disabled || status.toLowerCase() === 'disabled') return true;
  return undefined;
}

/** 全国、省、市、县、乡镇: deputy levels as the sheets write them. */
export const DEPUTY_LEVEL_NAMES: Record<DeputyLevel, string> = { national: '全国', provincial: '省', city: '市', county: '县', township: '乡镇' };

/**
 * Ids as people read them, and back: roles and station types by their Chinese names, deputy
 * levels by theirs. A name two ids share is written as the id, so that what the export writes
 * the import reads back as it was; the import also takes ids and English names.
 */
export class DirectoryNames {
  readonly roles: NameMap;
  readonly stationTypes: NameMap;
  readonly deputyLevels = new NameMap(new Map(DEPUTY_LEVELS.map((level) => [level, { 'zh-CN': DEPUTY_LEVEL_NAMES[level], en: level }])));

  constructor(view: DirectoryView) {
    this.roles = new NameMap(view.roles);
    this.stationTypes = new NameMap(new Map([...view.stationTypes].map(([id, { type }]) => [id, type.name])));
  }
}

/** Ids and their names, both ways. */
export class NameMap {
  private readonly names = new Map<string, string>();
  private readonly ids = new Map<string, string>();

  constructor(named: ReadonlyMap<string, LocalizedText>) {
    const holders = new Map<string, number>();
    for (const name of named.values()) holders.set(name['zh-CN'], (holders.get(name['zh-CN']) ?? 0) + 1);
    for (const [id, name] of named) {
      this.names.set(id, holders.get(name['zh-CN']) === 1 ? name['zh-CN'] : id);
      // Ids first, so that no name shadows an id; then the names that are not an id.
      this.ids.set(id, id);
    }
    for (const [id, name] of named) {
      if (holders.get(name['zh-CN']) === 1 && !this.ids.has(name['zh-CN'])) this.ids.set(name['zh-CN'], id);
      if (!this.ids.has(name.en)) this.ids.set(name.en, id);
    }
  }

  /** The name to write for an id (the id itself when unknown). */
  name(id: string): string {
    return this.names.get(id) ?? id;
  }

  /** The id a cell names; the text itself when it names none, for the checks to refuse as unknown. */
  id(text: string): string {
    return this.ids.get(text.trim()) ?? text.trim();
  }
}
