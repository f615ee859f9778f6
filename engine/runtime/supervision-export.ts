import type ExcelJS from 'exceljs';
import { toWallClock } from '../domain/county-time.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/store.js';
import type { ExportedWorkbook } from './directory-export.js';
import { loadExcel } from './load-excel.js';
import type { DueCounts, SupervisionService, SupervisionView } from './supervision-service.js';

/** The sheets' names, as people read them in Excel or WPS. */
export const SUPERVISION_SHEETS = { byUnit: '按承办单位', byStation: '按站点' } as const;

/** What the remainder rows are called: the view's rows without a unit or a station. */
export const NO_UNIT = '（未交办到承办单位）';
export const NO_STATION = '（不属于任何站点）';

const DAY_MS = 86_400_000;

/** A sheet's columns after the first (the unit's or station's name): Chinese headings, each with a note in English. */
const COUNT_COLUMNS = [
  { key: 'overdue', header: '已超期（件）', en: 'Overdue (items)', width: 14, numFmt: '0' },
  { key: 'dueSoon', header: '即将到期（件）', en: 'Due soon (items)', width: 16, numFmt: '0' },
  { key: 'oldestDueAt', header: '最早超期时限', en: 'Earliest missed deadline (Beijing time)', width: 20, numFmt: 'yyyy-mm-dd hh:mm' },
  { key: 'overdueDays', header: '最长已超期（天）', en: 'Longest overdue (days)', width: 18, numFmt: '0.0' },
] as const;

/**
 * The supervision view as an Excel workbook (督办看板, issue 11): the same rows the reader sees,
 * in the same order, one sheet per unit and one per station, each ending with its total; times
 * in the county's wall clock (Asia/Shanghai), which Excel shows as written.
 */
export class SupervisionExport {
  constructor(
    private readonly store: Store,
    private readonly supervision: SupervisionService,
  ) {}

  async export(reader: User, soonHours?: number): Promise<ExportedWorkbook> {
    const [view, county] = await Promise.all([this.supervision.view(reader, soonHours), this.store.counties.getCounty(reader.countyId)]);
    const at = new Date(view.at);
    const workbook = new (await loadExcel()).Workbook();
    workbook.creator = '人大代表联络工作流引擎';
    workbook.created = at;
    addSheet(workbook, SUPERVISION_SHEETS.byUnit, '承办单位', 'Unit', view, view.byUnit.map((r) => ({ name: r.unitName ?? NO_UNIT, ...r })));
    addSheet(workbook, SUPERVISION_SHEETS.byStation, '站点', 'Station', view, view.byStation.map((r) => ({ name: r.stationName ?? NO_STATION, ...r })));
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const day = toWallClock(at).toISOString().slice(0, 10);
    return { filename: `${county?.name['zh-CN'] ?? reader.countyId}督办看板-${day}.xlsx`, content };
  }
}

/** One sheet: a frozen heading row, a row per group, the total, and when the counts were taken. */
function addSheet(workbook: ExcelJS.Workbook, title: string, nameHeader: string, nameEn: string, view: SupervisionView, rows: Array<DueCounts & { name: string }>): void {
  const at = new Date(view.at);
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [{ key: 'name', width: 30, style: { numFmt: '@' } }, ...COUNT_COLUMNS.map((c) => ({ key: c.key, width: c.width, style: { numFmt: c.numFmt } }))];
  const heading = sheet.getRow(1);
  [{ header: nameHeader, en: nameEn }, ...COUNT_COLUMNS].forEach((c, i) => {
    const cell = heading.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.note = c.en;
  });
  const values = (name: string, counts: DueCounts) => ({
    name,
    overdue: counts.overdue,
    dueSoon: counts.dueSoon,
    // The wall clock written as the cell's date: Excel has no time zones and shows it as it is.
    oldestDueAt: counts.oldestDueAt ? toWallClock(new Date(counts.oldestDueAt)) : null,
    overdueDays: counts.oldestDueAt ? Math.floor(((at.getTime() - Date.parse(counts.oldestDueAt)) / DAY_MS) * 10) / 10 : null,
  });
  for (const row of rows) sheet.addRow(values(row.name, row));
  const total = sheet.addRow(values('合计', view.totals));
  total.font = { bold: true };
  sheet.addRow([]);
  const stamp = toWallClock(at).toISOString().slice(0, 16).replace('T', ' ');
  sheet.addRow([`统计时间：${stamp}（北京时间）；即将到期指 ${view.soonHours} 小时内到期；计时暂停的事项不计入。`]);
}
