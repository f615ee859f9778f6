import type ExcelJS from 'exceljs';
import { loadExcel } from './load-excel.js';
import type { LocalizedText } from '../../forms/index.js';
import { EngineError } from '../errors/engine-error.js';
import { unzipWithin } from './bounded-unzip.js';

/**
 * What an uploaded workbook may hold. exceljs keeps every cell of a workbook in memory (about
 * 500 bytes each: 100,000 rows of 8 cells took 470 MB and 10 s), so the cells are counted in the
 * unpacked sheets before exceljs reads any of them.
 */
export const WORKBOOK_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxUnpackedBytes: 40 * 1024 * 1024,
  maxEntries: 500,
  /** All sheets together (about 125 MB in exceljs); 10,000 people and 5,000 stations take 130,000. */
  maxCells: 250_000,
  /** Rows of any kind (Excel also writes empty rows that carry a format). */
  maxRows: 100_000,
  /** Rows with content, per sheet read: more people than a county's directory has (郁南: 1,290 deputies). */
  maxRowsPerSheet: 10_000,
};

/**
 * An uploaded .xlsx, opened within WORKBOOK_LIMITS: DIRECTORY_FILE_INVALID when it is not one
 * (an old .xls, an encrypted file, a renamed PDF), DIRECTORY_FILE_TOO_LARGE or
 * DIRECTORY_TOO_MANY_ROWS when it unpacks to more than the engine reads.
 */
export async function openWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  const entries = unzipWithin(file, WORKBOOK_LIMITS);
  if (entries === 'notZip') throw new EngineError('DIRECTORY_FILE_INVALID');
  if (entries === 'tooLarge') throw new EngineError('DIRECTORY_FILE_TOO_LARGE', { maxBytes: WORKBOOK_LIMITS.maxUnpackedBytes, unpacked: true });
  // Where exceljs looks for the workbook: a zip without it holds no sheets (an .docx, a zip of photos).
  if (!entries.has('xl/workbook.xml') && !entries.has('/xl/workbook.xml')) throw new EngineError('DIRECTORY_FILE_INVALID');
  let cells = 0;
  let rows = 0;
  for (const [name, content] of entries) {
    if (!/^\/?xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    // latin1: one character per byte, the cheapest decoding; the tags searched for are ASCII.
    const xml = content.toString('latin1');
    cells += count(xml, /<(?:\w+:)?c[\s>/]/g);
    rows += count(xml, /<(?:\w+:)?row[\s>/]/g);
  }
  if (cells > WORKBOOK_LIMITS.maxCells || rows > WORKBOOK_LIMITS.maxRows) throw new EngineError('DIRECTORY_TOO_MANY_ROWS', { maxRows: WORKBOOK_LIMITS.maxRowsPerSheet });
  const workbook = new (await loadExcel()).Workbook();
  try {
    // exceljs's types want its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer);
  } catch {
    throw new EngineError('DIRECTORY_FILE_INVALID');
  }
  return workbook;
}

const count = (text: string, pattern: RegExp) => {
  let n = 0;
  while (pattern.exec(text)) n++;
  return n;
};

/** A column a sheet is read by: its heading (Chinese, or the English in its note) and whether the sheet must have it. */
export interface SheetColumn<K extends string = string> {
  key: K;
  header: LocalizedText;
  required?: boolean;
}

/** A row of a sheet with content: its Excel row number and its cells' values by column key (absent: no such column). */
export interface SheetRow<K extends string> {
  row: number;
  cells: Partial<Record<K, ExcelJS.CellValue>>;
}

export interface ReadSheet<K extends string> {
  rows: Array<SheetRow<K>>;
  /** Required columns the heading row lacks: the sheet's rows are not read. */
  missing: Array<SheetColumn<K>>;
  /** Headings of row 1 the sheet is not read by (a column of notes, a misspelt heading). */
  ignored: string[];
}

/**
 * The rows of a sheet by its row 1 headings, in any order; other columns are left aside. A row
 * whose read columns are all empty is skipped; more than maxRowsPerSheet rows with content is
 * DIRECTORY_TOO_MANY_ROWS, naming the sheet.
 */
export function readSheet<K extends string>(sheet: ExcelJS.Worksheet, columns: ReadonlyArray<SheetColumn<K>>): ReadSheet<K> {
  const byHeading = new Map<string, SheetColumn<K>>();
  for (const column of columns) for (const heading of [column.header['zh-CN'], column.header.en.toLowerCase()]) byHeading.set(heading, column);
  const at = new Map<K, number>();
  const ignored: string[] = [];
  sheet.getRow(1).eachCell((cell, number) => {
    const heading = (cellText(cell.value) ?? '').trim();
    const column = byHeading.get(heading) ?? byHeading.get(heading.toLowerCase());
    if (column && !at.has(column.key)) at.set(column.key, number);
    else if (heading) ignored.push(heading);
  });
  const missing = columns.filter((c) => c.required && !at.has(c.key));
  const rows: Array<SheetRow<K>> = [];
  if (missing.length) return { rows, missing, ignored };
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Partial<Record<K, ExcelJS.CellValue>> = {};
    let empty = true;
    for (const [key, column] of at) {
      const value = row.getCell(column).value;
      cells[key] = value;
      if (cellText(value)?.trim() !== '') empty = false;
    }
    if (empty) return;
    if (rows.length === WORKBOOK_LIMITS.maxRowsPerSheet) throw new EngineError('DIRECTORY_TOO_MANY_ROWS', { sheet: sheet.name, maxRows: WORKBOOK_LIMITS.maxRowsPerSheet });
    rows.push({ row: number, cells });
  });
  return { rows, missing, ignored };
}

/**
 * A cell as the text people see in it: a number as written (12345, not 12345.0), rich text's
 * runs joined, a hyperlink's text, a formula's computed value, a date as YYYY-MM-DD. Undefined
 * for what has no such text: an error value (#N/A), or a formula saved without its value.
 */
export function cellText(value: ExcelJS.CellValue | ExcelJS.CellFormulaValue['result']): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDate(value);
  if ('richText' in value) return Array.isArray(value.richText) ? value.richText.map((run) => String(run?.text ?? '')).join('') : undefined;
  if ('formula' in value || 'sharedFormula' in value) return value.result === undefined ? undefined : cellText(value.result);
  // A hyperlink's text may itself be rich text.
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  return undefined;
}

/**
 * A cell as a date (YYYY-MM-DD), null when empty, undefined when it is not one. Excel keeps a
 * date as a number of days (a date format shows it as a date; exceljs then reads a Date); a
 * number without the format is read as those days, text as 2026-03-01, 2026/3/1, 2026.3.1 or
 * 2026年3月1日.
 */
export function cellDate(value: ExcelJS.CellValue): string | null | undefined {
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'number') return Number.isFinite(value) ? isoDate(new Date(EXCEL_EPOCH + Math.round(value * DAY))) : undefined;
  if (value !== null && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return value.result === undefined ? undefined : cellDate(value.result as ExcelJS.CellValue);
  const text = cellText(value)?.trim();
  if (text === undefined) return undefined;
  if (text === '') return null;
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (!parts) return undefined;
  const [year, month, day] = parts.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // 2026-02-30 rolls over to March: not a date that exists.
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? isoDate(date) : undefined;
}

const DAY = 86_400_000;
/** Day 0 of Excel's 1900 date system (its day 60 is a 29 February 1900 that never was; later days are right). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A date as YYYY-MM-DD, between the years 1900 and 2199; undefined outside them (a typo, or a number that is no date). */
function isoDate(date: Date): string | undefined {
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1900 || year > 2199 ? undefined : date.toISOString().slice(0, 10);
}
