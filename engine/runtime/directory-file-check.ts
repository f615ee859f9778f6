import type ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import type { Station, StationInput } from '../domain/station.js';
import type { Unit } from '../domain/unit.js';
import type { DeputyLevel, NewUser, Person } from '../domain/user.js';
import type { EngineError } from '../errors/engine-error.js';
import type { FieldRule } from '../errors/error-catalogue.js';
import type { DirectoryBatch } from '../store/directory-repository.js';
import type { PersonChanges } from '../store/user-repository.js';
import { canonicalJson } from '../util/canonical-json.js';
import { findUnstorable, textRule } from '../util/storable-value.js';
import type { Household } from '../domain/household.js';
import type { Relation, RelationEnd } from '../domain/relation.js';
import { fieldInvalid, type DirectoryRules, type DirectoryView, type StationFields } from './directory-rules.js';
import { DirectoryNames, HOUSEHOLDS_SHEET, NameMap, PEOPLE_SHEET, readStatus, RELATIONS_SHEET, splitList, STATIONS_SHEET, UNITS_SHEET, type DirectorySheet } from './directory-sheets.js';
import { householdFields } from './household-rules.js';
import { newHouseholdCode } from './household-admin.js';
import { householdName } from './relation-ends.js';
import type { CheckedRelation, DeclaredRelationKind, RelationRules } from './relation-rules.js';
import { ImportProblems } from './import-problems.js';
import { cellDate, cellText, readSheet } from './workbook-reading.js';

/**
 * What a file does to one sheet's records. Rows that match a stored record and change nothing
 * are counted as unchanged, not updated: an exported file imported as it is shows 0 created,
 * 0 updated.
 */
export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** The directory as stored, which the file's rows are matched to. */
export interface StoredDirectory {
  people: Person[];
  units: Unit[];
  stations: Station[];
  households: Household[];
  relations: Relation[];
}

/** The sheets of the file the import reads; any may be missing. */
export interface DirectorySheets {
  people?: ExcelJS.Worksheet;
  units?: ExcelJS.Worksheet;
  stations?: ExcelJS.Worksheet;
  households?: ExcelJS.Worksheet;
  relations?: ExcelJS.Worksheet;
}

type PeopleColumn = (typeof PEOPLE_SHEET.columns)[number]['key'];
type StationColumn = (typeof STATIONS_SHEET.columns)[number]['key'];
type UnitColumn = (typeof UNITS_SHEET.columns)[number]['key'];
type HouseholdColumn = (typeof HOUSEHOLDS_SHEET.columns)[number]['key'];
type RelationColumn = (typeof RELATIONS_SHEET.columns)[number]['key'];
/** A relation's identity in a file: its kind, its two ends and its start. */
const relationKey = (r: Pick<Relation, 'kind' | 'from' | 'to' | 'startsOn'>) => `${r.kind}|${r.from.type}:${r.from.id}|${r.to.type}:${r.to.id}|${r.startsOn}`;
const endAt = (side: 'from' | 'to', r: Pick<Relation, 'kind' | 'from' | 'to'>) => `${r.kind}|${r[side].type}:${r[side].id}`;

const counts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const isField = (problem: EngineError, field: string) => problem.code === 'DIRECTORY_FIELD_INVALID' && (problem.params as { field: string }).field === field;

/**
 * One imported file checked against the county (issue 10): its rows matched to stored records
 * by their key (people by 用户名, units by 名称, stations by 编号) — stored ones updated, others
 * created — and each checked with DirectoryAdmin's own rules (directory-rules.ts) against the
 * county as the whole file would leave it, so that a row may name a unit or a station another
 * row creates. The result: the problems, the counts, and the batch that writes the file.
 *
 * A column the sheet leaves out changes nothing of stored records (new ones get none); an empty
 * cell means none (no unit, no parent, no date), or 正常 for a status.
 */
export class DirectoryFileCheck {
  readonly problems = new ImportProblems();
  readonly counts = { people: counts(), units: counts(), stations: counts(), households: counts(), relations: counts() };
  /** Headings of row 1 the import left aside: a column of notes, or a misspelt heading. */
  readonly ignoredColumns: Array<{ sheet: string; column: string }> = [];
  readonly batch: Required<DirectoryBatch> = {
    units: { create: [], update: [] },
    stations: { create: [], update: [] },
    people: { create: [], update: [] },
    households: { create: [], update: [] },
    relations: { create: [], update: [] },
  };
  /** The first password of each new person, hashed only when the file is written. */
  readonly firstPasswords = new Map<NewUser, string>();

  /** Units by name: the stored ones and those the file creates. */
  private readonly unitIds: Map<string, string>;
  /** The ids of those units, and the county's stations, as the file leaves them: what the view reads. */
  private readonly unitIdSet: Set<string>;
  private readonly stations: Map<string, Pick<Station, 'id' | 'name' | 'stationType' | 'parentId'>>;
  private readonly storedStations: Map<string, Station>;
  private readonly view: DirectoryView;
  private readonly names: DirectoryNames;

  /** People by username and households by code: the stored ones and those the file creates (relations name them). */
  private readonly personIds: Map<string, string>;
  private readonly householdIds: Map<string, string>;
  /** Households by 户主（村）, when only one has it; null when several do. */
  private readonly householdNames = new Map<string, string | null>();
  private readonly kinds: Map<string, DeclaredRelationKind>;

  constructor(
    private readonly rules: DirectoryRules,
    countyId: string,
    private readonly stored: StoredDirectory,
    private readonly relationRules: RelationRules,
    /** The administrator importing the file: their own row may not lock them out. */
    private readonly importerId?: string,
  ) {
    this.personIds = new Map(stored.people.map((p) => [p.username, p.id]));
    this.householdIds = new Map(stored.households.map((h) => [h.code, h.id]));
    for (const h of stored.households) this.nameHousehold(householdName(h), h.id);
    this.kinds = relationRules.kinds(countyId);
    this.unitIds = new Map(stored.units.map((u) => [u.name, u.id]));
    this.unitIdSet = new Set(this.unitIds.values());
    this.storedStations = new Map(stored.stations.map((s) => [s.id, s]));
    this.stations = new Map(this.storedStations);
    this.view = rules.view(countyId, this.stations, this.unitIdSet);
    this.names = new DirectoryNames(this.view);
  }

  check(sheets: DirectorySheets): void {
    const units = this.rows(UNITS_SHEET, sheets.units);
    const stations = this.rows(STATIONS_SHEET, sheets.stations);
    const people = this.rows(PEOPLE_SHEET, sheets.people);
    // Units first: people name them. Then every station of the file is placed before any is checked.
    this.checkUnits(units);
    const stationFields = stations.map((row) => this.stationFields(row));
    for (const { fields } of stationFields) this.stations.set(fields.id, { id: fields.id, name: fields.name.trim(), stationType: fields.stationType, parentId: fields.parentId || null });
    this.checkStations(stationFields);
    this.checkPeople(people);
    // Households name stations; relations name everything above.
    this.checkHouseholds(this.rows(HOUSEHOLDS_SHEET, sheets.households));
    this.checkRelations(this.rows(RELATIONS_SHEET, sheets.relations, false));
  }

  /** A sheet's rows with their key, each key once: a repeated one is a problem on its later rows. */
  private rows<K extends string>(layout: DirectorySheet<K>, sheet: ExcelJS.Worksheet | undefined, hasKey = true): Array<{ key: string; cells: RowCells<K> }> {
    if (!sheet) return [];
    const read = readSheet(sheet, layout.columns);
    for (const column of read.ignored) this.ignoredColumns.push({ sheet: layout.name['zh-CN'], column });
    for (const column of read.missing) this.problems.cell(layout, 1, column.key, 'headerMissing');
    const keyColumn = layout.columns[0].key;
    const seen = new Set<string>();
    const keyed: Array<{ key: string; cells: RowCells<K> }> = [];
    for (const { row, cells: values } of read.rows) {
      const cells = new RowCells(layout, row, values, this.problems);
      // A sheet without a key column of its own (relations) checks its rows' identity itself.
      const key = hasKey ? (cells.text(keyColumn) ?? '') : '';
      if (hasKey && seen.has(key)) cells.problem(keyColumn, 'duplicate', key);
      else keyed.push({ key, cells });
      seen.add(key);
    }
    return keyed;
  }

  private checkUnits(rows: Array<{ key: string; cells: RowCells<UnitColumn> }>): void {
    const byName = new Map(this.stored.units.map((u) => [u.name, u]));
    for (const { key, cells } of rows) {
      const existing = byName.get(key);
      const disabled = cells.status('disabled');
      const { unit, problems } = this.rules.unit({ name: key, kind: cells.text('kind') ?? existing?.kind ?? null });
      cells.problems(problems);
      if (!existing) {
        const id = uuidv7();
        this.counts.units.created++;
        this.unitIds.set(unit.name, id);
        this.unitIdSet.add(id);
        this.batch.units.create.push({ id, name: unit.name, kind: unit.kind ?? null });
        if (disabled) this.batch.units.update.push({ id, changes: { disabled } });
        continue;
      }
      const changes = {
        ...(unit.kind !== existing.kind ? { kind: unit.kind } : {}),
        ...(disabled !== undefined && disabled !== existing.disabled ? { disabled } : {}),
      };
      if (this.tally(this.counts.units, changes)) this.batch.units.update.push({ id: existing.id, changes });
    }
  }

  /** A station row as the fields the checks take: a column the sheet leaves out keeps the stored value. */
  private stationFields({ key, cells }: { key: string; cells: RowCells<StationColumn> }): { cells: RowCells<StationColumn>; existing?: Station; fields: StationFields } {
    const existing = this.storedStations.get(key);
    const type = cells.text('stationType');
    const fields = {
      id: key,
      name: cells.text('name') ?? existing?.name ?? '',
      stationType: type === undefined ? (existing?.stationType ?? '') : this.names.stationTypes.id(type),
      parentId: cells.text('parentId') ?? existing?.parentId ?? null,
      villages: cells.list('villages') ?? existing?.villages ?? [],
      openedOn: cells.date('openedOn') ?? existing?.openedOn ?? null,
      closedOn: cells.date('closedOn') ?? existing?.closedOn ?? null,
      attributes: cells.json('attributes') ?? existing?.attributes ?? {},
    };
    return { cells, existing, fields };
  }

  private checkStations(rows: Array<ReturnType<DirectoryFileCheck['stationFields']>>): void {
    for (const { cells, existing, fields } of rows) {
      const { station, problems } = this.rules.station(this.view, fields, { isNew: !existing });
      cells.problems(problems);
      if (!existing) {
        this.counts.stations.created++;
        this.batch.stations.create.push(station);
      } else if (sameStation(existing, station)) this.counts.stations.unchanged++;
      else {
        this.counts.stations.updated++;
        this.batch.stations.update.push(station);
      }
    }
  }

  private checkPeople(rows: Array<{ key: string; cells: RowCells<PeopleColumn> }>): void {
    const byUsername = new Map(this.stored.people.map((p) => [p.username, p]));
    for (const { key, cells } of rows) {
      const existing = byUsername.get(key);
      const unit = cells.text('unitId');
      const level = cells.text('deputyLevel');
      const fields = {
        displayName: cells.text('displayName') ?? existing?.displayName ?? '',
        roles: [...new Set(cells.list('roles')?.map((r) => this.names.roles.id(r)) ?? existing?.roles ?? [])],
        stationIds: [...new Set(cells.list('stationIds') ?? existing?.stationIds ?? [])],
        // A unit by its name; a name that is no unit goes to the checks as it is, which name it as unknown.
        unitId: unit === undefined ? (existing?.unitId ?? null) : unit ? (this.unitIds.get(unit) ?? unit) : null,
        deputyLevel: (level === undefined ? (existing?.deputyLevel ?? null) : level ? this.names.deputyLevels.id(level) : null) as DeputyLevel | null,
        disabled: cells.status('disabled') ?? existing?.disabled ?? false,
      };
      if (!existing) {
        const password = cells.text('password') ?? '';
        // A first password: "at least 8 characters" is said as "required for a new person".
        const problems = this.rules.newPerson(this.view, { username: key, password, ...fields });
        cells.problems(problems.map((p) => (isField(p, 'password') ? fieldInvalid('password', 'firstPassword') : p)));
        const { disabled, ...columns } = fields;
        const user: NewUser = { countyId: this.view.countyId, id: uuidv7(), username: key, ...columns, displayName: columns.displayName.trim(), passwordHash: '', mustChangePassword: true };
        this.counts.people.created++;
        this.personIds.set(key, user.id);
        this.batch.people.create.push(user);
        this.firstPasswords.set(user, password);
        if (disabled) this.batch.people.update.push({ id: user.id, changes: { disabled } });
        continue;
      }
      cells.problems(this.rules.personChanges(this.view, fields));
      // As the API refuses it (ADMIN_SELF_LOCKOUT): the county might be left with no administrator.
      if (existing.id === this.importerId && fields.disabled) cells.problem('disabled', 'selfLockout');
      if (existing.id === this.importerId && !fields.roles.includes('admin')) cells.problem('roles', 'selfLockout');
      const changes: PersonChanges = {};
      if (fields.displayName.trim() !== existing.displayName) changes.displayName = fields.displayName.trim();
      if (!sameList(fields.roles, existing.roles)) changes.roles = fields.roles;
      if (!sameList(fields.stationIds, existing.stationIds)) changes.stationIds = fields.stationIds;
      if (fields.unitId !== existing.unitId) changes.unitId = fields.unitId;
      if (fields.deputyLevel !== existing.deputyLevel) changes.deputyLevel = fields.deputyLevel;
      if (fields.disabled !== existing.disabled) changes.disabled = fields.disabled;
      if (this.tally(this.counts.people, changes)) this.batch.people.update.push({ id: existing.id, changes });
    }
  }

  private nameHousehold(name: string, id: string): void {
    this.householdNames.set(name, this.householdNames.has(name) && this.householdNames.get(name) !== id ? null : id);
  }

  /** Households by 户编号: stored ones updated, others created; a station may be one the file creates. */
  private checkHouseholds(rows: Array<{ key: string; cells: RowCells<HouseholdColumn> }>): void {
    const byCode = new Map(this.stored.households.map((h) => [h.code, h]));
    for (const { key, cells } of rows) {
      const existing = byCode.get(key);
      const fields = {
        code: key,
        headName: cells.text('headName') ?? existing?.headName ?? '',
        village: cells.text('village') ?? existing?.village ?? '',
        stationId: cells.text('stationId') ?? existing?.stationId ?? null,
        phone: cells.text('phone') ?? existing?.phone ?? null,
        note: cells.text('note') ?? existing?.note ?? null,
      };
      const closed = cells.status('disabled') ?? existing?.closed ?? false;
      const { household, problems } = householdFields(fields);
      cells.problems(problems);
      if (household.stationId && !this.stations.has(household.stationId)) cells.problem('stationId', 'stationUnknown', household.stationId);
      const record = { countyId: this.view.countyId, id: existing?.id ?? uuidv7(), ...household, code: household.code || newHouseholdCode() };
      this.householdIds.set(record.code, record.id);
      this.nameHousehold(householdName(record), record.id);
      if (!existing) {
        this.counts.households.created++;
        this.batch.households.create.push(record);
        if (closed) this.batch.households.update.push({ id: record.id, changes: { closed } });
        continue;
      }
      const changes = Object.fromEntries(
        (['headName', 'village', 'stationId', 'phone', 'note'] as const).filter((k) => record[k] !== existing[k]).map((k) => [k, record[k]]),
      ) as Partial<Household>;
      if (closed !== existing.closed) changes.closed = closed;
      if (this.tally(this.counts.households, changes)) this.batch.households.update.push({ id: existing.id, changes });
    }
  }

  /** An end as a cell names it, by the type the kind gives that end; undefined when the county has none such. */
  private end(type: RelationEnd['type'], text: string): RelationEnd | undefined {
    const id =
      type === 'person'
        ? this.personIds.get(text)
        : type === 'unit'
          ? this.unitIds.get(text)
          : type === 'station'
            ? this.stations.has(text)
              ? text
              : ([...this.stations.values()].filter((s) => s.name === text).length === 1 ? [...this.stations.values()].find((s) => s.name === text)?.id : undefined)
            : (this.householdIds.get(text) ?? this.householdNames.get(text) ?? undefined);
    return id === undefined ? undefined : { type, id };
  }

  /**
   * Relations: each row's kind by its name, its ends by what people know them by, checked with
   * RelationAdmin's rules; matched to a stored relation by kind, ends and start. The kinds'
   * limits are checked against the relations as the whole file leaves them.
   */
  private checkRelations(rows: Array<{ cells: RowCells<RelationColumn> }>): void {
    const kindNames = new NameMap(new Map([...this.kinds].map(([id, { kind }]) => [id, kind.name])));
    const stored = new Map(this.stored.relations.map((r) => [relationKey(r), r]));
    const seen = new Set<string>();
    const checked: Array<{ cells: RowCells<RelationColumn>; relation: CheckedRelation; id?: string }> = [];
    for (const { cells } of rows) {
      const kindText = cells.text('kind') ?? '';
      const kind = kindNames.id(kindText);
      const declared = this.kinds.get(kind);
      const ends: Partial<Record<'from' | 'to', RelationEnd>> = {};
      // Ends already reported (unknown, empty, or of a kind that is unknown) are not reported again by the rules.
      const unresolved = new Set<'from' | 'to'>(declared ? [] : ['from', 'to']);
      for (const side of ['from', 'to'] as const) {
        const text = cells.text(side) ?? '';
        const end = declared && text ? this.end(declared.kind[side], text) : undefined;
        if (end) ends[side] = end;
        else if (declared) {
          unresolved.add(side);
          cells.problem(side, text ? ({ person: 'personUnknown', unit: 'unitUnknown', station: 'stationUnknown', household: 'householdUnknown' } as const)[declared.kind[side]] : 'required', text || undefined);
        }
      }
      const startsOn = cells.date('startsOn');
      if (startsOn === null) cells.problem('startsOn', 'required');
      const key = declared && ends.from && ends.to && startsOn ? relationKey({ kind, from: ends.from, to: ends.to, startsOn }) : undefined;
      const existing = key ? stored.get(key) : undefined;
      const fields = {
        kind,
        from: ends.from ?? { type: declared?.kind.from ?? 'person', id: '' },
        to: ends.to ?? { type: declared?.kind.to ?? 'person', id: '' },
        startsOn: startsOn ?? '',
        endsOn: cells.date('endsOn') ?? (cells.has('endsOn') ? null : (existing?.endsOn ?? null)),
        attributes: cells.json('attributes') ?? existing?.attributes ?? {},
      };
      const { relation, problems } = this.relationRules.relation(this.kinds, fields, (end) => end.id !== '');
      cells.problems(problems.filter((p) => ![...unresolved].some((side) => isField(p, side))));
      if (key && seen.has(key)) cells.problem('from', 'duplicate', `${cells.text('from')} → ${cells.text('to')}`);
      if (key) seen.add(key);
      if (!key) continue;
      if (!existing) {
        this.counts.relations.created++;
        this.batch.relations.create.push({ ...relation, countyId: this.view.countyId, id: uuidv7() });
      } else {
        const changes = {
          ...(relation.endsOn !== existing.endsOn ? { endsOn: relation.endsOn } : {}),
          ...(canonicalJson(relation.attributes) !== canonicalJson(existing.attributes) ? { attributes: relation.attributes } : {}),
        };
        if (this.tally(this.counts.relations, changes)) this.batch.relations.update.push({ id: existing.id, changes });
      }
      checked.push({ cells, relation, id: existing?.id });
    }
    // The relations as the file leaves them: stored ones (with the file's changes) and new ones, by kind and end.
    const changed = new Map(checked.filter((c) => c.id).map((c) => [c.id!, c.relation]));
    const after: CheckedRelation[] = [...this.stored.relations.map((r) => changed.get(r.id) ?? r), ...checked.filter((c) => !c.id).map((c) => c.relation)];
    const byEnd = new Map<string, CheckedRelation[]>();
    for (const r of after) for (const side of ['from', 'to'] as const) byEnd.set(`${side}|${endAt(side, r)}`, [...(byEnd.get(`${side}|${endAt(side, r)}`) ?? []), r]);
    const overlapping = (side: 'from' | 'to', r: CheckedRelation) =>
      (byEnd.get(`${side}|${endAt(side, r)}`) ?? []).filter((o) => o !== r && (r.endsOn === null || o.startsOn <= r.endsOn) && (o.endsOn === null || o.endsOn >= r.startsOn));
    for (const { cells, relation } of checked) cells.problems(this.relationRules.limits(this.kinds, relation, overlapping('from', relation), overlapping('to', relation)));
  }

  /** Counts a stored record as updated when the row changes anything (true), else as unchanged. */
  private tally(count: ImportCounts, changes: object): boolean {
    const changed = Object.keys(changes).length > 0;
    count[changed ? 'updated' : 'unchanged']++;
    return changed;
  }
}

/**
 * The cells of one row as the directory reads them, each problem placed on its cell. A read
 * is undefined when the sheet has no such column, and when the cell holds no value it can take
 * (an error value, a formula saved without its value, text the store cannot keep): a problem.
 */
class RowCells<K extends string> {
  constructor(
    private readonly sheet: DirectorySheet<K>,
    private readonly row: number,
    private readonly values: Partial<Record<K, ExcelJS.CellValue>>,
    private readonly found: ImportProblems,
  ) {}

  problem(field: K, rule: FieldRule, value?: string): void {
    this.found.cell(this.sheet, this.row, field, rule, value);
  }

  problems(problems: EngineError[]): void {
    for (const problem of problems) this.found.add(this.sheet, this.row, problem);
  }

  /** Whether the sheet has the column. */
  has(field: K): boolean {
    return field in this.values;
  }

  /** The cell's text, trimmed. */
  text(field: K): string | undefined {
    if (!(field in this.values)) return undefined;
    const text = cellText(this.values[field]);
    if (text === undefined) this.problem(field, 'cellValue');
    else if (textRule(text)) this.problem(field, 'unstorable');
    else return text.trim();
    return undefined;
  }

  list(field: K): string[] | undefined {
    const text = this.text(field);
    return text === undefined ? undefined : splitList(text);
  }

  /** Whether the cell says disabled (empty: active). */
  status(field: K): boolean | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    const disabled = readStatus(text);
    if (disabled === undefined) this.problem(field, 'status', text);
    return disabled;
  }

  /** A date, YYYY-MM-DD; null when the cell is empty. */
  date(field: K): string | null | undefined {
    if (!(field in this.values)) return undefined;
    const date = cellDate(this.values[field]);
    if (date === undefined) this.problem(field, 'date', cellText(this.values[field]) ?? '');
    return date;
  }

  /** A JSON object; {} when the cell is empty. */
  json(field: K): Record<string, unknown> | undefined {
    const text = this.text(field);
    if (!text) return text === '' ? {} : undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.problem(field, 'json');
      return undefined;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.problem(field, 'json');
    else if (findUnstorable(value, [], 1)) this.problem(field, 'unstorable');
    else return value as Record<string, unknown>;
    return undefined;
  }
}

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
