import type ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import type { FieldError, LocalizedText } from '../../forms/index.js';
import { hashPassword } from '../auth/passwords.js';
import { EngineError } from '../errors/engine-error.js';
import { errorMessage, type FieldRule } from '../errors/error-catalogue.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { Station, StationInput } from '../domain/station.js';
import type { Unit } from '../domain/unit.js';
import type { DeputyLevel, NewUser, Person, User } from '../domain/user.js';
import type { DirectoryBatch } from '../store/directory-repository.js';
import type { Store } from '../store/store.js';
import type { PersonChanges } from '../store/user-repository.js';
import { canonicalJson } from '../util/canonical-json.js';
import { findUnstorable, textRule } from '../util/storable-value.js';
import { systemClock, type Clock } from './clock.js';
import { DirectoryRules, fieldInvalid, onlyAdmin, type DirectoryView } from './directory-rules.js';
import { DIRECTORY_SHEETS, DirectoryNames, PEOPLE_SHEET, readStatus, splitList, STATIONS_SHEET, UNITS_SHEET, type DirectorySheet } from './directory-sheets.js';
import { cellDate, cellText, openWorkbook, readSheet, type SheetRow } from './workbook-reading.js';

/** A problem of the file: the sheet, the Excel row and the column heading it is in, and what is wrong. */
export interface ImportProblem {
  sheet: string;
  row: number;
  column: string;
  message: LocalizedText;
}

/**
 * What the file does to one sheet's records. Rows that match a stored record and change
 * nothing are counted as unchanged, not updated: an exported file imported as it is shows
 * 0 created, 0 updated.
 */
export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** The answer to an import, a preview (dryRun) or not. */
export interface ImportReport {
  dryRun: boolean;
  /** No problem: the file was imported (or, in a preview, would be). */
  ok: boolean;
  counts: { people: ImportCounts; units: ImportCounts; stations: ImportCounts };
  /** Every problem of the file, sheet by sheet and row by row (the first MAX_PROBLEMS of them). */
  problems: ImportProblem[];
  /** Problems beyond the first MAX_PROBLEMS, counted but not listed. */
  omittedProblems: number;
  /** Headings of row 1 the import left aside: a column of notes, or a misspelt heading. */
  ignoredColumns: Array<{ sheet: string; column: string }>;
}

/** How many problems a report lists: a file wrong in every cell is not answered with megabytes. */
export const MAX_PROBLEMS = 1_000;

/** How many first passwords are hashed at once (argon2id, 19 MiB each): the other half of the thread pool stays for logins. */
const HASHING_AT_ONCE = 2;

/**
 * Each distinct first password hashed once. A hash costs about 70 ms, so a file of 1,290 deputies
 * with their own passwords takes a minute and a half; one first password for all of them (as
 * offices often hand out) takes one hash. People who share a first password share its hash:
 * whoever cracked it would try it on every account anyway, and each must change it at first login.
 */
async function hashEach(passwords: Set<string>): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const all = [...passwords];
  for (let i = 0; i < all.length; i += HASHING_AT_ONCE) {
    await Promise.all(all.slice(i, i + HASHING_AT_ONCE).map(async (password) => hashes.set(password, await hashPassword(password))));
  }
  return hashes;
}

const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** A value echoed in a message, cut short: a cell may hold thousands of characters. */
const shortened = (value: string) => ([...value].length > 60 ? `${[...value].slice(0, 60).join('')}…` : value);

/** The problems found so far, each placed on its sheet, row and column. */
class Problems {
  readonly listed: ImportProblem[] = [];
  total = 0;

  add<K extends string>(sheet: DirectorySheet<K>, row: number, problem: EngineError): void {
    const place = (columnKey: string, message: LocalizedText) => {
      this.total++;
      if (this.listed.length >= MAX_PROBLEMS) return;
      const column = sheet.columns.find((c) => c.key === columnKey);
      this.listed.push({ sheet: sheet.name['zh-CN'], row, column: column?.header['zh-CN'] ?? columnKey, message });
    };
    if (problem.code === 'DIRECTORY_FIELD_INVALID') {
      const { field, rule, value } = problem.params as { field: string; rule: FieldRule; value?: string };
      const column = sheet.columns.find((c) => c.key === field);
      // The message names the column by its heading, in the reader's language.
      const worded = (locale: 'zh-CN' | 'en') =>
        errorMessage('DIRECTORY_FIELD_INVALID', { field: column?.header[locale] ?? field, rule, ...(value === undefined ? {} : { value: shortened(value) }) })[locale];
      place(field, { 'zh-CN': worded('zh-CN'), en: worded('en') });
    } else if (problem.code === 'PAYLOAD_INVALID') {
      // A station's attributes against its type's form: one problem per field of the form.
      for (const error of (problem.details as { errors: FieldError[] }).errors) place('attributes', error.message);
    } else {
      place('', problem.messages);
    }
  }

  cell<K extends string>(sheet: DirectorySheet<K>, row: number, field: K, rule: FieldRule, value?: string): void {
    this.add(sheet, row, fieldInvalid(field, rule, value));
  }
}

/** A sheet's rows, the first row of each key only (a repeated key is a problem of its own). */
type Keyed<K extends string> = { row: number; key: string; cells: Partial<Record<K, ExcelJS.CellValue>> };

/**
 * The county's directory imported from an Excel workbook (issue 10), in the layout the export
 * writes (directory-sheets.ts). Rows are matched to stored records by their key (people by
 * 用户名, units by 名称, stations by 编号): stored ones are updated, others created. Every row is
 * checked with DirectoryAdmin's own rules (directory-rules.ts), against the county as the whole
 * file would leave it, so a row may refer to a unit or a station another row creates. Any
 * problem and nothing is written; otherwise everything is written in one transaction.
 *
 * A column the sheet leaves out changes nothing of stored records (new ones get none); an empty
 * cell means none (no unit, no parent, no date), or 正常 for a status.
 */
export class DirectoryImport {
  private readonly rules: DirectoryRules;

  constructor(
    private readonly store: Store,
    registry: PackRegistry,
    private readonly clock: Clock = systemClock,
  ) {
    this.rules = new DirectoryRules(registry);
  }

  async import(admin: User, file: Buffer, { dryRun }: { dryRun: boolean }): Promise<ImportReport> {
    const { countyId } = onlyAdmin(admin);
    const workbook = await openWorkbook(file);
    const found = DIRECTORY_SHEETS.map((layout) => workbook.worksheets.find((w) => [layout.name['zh-CN'], layout.name.en.toLowerCase()].includes(w.name.trim().toLowerCase())));
    if (!found.some(Boolean)) throw new EngineError('DIRECTORY_SHEETS_MISSING', { sheets: DIRECTORY_SHEETS.map((s) => s.name['zh-CN']) });
    const [peopleSheet, unitsSheet, stationsSheet] = found;
    const problems = new Problems();
    const ignoredColumns: ImportReport['ignoredColumns'] = [];
    const rows = <K extends string>(layout: DirectorySheet<K>, sheet: ExcelJS.Worksheet | undefined): Array<Keyed<K>> => {
      if (!sheet) return [];
      const read = readSheet(sheet, layout.columns);
      for (const column of read.ignored) ignoredColumns.push({ sheet: layout.name['zh-CN'], column });
      for (const column of read.missing) problems.cell(layout, 1, column.key, 'headerMissing');
      return this.keyed(layout, read.rows, problems);
    };
    const unitRows = rows(UNITS_SHEET, unitsSheet);
    const stationRows = rows(STATIONS_SHEET, stationsSheet);
    const peopleRows = rows(PEOPLE_SHEET, peopleSheet);

    const [people, units, stations] = await Promise.all([this.store.users.listPeople(countyId), this.store.units.listUnits(countyId), this.store.counties.listStations(countyId)]);
    const report: ImportReport = {
      dryRun,
      ok: false,
      counts: { people: counts(), units: counts(), stations: counts() },
      problems: problems.listed,
      omittedProblems: 0,
      ignoredColumns,
    };
    const batch: DirectoryBatch = { units: { create: [], update: [] }, stations: { create: [], update: [] }, people: { create: [], update: [] } };
    const newPasswords = new Map<NewUser, string>();

    // Units first: people name them, and may name one this file creates.
    const unitIds = new Map(units.map((u) => [u.name, u.id]));
    this.units(unitRows, units, problems, report.counts.units, batch);
    for (const unit of batch.units.create) unitIds.set(unit.name, unit.id);

    // The county's stations as the file leaves them, which the rows are checked against.
    const stationView = new Map<string, Pick<Station, 'id' | 'name' | 'stationType' | 'parentId'>>(stations.map((s) => [s.id, s]));
    const view = this.rules.view(countyId, stationView, new Set(unitIds.values()));
    const names = new DirectoryNames(view);
    const stationFields = this.stationFields(stationRows, new Map(stations.map((s) => [s.id, s])), names, problems);
    for (const { fields } of stationFields) stationView.set(fields.id, { id: fields.id, name: fields.name.trim(), stationType: fields.stationType, parentId: fields.parentId || null });
    this.stations(view, stationFields, problems, report.counts.stations, batch);

    this.people(view, names, peopleRows, people, unitIds, problems, report.counts.people, batch, newPasswords);

    problems.listed.sort(inReadingOrder);
    report.omittedProblems = problems.total - problems.listed.length;
    report.ok = problems.total === 0;
    if (!report.ok) {
      if (dryRun) return report;
      throw new EngineError('DIRECTORY_IMPORT_INVALID', { count: problems.total }, report);
    }
    if (dryRun) return report;
    const hashes = await hashEach(new Set(newPasswords.values()));
    for (const user of batch.people.create) user.passwordHash = hashes.get(newPasswords.get(user)!)!;
    if (!(await this.store.directory.write(countyId, batch, this.clock.now()))) throw new EngineError('DIRECTORY_IMPORT_CONFLICT');
    return report;
  }

  /** The rows with a key, each key once: a repeated one is a problem on its later rows. */
  private keyed<K extends string>(layout: DirectorySheet<K>, rows: Array<SheetRow<K>>, problems: Problems): Array<Keyed<K>> {
    const keyColumn = layout.columns[0].key;
    const seen = new Set<string>();
    const keyed: Array<Keyed<K>> = [];
    for (const { row, cells } of rows) {
      const key = this.text(layout, row, keyColumn, cells, problems) ?? '';
      if (seen.has(key)) {
        problems.cell(layout, row, keyColumn, 'duplicate', key);
        continue;
      }
      seen.add(key);
      keyed.push({ row, key, cells });
    }
    return keyed;
  }

  // --- units ---

  private units(rows: Array<Keyed<'name' | 'kind' | 'disabled'>>, stored: Unit[], problems: Problems, count: ImportCounts, batch: DirectoryBatch): void {
    const byName = new Map(stored.map((u) => [u.name, u]));
    for (const { row, key, cells } of rows) {
      const existing = byName.get(key);
      const kind = this.text(UNITS_SHEET, row, 'kind', cells, problems);
      const disabled = this.status(UNITS_SHEET, row, 'disabled', cells, problems);
      const { unit, problems: found } = this.rules.unit({ name: key, kind: kind ?? existing?.kind ?? null });
      for (const problem of found) problems.add(UNITS_SHEET, row, problem);
      if (!existing) {
        count.created++;
        batch.units.create.push({ id: uuidv7(), name: unit.name, kind: unit.kind ?? null });
        if (disabled) batch.units.update.push({ id: batch.units.create.at(-1)!.id, changes: { disabled } });
        continue;
      }
      const changes = {
        ...(unit.kind !== existing.kind ? { kind: unit.kind } : {}),
        ...(disabled !== undefined && disabled !== existing.disabled ? { disabled } : {}),
      };
      this.tally(count, changes, () => batch.units.update.push({ id: existing.id, changes }));
    }
  }

  // --- stations ---

  /** Each station row as the fields the checks take: a column the sheet leaves out keeps the stored value. */
  private stationFields(rows: Array<Keyed<(typeof STATIONS_SHEET.columns)[number]['key']>>, stored: Map<string, Station>, names: DirectoryNames, problems: Problems) {
    return rows.map(({ row, key, cells }) => {
      const existing = stored.get(key);
      const text = (field: 'name' | 'stationType' | 'parentId') => this.text(STATIONS_SHEET, row, field, cells, problems);
      const date = (field: 'openedOn' | 'closedOn') => this.date(row, field, cells, problems);
      const type = text('stationType');
      const fields = {
        id: key,
        name: text('name') ?? existing?.name ?? '',
        stationType: type === undefined ? (existing?.stationType ?? '') : names.stationTypes.id(type),
        parentId: text('parentId') ?? existing?.parentId ?? null,
        villages: this.list(STATIONS_SHEET, row, 'villages', cells, problems) ?? existing?.villages ?? [],
        openedOn: date('openedOn') ?? existing?.openedOn ?? null,
        closedOn: date('closedOn') ?? existing?.closedOn ?? null,
        attributes: this.attributes(row, cells, problems) ?? existing?.attributes ?? {},
      };
      return { row, existing, fields };
    });
  }

  private stations(view: DirectoryView, rows: ReturnType<DirectoryImport['stationFields']>, problems: Problems, count: ImportCounts, batch: DirectoryBatch): void {
    for (const { row, existing, fields } of rows) {
      const { station, problems: found } = this.rules.station(view, fields, { isNew: !existing });
      for (const problem of found) problems.add(STATIONS_SHEET, row, problem);
      if (!existing) {
        count.created++;
        batch.stations.create.push(station);
      } else if (sameStation(existing, station)) count.unchanged++;
      else {
        count.updated++;
        batch.stations.update.push(station);
      }
    }
  }

  // --- people ---

  private people(
    view: DirectoryView,
    names: DirectoryNames,
    rows: Array<Keyed<(typeof PEOPLE_SHEET.columns)[number]['key']>>,
    stored: Person[],
    unitIds: Map<string, string>,
    problems: Problems,
    count: ImportCounts,
    batch: DirectoryBatch,
    newPasswords: Map<NewUser, string>,
  ): void {
    const byUsername = new Map(stored.map((p) => [p.username, p]));
    for (const { row, key, cells } of rows) {
      const existing = byUsername.get(key);
      const text = (field: 'displayName' | 'unitId' | 'deputyLevel' | 'password') => this.text(PEOPLE_SHEET, row, field, cells, problems);
      const list = (field: 'roles' | 'stationIds') => this.list(PEOPLE_SHEET, row, field, cells, problems);
      const unit = text('unitId');
      const level = text('deputyLevel');
      const fields = {
        displayName: text('displayName') ?? existing?.displayName ?? '',
        roles: list('roles')?.map((r) => names.roles.id(r)) ?? existing?.roles ?? [],
        stationIds: list('stationIds') ?? existing?.stationIds ?? [],
        // A unit by its name; a name that is no unit goes to the checks as it is, which name it as unknown.
        unitId: unit === undefined ? (existing?.unitId ?? null) : unit ? (unitIds.get(unit) ?? unit) : null,
        deputyLevel: (level === undefined ? (existing?.deputyLevel ?? null) : level ? names.deputyLevels.id(level) : null) as DeputyLevel | null,
        disabled: this.status(PEOPLE_SHEET, row, 'disabled', cells, problems) ?? existing?.disabled ?? false,
      };
      fields.roles = [...new Set(fields.roles)];
      fields.stationIds = [...new Set(fields.stationIds)];
      if (!existing) {
        const password = text('password') ?? '';
        // A first password: "at least 8 characters" becomes "required for a new person".
        const found = this.rules.newPerson(view, { username: key, password, ...fields });
        for (const problem of found) problems.add(PEOPLE_SHEET, row, isField(problem, 'password') ? fieldInvalid('password', 'firstPassword') : problem);
        count.created++;
        const { disabled, ...columns } = fields;
        const user: NewUser = { countyId: view.countyId, id: uuidv7(), username: key, ...columns, displayName: columns.displayName.trim(), passwordHash: '', mustChangePassword: true };
        batch.people.create.push(user);
        newPasswords.set(user, password);
        if (disabled) batch.people.update.push({ id: user.id, changes: { disabled } });
        continue;
      }
      for (const problem of this.rules.personChanges(view, fields)) problems.add(PEOPLE_SHEET, row, problem);
      const changes: PersonChanges = {};
      if (fields.displayName.trim() !== existing.displayName) changes.displayName = fields.displayName.trim();
      if (!sameList(fields.roles, existing.roles)) changes.roles = fields.roles;
      if (!sameList(fields.stationIds, existing.stationIds)) changes.stationIds = fields.stationIds;
      if (fields.unitId !== existing.unitId) changes.unitId = fields.unitId;
      if (fields.deputyLevel !== existing.deputyLevel) changes.deputyLevel = fields.deputyLevel;
      if (fields.disabled !== existing.disabled) changes.disabled = fields.disabled;
      this.tally(count, changes, () => batch.people.update.push({ id: existing.id, changes }));
    }
  }

  /** Counts a stored record the row changes (and queues its change) or leaves as it was. */
  private tally(count: ImportCounts, changes: object, queue: () => void): void {
    if (!Object.keys(changes).length) count.unchanged++;
    else {
      count.updated++;
      queue();
    }
  }

  // --- cells ---

  /**
   * A cell's text, trimmed; undefined when the sheet has no such column (or the cell has no
   * text: an error value, a formula without its value, text the store cannot keep — a problem).
   */
  private text<K extends string>(sheet: DirectorySheet<K>, row: number, field: K, cells: Partial<Record<K, ExcelJS.CellValue>>, problems: Problems): string | undefined {
    if (!(field in cells)) return undefined;
    const text = cellText(cells[field]);
    if (text === undefined) problems.cell(sheet, row, field, 'cellValue');
    else if (textRule(text)) problems.cell(sheet, row, field, 'unstorable');
    else return text.trim();
    return undefined;
  }

  private list<K extends string>(sheet: DirectorySheet<K>, row: number, field: K, cells: Partial<Record<K, ExcelJS.CellValue>>, problems: Problems): string[] | undefined {
    const text = this.text(sheet, row, field, cells, problems);
    return text === undefined ? undefined : splitList(text);
  }

  /** A status cell: whether it says disabled; undefined when the sheet has no such column or the cell says neither. */
  private status<K extends string>(sheet: DirectorySheet<K>, row: number, field: K, cells: Partial<Record<K, ExcelJS.CellValue>>, problems: Problems): boolean | undefined {
    const text = this.text(sheet, row, field, cells, problems);
    if (text === undefined) return undefined;
    const disabled = readStatus(text);
    if (disabled === undefined) problems.cell(sheet, row, field, 'status', text);
    return disabled;
  }

  /** A date cell; null when empty, undefined when the sheet has no such column or the cell is no date. */
  private date(row: number, field: 'openedOn' | 'closedOn', cells: Partial<Record<string, ExcelJS.CellValue>>, problems: Problems): string | null | undefined {
    if (!(field in cells)) return undefined;
    const date = cellDate(cells[field]);
    if (date === undefined) problems.cell(STATIONS_SHEET, row, field, 'date', cellText(cells[field]) ?? '');
    return date;
  }

  /** The attributes cell: a JSON object ({} when empty); undefined when the sheet has no such column or the cell holds none. */
  private attributes(row: number, cells: Partial<Record<string, ExcelJS.CellValue>>, problems: Problems): Record<string, unknown> | undefined {
    const text = this.text(STATIONS_SHEET, row, 'attributes', cells, problems);
    if (!text) return text === '' ? {} : undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problems.cell(STATIONS_SHEET, row, 'attributes', 'json');
      return undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) problems.cell(STATIONS_SHEET, row, 'attributes', 'json');
    else if (findUnstorable(value, [], 1)) problems.cell(STATIONS_SHEET, row, 'attributes', 'unstorable');
    else return value as Record<string, unknown>;
    return undefined;
  }
}

/** Problems sheet by sheet as the export orders them, row by row, column by column. */
function inReadingOrder(a: ImportProblem, b: ImportProblem): number {
  const place = (problem: ImportProblem) => {
    const sheet = DIRECTORY_SHEETS.findIndex((s) => s.name['zh-CN'] === problem.sheet);
    const columns: ReadonlyArray<{ header: LocalizedText }> = DIRECTORY_SHEETS[sheet].columns;
    return [sheet, problem.row, columns.findIndex((c) => c.header['zh-CN'] === problem.column)];
  };
  const [pa, pb] = [place(a), place(b)];
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
}

const isField = (problem: EngineError, field: string) => problem.code === 'DIRECTORY_FIELD_INVALID' && (problem.params as { field: string }).field === field;

/** Whether a station row leaves the stored station as it was. */
function sameStation(stored: Station, station: StationInput): boolean {
  return (
    stored.name === station.name &&
    stored.stationType === station.stationType &&
    stored.parentId === station.parentId &&
    sameList(stored.villages, station.villages ?? []) &&
    stored.openedOn === (station.openedOn ?? null) &&
    stored.closedOn === (station.closedOn ?? null) &&
    canonicalJson(stored.attributes) === canonicalJson(station.attributes)
  );
}
