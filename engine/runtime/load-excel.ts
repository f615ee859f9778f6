import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded the first time a workbook is read or written: loading it costs about 0.3 s,
 * which every start of the engine would pay otherwise (BENCHMARKS.md, P7), for a page the
 * administrator opens now and then.
 */
let excel: Promise<typeof ExcelJS> | undefined;
export function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= import('exceljs').then((m) => (m as unknown as { default?: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS));
  return excel;
}
