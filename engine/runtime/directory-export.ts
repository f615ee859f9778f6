import type ExcelJS from 'exceljs';
import { loadExcel } from './load-excel.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { Station } from '../domain/station.js';
import type { Unit } from '../domain/unit.js';
import type { Person, User } from '../domain/user.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';
import { DirectoryRules, onlyAdmin } from './directory-rules.js';
import { DirectoryNames, HOUSEHOLDS_SHEET, joinList, NameMap, PEOPLE_SHEET, RELATIONS_SHEET, STATIONS_SHEET, STATUS_NAMES, UNITS_SHEET, type DirectorySheet } from './directory-sheets.js';
import type { RelationEnd } from '../domain/relation.js';
import { householdName } from './relation-ends.js';
import { RelationRules } from './relation-rules.js';

/** A workbook as the engine answers it: its file name and bytes. */
export interface ExportedWorkbook {
  filename: string;
  content: Buffer;
}

/** What a sheet's row holds, by column key; undefined and empty leave the cell empty. */
type RowValues<K extends string> = Partial<Record<K, string | Date | null | undefined>>;

const status = (disabled: boolean) => (disabled ? STATUS_NAMES.disabled : STATUS_NAMES.active);

/**
 * The county's directory as an Excel workbook (issue 10): its people, units, stations,
 * households and relations, in the sheets the import reads back (directory-sheets.ts). Passwords are never exported.
 */
export class DirectoryExport {
  private readonly rules: DirectoryRules;
  private readonly relationRules: RelationRules;

  constructor(
    private readonly store: Store,
    registry: PackRegistry,
    private readonly clock: Clock = systemClock,
  ) {
    this.rules = new DirectoryRules(registry);
    this.relationRules = new RelationRules(registry);
  }

  async export(admin: User): Promise<ExportedWorkbook> {
    const { countyId } = onlyAdmin(admin);
    const [people, units, stations, households, relations, county] = await Promise.all([
      this.store.users.listPeople(countyId),
      this.store.units.listUnits(countyId),
      this.store.counties.listStations(countyId),
      this.store.households.all(countyId),
      this.store.relations.all(countyId),
      this.store.counties.getCounty(countyId),
    ]);
    const stationsById = new Map(stations.map((s) => [s.id, s]));
    const names = new DirectoryNames(this.rules.view(countyId, stationsById, new Set(units.map((u) => u.id))));
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    const now = this.clock.now();

    const workbook = new (await loadExcel()).Workbook();
    workbook.creator = '人大代表联络工作流引擎';
    workbook.created = now;
    addSheet(
      workbook,
      PEOPLE_SHEET,
      people.map((p: Person) => ({
        username: p.username,
        displayName: p.displayName,
        roles: joinList(p.roles.map((r) => names.roles.name(r))),
        stationIds: joinList(p.stationIds),
        stationNames: joinList(p.stationIds.map((id) => stationsById.get(id)?.name ?? id)),
        unitId: p.unitId && (unitNames.get(p.unitId) ?? p.unitId),
        deputyLevel: p.deputyLevel && names.deputyLevels.name(p.deputyLevel),
        disabled: status(p.disabled),
      })),
    );
    addSheet(workbook, UNITS_SHEET, units.map((u: Unit) => ({ name: u.name, kind: u.kind, disabled: status(u.disabled) })));
    addSheet(
      workbook,
      STATIONS_SHEET,
      stations.map((s: Station) => ({
        id: s.id,
        name: s.name,
        stationType: names.stationTypes.name(s.stationType),
        parentId: s.parentId,
        villages: joinList(s.villages),
        openedOn: s.openedOn && new Date(`${s.openedOn}T00:00:00Z`),
        closedOn: s.closedOn && new Date(`${s.closedOn}T00:00:00Z`),
        attributes: Object.keys(s.attributes).length ? JSON.stringify(s.attributes) : null,
      })),
    );
    addSheet(
      workbook,
      HOUSEHOLDS_SHEET,
      households.map((h) => ({ code: h.code, headName: h.headName, village: h.village, stationId: h.stationId, phone: h.phone, note: h.note, disabled: status(h.closed) })),
    );
    // Each end as the import reads it back (username, unit name, station id, household code), and its name for reading.
    const peopleById = new Map(people.map((p) => [p.id, p]));
    const householdsById = new Map(households.map((h) => [h.id, h]));
    const cell = (end: RelationEnd): { key: string; name: string } => {
      if (end.type === 'person') return { key: peopleById.get(end.id)?.username ?? end.id, name: peopleById.get(end.id)?.displayName ?? '' };
      if (end.type === 'unit') return { key: unitNames.get(end.id) ?? end.id, name: unitNames.get(end.id) ?? '' };
      if (end.type === 'station') return { key: end.id, name: stationsById.get(end.id)?.name ?? '' };
      const household = householdsById.get(end.id);
      return { key: household?.code ?? end.id, name: household ? householdName(household) : '' };
    };
    const kinds = new NameMap(new Map([...this.relationRules.kinds(countyId)].map(([id, { kind }]) => [id, kind.name])));
    addSheet(
      workbook,
      RELATIONS_SHEET,
      relations.map((r) => {
        const [from, to] = [cell(r.from), cell(r.to)];
        return {
          kind: kinds.name(r.kind),
          from: from.key,
          fromName: from.name,
          to: to.key,
          toName: to.name,
          startsOn: new Date(`${r.startsOn}T00:00:00Z`),
          endsOn: r.endsOn && new Date(`${r.endsOn}T00:00:00Z`),
          attributes: Object.keys(r.attributes).length ? JSON.stringify(r.attributes) : null,
        };
      }),
    );
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const day = now.toISOString().slice(0, 10);
    return { filename: `${county?.name['zh-CN'] ?? countyId}人员单位站点-${day}.xlsx`, content };
  }
}

/**
 * One sheet: a heading row in Chinese, frozen, each heading with a note in English and a hint;
 * text columns formatted as text, so that a user name like 007 stays as typed when added in Excel.
 * A write-only column (a first password) is there, empty, for the people an administrator adds.
 */
function addSheet<K extends string>(workbook: ExcelJS.Workbook, layout: DirectorySheet<K>, rows: Array<RowValues<K>>): void {
  const { columns } = layout;
  const sheet = workbook.addWorksheet(layout.name['zh-CN'], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width, style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : { numFmt: '@' } }));
  const heading = sheet.getRow(1);
  columns.forEach((c, i) => {
    const cell = heading.getCell(i + 1);
    cell.value = c.header['zh-CN'];
    cell.font = { bold: true };
    cell.note = [c.header.en, c.hint && `${c.hint['zh-CN']}\n${c.hint.en}`].filter(Boolean).join('\n');
  });
  for (const values of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, c.writeOnly ? null : values[c.key] || null])));
}
