import type ExcelJS from 'exceljs';
import type { LocalizedText } from '../../forms/index.js';
import type { User } from '../domain/user.js';
import { EngineError } from '../errors/engine-error.js';
import { errorMessage, type FieldRule } from '../errors/error-catalogue.js';
import type { CalendarAdmin } from './calendar-admin.js';
import { checkDeclaration, onlyCalendarAdmin, type CalendarDeclaration } from './calendar-rules.js';
import { CALENDAR_COLUMNS, CALENDAR_SHEET_NAME, readKind, type CalendarColumnKey } from './calendar-sheet.js';
import { MAX_PROBLEMS, type ImportProblem } from './import-problems.js';
import { cellDate, cellText, openWorkbook, readSheet } from './workbook-reading.js';

/** What an import of the working calendar did: how many days it changed, and every problem of the file. */
export interface CalendarImportReport {
  ok: boolean;
  /** Days whose declaration the file changed. */
  changed: number;
  /** Days the file declares as they already are. */
  unchanged: number;
  /** Every problem, row by row, column by column (the first MAX_PROBLEMS of them). */
  problems: ImportProblem[];
  omittedProblems: number;
  /** Headings of row 1 the import left aside. */
  ignoredColumns: string[];
}

const heading = (key: CalendarColumnKey) => CALENDAR_COLUMNS.find((c) => c.key === key)!.header;
const shortened = (value: string) => ([...value].length > 40 ? `${[...value].slice(0, 40).join('')}…` : value);

/**
 * The working calendar imported from an Excel workbook (the layout of calendar-sheet.ts): the
 * sheet named 工作日历 (or the first one), one declared day a row. Every row is checked; a file
 * with any problem changes nothing (CALENDAR_IMPORT_INVALID, the report in its details), and a
 * file without one is recorded as one edit. Days the file does not name stay as they are.
 */
export class CalendarImport {
  constructor(private readonly calendar: CalendarAdmin) {}

  async import(admin: User, file: Buffer): Promise<CalendarImportReport> {
    const { countyId, id } = onlyCalendarAdmin(admin);
    const workbook = await openWorkbook(file);
    const sheet = pickSheet(workbook);
    const problems: ImportProblem[] = [];
    let total = 0;
    const place = (row: number, key: CalendarColumnKey, message: LocalizedText) => {
      total++;
      if (problems.length < MAX_PROBLEMS) problems.push({ sheet: sheet?.name ?? CALENDAR_SHEET_NAME['zh-CN'], row, column: heading(key)['zh-CN'], message });
    };
    const cell = (row: number, key: CalendarColumnKey, rule: FieldRule, value?: string) => {
      const worded = (locale: 'zh-CN' | 'en') =>
        errorMessage('CALENDAR_FIELD_INVALID', { field: heading(key)[locale], rule, ...(value ? { value: shortened(value) } : {}) })[locale];
      place(row, key, { 'zh-CN': worded('zh-CN'), en: worded('en') });
    };

    const read = sheet ? readSheet(sheet, CALENDAR_COLUMNS) : { rows: [], missing: CALENDAR_COLUMNS.filter((c) => c.required), ignored: [] };
    for (const column of read.missing) cell(1, column.key, 'headerMissing');
    const declarations: CalendarDeclaration[] = [];
    const firstRow = new Map<string, number>();
    for (const { row, cells } of read.rows) {
      const before = total;
      const day = cellDate(cells.day ?? null);
      const kindText = cellText(cells.kind ?? null);
      const name = cellText(cells.name ?? null);
      if (day === null) cell(row, 'day', 'required');
      else if (day === undefined) cell(row, 'day', 'calendarDay', cellText(cells.day ?? null));
      if (kindText === undefined) cell(row, 'kind', 'cellValue');
      else if (!kindText.trim()) cell(row, 'kind', 'required');
      else if (!readKind(kindText)) cell(row, 'kind', 'calendarKind', kindText.trim());
      if (name === undefined) cell(row, 'name', 'cellValue');
      if (total > before || !day || !kindText || name === undefined) continue;
      const { declaration, problems: refused } = checkDeclaration({ day, kind: readKind(kindText)!, name });
      for (const problem of refused as Array<EngineError<'CALENDAR_FIELD_INVALID'>>) {
        const { field, rule, value } = problem.params;
        cell(row, field as CalendarColumnKey, rule, value);
      }
      if (!declaration) continue;
      const seen = firstRow.get(day);
      if (seen !== undefined) {
        cell(row, 'day', 'duplicate', day);
        continue;
      }
      firstRow.set(day, row);
      declarations.push(declaration);
    }

    const report = { ok: total === 0, changed: 0, unchanged: 0, problems: inReadingOrder(problems), omittedProblems: total - problems.length, ignoredColumns: read.ignored };
    if (!report.ok) throw new EngineError('CALENDAR_IMPORT_INVALID', { count: total }, report);
    const history = await this.calendar.history(countyId);
    const changed = await this.calendar.record(countyId, id, history, declarations);
    return { ...report, changed, unchanged: declarations.length - changed };
  }
}

/** The sheet named 工作日历 (or Working calendar); else the workbook's first. */
function pickSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet | undefined {
  const names = [CALENDAR_SHEET_NAME['zh-CN'], CALENDAR_SHEET_NAME.en.toLowerCase()];
  return workbook.worksheets.find((w) => names.includes(w.name.trim().toLowerCase())) ?? workbook.worksheets[0];
}

/** Row by row, and in a row column by column as the sheet orders them. */
function inReadingOrder(problems: ImportProblem[]): ImportProblem[] {
  const column = (p: ImportProblem) => CALENDAR_COLUMNS.findIndex((c) => c.header['zh-CN'] === p.column);
  return [...problems].sort((a, b) => a.row - b.row || column(a) - column(b));
}
