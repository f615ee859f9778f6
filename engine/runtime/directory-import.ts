import { hashPassword } from '../auth/passwords.js';
import { EngineError } from '../errors/engine-error.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';
import { DirectoryFileCheck, type DirectorySheets, type ImportCounts } from './directory-file-check.js';
import { DirectoryRules, onlyAdmin } from './directory-rules.js';
import { DIRECTORY_SHEETS, HOUSEHOLDS_SHEET, PEOPLE_SHEET, RELATIONS_SHEET, STATIONS_SHEET, UNITS_SHEET, type DirectorySheet } from './directory-sheets.js';
import { RelationRules } from './relation-rules.js';
import type { ImportProblem } from './import-problems.js';
import { openWorkbook } from './workbook-reading.js';

export type { ImportCounts, ImportProblem };

/** The answer to an import, a preview (dryRun) or not. */
export interface ImportReport {
  dryRun: boolean;
  /** No problem: the file was imported (or, in a preview, would be). */
  ok: boolean;
  counts: { people: ImportCounts; units: ImportCounts; stations: ImportCounts; households: ImportCounts; relations: ImportCounts };
  /** Every problem of the file, sheet by sheet, row by row, column by column (the first MAX_PROBLEMS of them). */
  problems: ImportProblem[];
  /** Problems beyond the first MAX_PROBLEMS, counted but not listed. */
  omittedProblems: number;
  /** Headings of row 1 the import left aside: a column of notes, or a misspelt heading. */
  ignoredColumns: Array<{ sheet: string; column: string }>;
}

/** How many first passwords are hashed at once (argon2id, 19 MiB each): the other half of the thread pool stays for logins. */
const HASHING_AT_ONCE = 2;

/**
 * The county's directory imported from an Excel workbook (issue 10), in the layout the export
 * writes (directory-sheets.ts), checked row by row (directory-file-check.ts). A preview (dryRun)
 * writes nothing; otherwise a file with any problem is refused whole (DIRECTORY_IMPORT_INVALID,
 * the report in its details), and a file without one is written in one transaction.
 */
export class DirectoryImport {
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

  async import(admin: User, file: Buffer, { dryRun }: { dryRun: boolean }): Promise<ImportReport> {
    const { countyId } = onlyAdmin(admin);
    const workbook = await openWorkbook(file);
    // A sheet by its Chinese name, or its English one.
    const sheet = (layout: DirectorySheet) => workbook.worksheets.find((w) => [layout.name['zh-CN'], layout.name.en.toLowerCase()].includes(w.name.trim().toLowerCase()));
    const sheets: DirectorySheets = {
      people: sheet(PEOPLE_SHEET),
      units: sheet(UNITS_SHEET),
      stations: sheet(STATIONS_SHEET),
      households: sheet(HOUSEHOLDS_SHEET),
      relations: sheet(RELATIONS_SHEET),
    };
    if (!Object.values(sheets).some(Boolean)) throw new EngineError('DIRECTORY_SHEETS_MISSING', { sheets: DIRECTORY_SHEETS.map((s) => s.name['zh-CN']) });

    const [people, units, stations, households, relations] = await Promise.all([
      this.store.users.listPeople(countyId),
      this.store.units.listUnits(countyId),
      this.store.counties.listStations(countyId),
      this.store.households.all(countyId),
      this.store.relations.all(countyId),
    ]);
    const check = new DirectoryFileCheck(this.rules, countyId, { people, units, stations, households, relations }, this.relationRules, admin.id);
    check.check(sheets);
    const { problems } = check;
    const report: ImportReport = {
      dryRun,
      ok: problems.total === 0,
      counts: check.counts,
      problems: problems.inReadingOrder(),
      omittedProblems: problems.omitted,
      ignoredColumns: check.ignoredColumns,
    };
    if (dryRun) return report;
    if (!report.ok) throw new EngineError('DIRECTORY_IMPORT_INVALID', { count: problems.total }, report);

    const hashes = await hashEach(new Set(check.firstPasswords.values()));
    for (const user of check.batch.people.create) user.passwordHash = hashes.get(check.firstPasswords.get(user)!)!;
    if (!(await this.store.directory.write(countyId, check.batch, this.clock.now()))) throw new EngineError('DIRECTORY_IMPORT_CONFLICT');
    return report;
  }
}

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
