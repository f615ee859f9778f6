import type { FieldError, LocalizedText } from '../../forms/index.js';
import type { EngineError } from '../errors/engine-error.js';
import { errorMessage, type FieldRule } from '../errors/error-catalogue.js';
import { fieldInvalid } from './directory-rules.js';
import { DIRECTORY_SHEETS, type DirectorySheet } from './directory-sheets.js';

/** A problem of an imported file: the sheet, the Excel row and the column heading it is in, and what is wrong. */
export interface ImportProblem {
  sheet: string;
  row: number;
  column: string;
  message: LocalizedText;
}

/** How many problems a report lists: a file wrong in every cell is not answered with megabytes. */
export const MAX_PROBLEMS = 1_000;

/** A value echoed in a message, cut short: a cell may hold thousands of characters. */
const shortened = (value: string) => ([...value].length > 60 ? `${[...value].slice(0, 60).join('')}…` : value);

/**
 * The problems of an imported file, each placed on its sheet, row and column. The directory's
 * checks name a field (directory-rules.ts); the column whose key it is takes the problem, and
 * the message names the column by its heading, in each language.
 */
export class ImportProblems {
  private readonly listed: ImportProblem[] = [];
  /** Every problem, the listed ones and those beyond MAX_PROBLEMS. */
  total = 0;

  add<K extends string>(sheet: DirectorySheet<K>, row: number, problem: EngineError): void {
    const place = (field: string, message: LocalizedText) => {
      this.total++;
      if (this.listed.length >= MAX_PROBLEMS) return;
      const column = sheet.columns.find((c) => c.key === field);
      this.listed.push({ sheet: sheet.name['zh-CN'], row, column: column?.header['zh-CN'] ?? field, message });
    };
    if (problem.code === 'DIRECTORY_FIELD_INVALID') {
      const { field, rule, value } = problem.params as { field: string; rule: FieldRule; value?: string };
      const heading = sheet.columns.find((c) => c.key === field)?.header;
      const worded = (locale: 'zh-CN' | 'en') =>
        errorMessage('DIRECTORY_FIELD_INVALID', { field: heading?.[locale] ?? field, rule, ...(value === undefined ? {} : { value: shortened(value) }) })[locale];
      place(field, { 'zh-CN': worded('zh-CN'), en: worded('en') });
    } else if (problem.code === 'PAYLOAD_INVALID') {
      // A station's attributes against its type's form: one problem per field of the form.
      for (const error of (problem.details as { errors: FieldError[] }).errors) place('attributes', error.message);
    } else {
      place('', problem.messages);
    }
  }

  /** A cell that breaks a rule. */
  cell<K extends string>(sheet: DirectorySheet<K>, row: number, field: K, rule: FieldRule, value?: string): void {
    this.add(sheet, row, fieldInvalid(field, rule, value));
  }

  /** The listed problems sheet by sheet as the export orders them, row by row, column by column. */
  inReadingOrder(): ImportProblem[] {
    const place = (problem: ImportProblem) => {
      const sheet = DIRECTORY_SHEETS.findIndex((s) => s.name['zh-CN'] === problem.sheet);
      const columns: ReadonlyArray<{ header: LocalizedText }> = DIRECTORY_SHEETS[sheet].columns;
      return [sheet, problem.row, columns.findIndex((c) => c.header['zh-CN'] === problem.column)];
    };
    const places = new Map(this.listed.map((p) => [p, place(p)]));
    return [...this.listed].sort((a, b) => {
      const [pa, pb] = [places.get(a)!, places.get(b)!];
      return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
    });
  }

  /** Problems counted but not listed. */
  get omitted(): number {
    return this.total - this.listed.length;
  }
}
