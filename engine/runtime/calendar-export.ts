import type { User } from '../domain/user.js';
import { LATEST } from '../domain/working-calendar.js';
import type { Store } from '../store/store.js';
import type { CalendarAdmin } from './calendar-admin.js';
import { CALENDAR_COLUMNS, CALENDAR_SHEET_NAME, KIND_WORDS } from './calendar-sheet.js';
import type { ExportedWorkbook } from './directory-export.js';
import { loadExcel } from './load-excel.js';
import { yearProblem } from './calendar-rules.js';

/**
 * A year of the county's working calendar as an Excel workbook (calendar-sheet.ts): its declared
 * holidays and make-up working days, which the import reads back. Anyone of the county may take
 * it (the calendar is no secret); only administrators import.
 */
export class CalendarExport {
  constructor(
    private readonly store: Store,
    private readonly calendar: CalendarAdmin,
  ) {}

  async export(user: User, year: number): Promise<ExportedWorkbook> {
    const refused = yearProblem('year', year);
    if (refused) throw refused;
    const [history, county] = await Promise.all([this.calendar.history(user.countyId), this.store.counties.getCounty(user.countyId)]);
    const workbook = new (await loadExcel()).Workbook();
    workbook.creator = '人大代表联络工作流引擎';
    const sheet = workbook.addWorksheet(CALENDAR_SHEET_NAME['zh-CN'], { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = CALENDAR_COLUMNS.map((c) => ({ key: c.key, width: c.width, style: c.key === 'day' ? { numFmt: 'yyyy-mm-dd' } : { numFmt: '@' } }));
    CALENDAR_COLUMNS.forEach((c, i) => {
      const cell = sheet.getRow(1).getCell(i + 1);
      cell.value = c.header['zh-CN'];
      cell.font = { bold: true };
      cell.note = `${c.header.en}\n${c.hint['zh-CN']}\n${c.hint.en}`;
    });
    for (const entry of history.declaredIn(year, LATEST)) {
      // A date cell at midnight UTC: Excel shows the date, and the import reads the same date back.
      sheet.addRow({ day: new Date(`${entry.day}T00:00:00Z`), kind: KIND_WORDS[entry.kind], name: entry.name ?? null });
    }
    return { filename: `${county?.name['zh-CN'] ?? user.countyId}工作日历-${year}.xlsx`, content: Buffer.from(await workbook.xlsx.writeBuffer()) };
  }
}
