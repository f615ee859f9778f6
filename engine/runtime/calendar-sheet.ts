import type { LocalizedText } from '../../forms/index.js';
import type { CalendarDayKind } from '../domain/working-calendar.js';
import type { SheetColumn } from './workbook-reading.js';

/**
 * The working calendar as a workbook: one sheet, one row a declared day, in the words the
 * State Council's holiday notice and the county office use. The export writes it and the import
 * reads it back, so a file exported from one year (or one county) imports as it is.
 */
export type CalendarColumnKey = 'day' | 'kind' | 'name';

export interface CalendarColumn extends SheetColumn<CalendarColumnKey> {
  hint: LocalizedText;
  width: number;
}

export const CALENDAR_SHEET_NAME: LocalizedText = { 'zh-CN': '工作日历', en: 'Working calendar' };

export const CALENDAR_COLUMNS: readonly CalendarColumn[] = [
  { key: 'day', header: { 'zh-CN': '日期', en: 'Date' }, required: true, width: 14, hint: { 'zh-CN': '如 2026-10-01', en: 'such as 2026-10-01' } },
  {
    key: 'kind',
    header: { 'zh-CN': '类型', en: 'Kind' },
    required: true,
    width: 12,
    hint: { 'zh-CN': '节假日、调休上班（只能是星期六或星期日），或恢复（改回按星期计算）', en: '节假日 (holiday), 调休上班 (make-up working day, a Saturday or Sunday) or 恢复 (back to the weekday rule)' },
  },
  { key: 'name', header: { 'zh-CN': '名称', en: 'Name' }, width: 16, hint: { 'zh-CN': '节日名称，如 国庆节；可留空', en: "the holiday's name, such as 国庆节; may be empty" } },
];

/** Each kind as the sheet writes it. */
export const KIND_WORDS: Record<CalendarDayKind, string> = { holiday: '节假日', workday: '调休上班', normal: '恢复' };

/** What the import takes for each kind: the sheet's words, a few that offices also write, and the English. */
const KIND_READINGS = new Map<string, CalendarDayKind>([
  ['节假日', 'holiday'],
  ['法定节假日', 'holiday'],
  ['放假', 'holiday'],
  ['休', 'holiday'],
  ['holiday', 'holiday'],
  ['调休上班', 'workday'],
  ['上班', 'workday'],
  ['班', 'workday'],
  ['workday', 'workday'],
  ['恢复', 'normal'],
  ['恢复正常', 'normal'],
  ['normal', 'normal'],
]);

/** A kind cell's text as a kind; undefined when it names none. */
export function readKind(text: string): CalendarDayKind | undefined {
  return KIND_READINGS.get(text.trim().toLowerCase());
}
