import { v7 as uuidv7 } from 'uuid';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { EngineError } from '../errors/engine-error.js';
import type { PackRegistry } from '../packs/pack-registry.js';
import type { Station } from '../domain/station.js';
import type { Unit } from '../domain/unit.js';
import type { Person, User } from '../domain/user.js';
import { isUniqueViolation } from '../store/db-errors.js';
import type { Store } from '../store/store.js';
import type { PersonChanges } from '../store/user-repository.js';
import type { UnitChanges } from '../store/unit-repository.js';
import { systemClock, type Clock } from './clock.js';
import { DirectoryRules, fieldInvalid, onlyAdmin, passwordProblem, type DeclaredStationType, type DirectoryView, type NewPerson, type NewUnit, type StationFields } from './directory-rules.js';

export type { NewPerson, NewUnit, StationFields };

/** Refuses with the first problem a check found, writing nothing. */
function refuseFirst(problems: ReadonlyArray<EngineError | undefined>): void {
  const first = problems.find((p) => p !== undefined);
  if (first) throw first;
}

/**
 * The county's directory as its administrator manages it (issue 10): people with their roles,
 * stations, unit and deputy level; units; and the station registry built from the station types
 * of the county's packs. Every change is checked against the county's own data (roles its packs
 * declare, stations and units it has) and refused with the field and the rule, writing nothing.
 */
export class DirectoryAdmin {
  private readonly rules: DirectoryRules;

  constructor(
    private readonly store: Store,
    registry: PackRegistry,
    private readonly clock: Clock = systemClock,
  ) {
    this.rules = new DirectoryRules(registry);
  }

  /** What the checks read: the county's roles, station types, stations and units as stored. */
  private async view(countyId: string): Promise<DirectoryView> {
    const [stations, units] = await Promise.all([this.store.counties.listStations(countyId), this.store.units.listUnits(countyId)]);
    return this.rules.view(countyId, new Map(stations.map((s) => [s.id, s])), new Set(units.map((u) => u.id)));
  }

  // --- people ---

  people(admin: User): Promise<Person[]> {
    return this.store.users.listPeople(onlyAdmin(admin).countyId);
  }

  async createPerson(admin: User, input: NewPerson): Promise<Person> {
    const { countyId } = onlyAdmin(admin);
    refuseFirst(this.rules.newPerson(await this.view(countyId), input));
    const id = uuidv7();
    try {
      await this.store.users.createUser({
        countyId,
        id,
        username: input.username,
        displayName: input.displayName.trim(),
        roles: input.roles,
        stationIds: input.stationIds ?? [],
        unitId: input.unitId ?? null,
        deputyLevel: input.deputyLevel ?? null,
        passwordHash: await hashPassword(input.password),
        mustChangePassword: true,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EngineError('USERNAME_TAKEN', { username: input.username });
      throw error;
    }
    return this.person(countyId, id);
  }

  async updatePerson(admin: User, userId: string, changes: PersonChanges): Promise<Person> {
    const { countyId } = onlyAdmin(admin);
    // An administrator cannot lock themselves out: the county might be left with none.
    if (userId === admin.id && changes.disabled === true) throw new EngineError('ADMIN_SELF_LOCKOUT', { field: 'disabled' });
    if (userId === admin.id && changes.roles && !changes.roles.includes('admin')) throw new EngineError('ADMIN_SELF_LOCKOUT', { field: 'roles' });
    refuseFirst(this.rules.personChanges(await this.view(countyId), changes));
    const trimmed = changes.displayName === undefined ? changes : { ...changes, displayName: changes.displayName.trim() };
    if (!(await this.store.users.updatePerson(countyId, userId, trimmed, this.clock.now()))) throw new EngineError('PERSON_NOT_FOUND', { userId });
    return this.person(countyId, userId);
  }

  /** Sets a first password for a person: their sessions end, and they choose their own at the next login. */
  async resetPassword(admin: User, userId: string, password: string): Promise<void> {
    const { countyId } = onlyAdmin(admin);
    refuseFirst([passwordProblem('password', password)]);
    if (!(await this.store.users.setPassword(countyId, userId, await hashPassword(password), true))) throw new EngineError('PERSON_NOT_FOUND', { userId });
  }

  /** A person changes their own password (required at first login); their other sessions end. */
  async changeOwnPassword(user: User, currentPassword: string, newPassword: string, sessionId: string): Promise<void> {
    const hash = await this.store.users.passwordHash(user.countyId, user.id);
    if (!hash || !(await verifyPassword(hash, currentPassword))) throw new EngineError('PASSWORD_WRONG');
    refuseFirst([passwordProblem('newPassword', newPassword)]);
    if (newPassword === currentPassword) throw fieldInvalid('newPassword', 'passwordReused');
    await this.store.users.setPassword(user.countyId, user.id, await hashPassword(newPassword), false, sessionId);
  }

  private async person(countyId: string, id: string): Promise<Person> {
    const found = (await this.store.users.listPeople(countyId)).find((p) => p.id === id);
    if (!found) throw new EngineError('PERSON_NOT_FOUND', { userId: id });
    return found;
  }

  // --- units ---

  units(admin: User): Promise<Unit[]> {
    return this.store.units.listUnits(onlyAdmin(admin).countyId);
  }

  async createUnit(admin: User, input: NewUnit): Promise<Unit> {
    const { countyId } = onlyAdmin(admin);
    const { unit, problems } = this.rules.unit(input);
    refuseFirst(problems);
    const id = uuidv7();
    if (!(await this.store.units.createUnit({ countyId, id, name: unit.name, kind: unit.kind ?? null }, this.clock.now()))) throw new EngineError('UNIT_NAME_TAKEN', { name: unit.name });
    return this.unit(countyId, id);
  }

  async updateUnit(admin: User, unitId: string, changes: UnitChanges): Promise<Unit> {
    const { countyId } = onlyAdmin(admin);
    const { unit: cleaned, problems } = this.rules.unit(changes);
    refuseFirst(problems);
    let outcome;
    try {
      outcome = await this.store.units.updateUnit(countyId, unitId, cleaned, this.clock.now());
    } catch (error) {
      if (isUniqueViolation(error)) outcome = 'nameTaken' as const; // another administrator took the name meanwhile
      else throw error;
    }
    if (outcome === 'missing') throw new EngineError('UNIT_NOT_FOUND', { unitId });
    if (outcome === 'nameTaken') throw new EngineError('UNIT_NAME_TAKEN', { name: cleaned.name ?? '' });
    return this.unit(countyId, unitId);
  }

  private async unit(countyId: string, id: string): Promise<Unit> {
    const found = (await this.store.units.listUnits(countyId)).find((u) => u.id === id);
    if (!found) throw new EngineError('UNIT_NOT_FOUND', { unitId: id });
    return found;
  }

  // --- stations ---

  stations(admin: User): Promise<Station[]> {
    return this.store.counties.listStations(onlyAdmin(admin).countyId);
  }

  /** The station types of the county's packs (their newest versions), by id, with the pack that declares each. */
  stationTypes(countyId: string): Map<string, DeclaredStationType> {
    return this.rules.stationTypes(countyId);
  }

  async createStation(admin: User, fields: StationFields): Promise<Station> {
    const { countyId } = onlyAdmin(admin);
    const { station, problems } = this.rules.station(await this.view(countyId), fields, { isNew: true });
    refuseFirst(problems);
    if (!(await this.store.counties.createStation(station, this.clock.now()))) throw new EngineError('STATION_EXISTS', { stationId: fields.id });
    return this.station(countyId, fields.id);
  }

  /** Changes a station: renames, moves (a new parent), re-types, opens or closes it. */
  async updateStation(admin: User, stationId: string, fields: Omit<StationFields, 'id'>): Promise<Station> {
    const { countyId } = onlyAdmin(admin);
    if (!(await this.store.counties.getStation(countyId, stationId))) throw new EngineError('STATION_NOT_FOUND', { stationId });
    const { station, problems } = this.rules.station(await this.view(countyId), { ...fields, id: stationId });
    refuseFirst(problems);
    await this.store.counties.updateStation(station);
    return this.station(countyId, stationId);
  }

  private async station(countyId: string, id: string): Promise<Station> {
    const found = await this.store.counties.getStation(countyId, id);
    if (!found) throw new EngineError('STATION_NOT_FOUND', { stationId: id });
    return found;
  }
}
