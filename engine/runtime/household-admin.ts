import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { EngineError } from '../errors/engine-error.js';
import type { Household, HouseholdInput, HouseholdPage } from '../domain/household.js';
import type { User } from '../domain/user.js';
import { isUniqueViolation } from '../store/db-errors.js';
import type { HouseholdChanges, HouseholdFilter } from '../store/household-repository.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';
import { fieldInvalid, onlyAdmin } from './directory-rules.js';
import { householdFields } from './household-rules.js';

/** Letters and digits a made-up code is written in: no 0/O, 1/I/L that people misread. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A household code for one the administrator entered without: H and eight characters, as people can read them out. */
export function newHouseholdCode(): string {
  return `H${[...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('')}`;
}

/**
 * The county's households (农户) as its administrator manages them (issue 10): listed a page at
 * a time with a search, added, changed and closed. The head's name and phone are personal data:
 * only the county's administrators read them here.
 */
export class HouseholdAdmin {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  list(admin: User, filter: HouseholdFilter): Promise<HouseholdPage> {
    return this.store.households.list(onlyAdmin(admin).countyId, filter);
  }

  async create(admin: User, input: HouseholdInput): Promise<Household> {
    const { countyId } = onlyAdmin(admin);
    const { household, problems } = householdFields({ ...input, code: input.code?.trim() ? input.code : newHouseholdCode() });
    await this.checkStation(countyId, household.stationId, problems);
    if (problems.length) throw problems[0];
    const id = uuidv7();
    const record = { countyId, id, code: household.code!, headName: household.headName, village: household.village, stationId: household.stationId ?? null, phone: household.phone ?? null, note: household.note ?? null };
    if (!(await this.store.households.create(record, this.clock.now()))) throw new EngineError('HOUSEHOLD_CODE_TAKEN', { code: record.code });
    return this.household(countyId, id);
  }

  async update(admin: User, id: string, changes: HouseholdChanges): Promise<Household> {
    const { countyId } = onlyAdmin(admin);
    const { household, problems } = householdFields(changes);
    if (household.stationId) await this.checkStation(countyId, household.stationId, problems);
    if (problems.length) throw problems[0];
    let outcome;
    try {
      outcome = await this.store.households.update(countyId, id, household, this.clock.now());
    } catch (error) {
      if (isUniqueViolation(error)) outcome = 'codeTaken' as const; // another administrator took the code meanwhile
      else throw error;
    }
    if (outcome === 'missing') throw new EngineError('HOUSEHOLD_NOT_FOUND', { householdId: id });
    if (outcome === 'codeTaken') throw new EngineError('HOUSEHOLD_CODE_TAKEN', { code: household.code ?? '' });
    return this.household(countyId, id);
  }

  private async checkStation(countyId: string, stationId: string | null | undefined, problems: EngineError[]): Promise<void> {
    if (stationId && !(await this.store.counties.getStation(countyId, stationId))) problems.push(fieldInvalid('stationId', 'stationUnknown', stationId));
  }

  private async household(countyId: string, id: string): Promise<Household> {
    const [found] = await this.store.households.byIds(countyId, [id]);
    if (!found) throw new EngineError('HOUSEHOLD_NOT_FOUND', { householdId: id });
    return found;
  }
}
