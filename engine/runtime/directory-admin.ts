import { v7 as uuidv7 } from 'uuid';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { EngineError } from '../errors/engine-error.js';
import type { FieldRule } from '../errors/error-catalogue.js';
import { payloadInvalid } from '../errors/payload-invalid.js';
import { BUILT_IN_ROLES, type StationType } from '../packs/pack-content.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import type { Station, StationInput } from '../domain/station.js';
import type { Unit } from '../domain/unit.js';
import { DEPUTY_LEVELS, type DeputyLevel, type Person, type User } from '../domain/user.js';
import { isUniqueViolation } from '../store/db-errors.js';
import type { Store } from '../store/store.js';
import type { PersonChanges } from '../store/user-repository.js';
import type { UnitChanges } from '../store/unit-repository.js';
import { systemClock, type Clock } from './clock.js';

/** A person as the administrator enters them: the password is a first one, to be changed at first login. */
export interface NewPerson {
  username: string;
  displayName: string;
  password: string;
  roles: string[];
  stationIds?: string[];
  unitId?: string | null;
  deputyLevel?: DeputyLevel | null;
}

export type NewUnit = Pick<Unit, 'name'> & { kind?: string | null };
/** A station as the administrator enters it; its parent and attributes may be left out (none). */
export type StationFields = Omit<StationInput, 'countyId' | 'attributes' | 'parentId'> & { attributes?: Record<string, unknown>; parentId?: string | null };

const USERNAME = /^[A-Za-z0-9._-]{2,40}$/;
const STATION_ID = /^[A-Za-z0-9-]{1,63}$/;
const isName = (value: string) => value.trim().length > 0 && [...value].length <= 60;
const invalid = (field: string, rule: FieldRule, value?: string) => new EngineError('DIRECTORY_FIELD_INVALID', { field, rule, ...(value === undefined ? {} : { value }) });

/**
 * The county's directory as its administrator manages it (issue 10): people with their roles,
 * stations, unit and deputy level; units; and the station registry built from the station types
 * of the county's packs. Every change is checked against the county's own data (roles its packs
 * declare, stations and units it has) and refused with the field and the rule, writing nothing.
 */
export class DirectoryAdmin {
  constructor(
    private readonly store: Store,
    private readonly registry: PackRegistry,
    private readonly clock: Clock = systemClock,
  ) {}

  // --- people ---

  people(admin: User): Promise<Person[]> {
    return this.store.users.listPeople(onlyAdmin(admin).countyId);
  }

  async createPerson(admin: User, input: NewPerson): Promise<Person> {
    const { countyId } = onlyAdmin(admin);
    if (!USERNAME.test(input.username)) throw invalid('username', 'username');
    if (!isName(input.displayName)) throw invalid('displayName', 'name');
    checkPassword('password', input.password);
    const fields = { roles: input.roles, stationIds: input.stationIds ?? [], unitId: input.unitId ?? null, deputyLevel: input.deputyLevel ?? null };
    await this.checkPersonFields(countyId, fields);
    const id = uuidv7();
    try {
      await this.store.users.createUser({
        countyId,
        id,
        username: input.username,
        displayName: input.displayName.trim(),
        ...fields,
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
    if (changes.displayName !== undefined && !isName(changes.displayName)) throw invalid('displayName', 'name');
    await this.checkPersonFields(countyId, changes);
    const trimmed = changes.displayName === undefined ? changes : { ...changes, displayName: changes.displayName.trim() };
    if (!(await this.store.users.updatePerson(countyId, userId, trimmed, this.clock.now()))) throw new EngineError('PERSON_NOT_FOUND', { userId });
    return this.person(countyId, userId);
  }

  /** Sets a first password for a person: their sessions end, and they choose their own at the next login. */
  async resetPassword(admin: User, userId: string, password: string): Promise<void> {
    const { countyId } = onlyAdmin(admin);
    checkPassword('password', password);
    if (!(await this.store.users.setPassword(countyId, userId, await hashPassword(password), true))) throw new EngineError('PERSON_NOT_FOUND', { userId });
  }

  /** A person changes their own password (required at first login); their other sessions end. */
  async changeOwnPassword(user: User, currentPassword: string, newPassword: string, sessionId: string): Promise<void> {
    const hash = await this.store.users.passwordHash(user.countyId, user.id);
    if (!hash || !(await verifyPassword(hash, currentPassword))) throw new EngineError('PASSWORD_WRONG');
    checkPassword('newPassword', newPassword);
    if (newPassword === currentPassword) throw invalid('newPassword', 'passwordReused');
    await this.store.users.setPassword(user.countyId, user.id, await hashPassword(newPassword), false, sessionId);
  }

  private async person(countyId: string, id: string): Promise<Person> {
    const found = (await this.store.users.listPeople(countyId)).find((p) => p.id === id);
    if (!found) throw new EngineError('PERSON_NOT_FOUND', { userId: id });
    return found;
  }

  private async checkPersonFields(countyId: string, fields: PersonChanges): Promise<void> {
    if (fields.roles) {
      const known = this.roles(countyId);
      const unknown = fields.roles.find((r) => !known.has(r));
      if (unknown !== undefined) throw invalid('roles', 'roleUnknown', unknown);
    }
    if (fields.deputyLevel != null && !DEPUTY_LEVELS.includes(fields.deputyLevel)) throw invalid('deputyLevel', 'deputyLevel', fields.deputyLevel);
    if (fields.stationIds?.length) {
      const stations = new Set((await this.store.counties.listStations(countyId)).map((s) => s.id));
      const unknown = fields.stationIds.find((id) => !stations.has(id));
      if (unknown !== undefined) throw invalid('stationIds', 'stationUnknown', unknown);
    }
    if (fields.unitId) {
      const units = await this.store.units.listUnits(countyId);
      if (!units.some((u) => u.id === fields.unitId)) throw invalid('unitId', 'unitUnknown', fields.unitId);
    }
  }

  /** The roles people of this county may hold: the built-in ones and every role its packs declare. */
  private roles(countyId: string): Set<string> {
    return new Set<string>([...BUILT_IN_ROLES, ...this.registry.listLatest(countyId).flatMap((p) => (p.content.manifest.roles ?? []).map((r) => r.id))]);
  }

  // --- units ---

  units(admin: User): Promise<Unit[]> {
    return this.store.units.listUnits(onlyAdmin(admin).countyId);
  }

  async createUnit(admin: User, input: NewUnit): Promise<Unit> {
    const { countyId } = onlyAdmin(admin);
    if (!isName(input.name)) throw invalid('name', 'name');
    const id = uuidv7();
    const name = input.name.trim();
    if (!(await this.store.units.createUnit({ countyId, id, name, kind: input.kind?.trim() || null }, this.clock.now()))) throw new EngineError('UNIT_NAME_TAKEN', { name });
    return this.unit(countyId, id);
  }

  async updateUnit(admin: User, unitId: string, changes: UnitChanges): Promise<Unit> {
    const { countyId } = onlyAdmin(admin);
    if (changes.name !== undefined && !isName(changes.name)) throw invalid('name', 'name');
    const cleaned: UnitChanges = { ...changes, ...(changes.name === undefined ? {} : { name: changes.name.trim() }), ...(changes.kind === undefined ? {} : { kind: changes.kind?.trim() || null }) };
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
  stationTypes(countyId: string): Map<string, { type: StationType; pack: RuntimePack }> {
    const types = new Map<string, { type: StationType; pack: RuntimePack }>();
    for (const pack of this.registry.listLatest(countyId)) for (const type of Object.values(pack.content.stationTypes)) if (!types.has(type.id)) types.set(type.id, { type, pack });
    return types;
  }

  async createStation(admin: User, fields: StationFields): Promise<Station> {
    const { countyId } = onlyAdmin(admin);
    if (!STATION_ID.test(fields.id)) throw invalid('id', 'stationId');
    const station = await this.checkStation(countyId, fields);
    if (!(await this.store.counties.createStation(station, this.clock.now()))) throw new EngineError('STATION_EXISTS', { stationId: fields.id });
    return this.station(countyId, fields.id);
  }

  /** Changes a station: renames, moves (a new parent), re-types, opens or closes it. */
  async updateStation(admin: User, stationId: string, fields: Omit<StationFields, 'id'>): Promise<Station> {
    const { countyId } = onlyAdmin(admin);
    if (!(await this.store.counties.getStation(countyId, stationId))) throw new EngineError('STATION_NOT_FOUND', { stationId });
    const station = await this.checkStation(countyId, { ...fields, id: stationId });
    await this.store.counties.updateStation(station);
    return this.station(countyId, stationId);
  }

  private async station(countyId: string, id: string): Promise<Station> {
    const found = await this.store.counties.getStation(countyId, id);
    if (!found) throw new EngineError('STATION_NOT_FOUND', { stationId: id });
    return found;
  }

  /**
   * A station is of a type the county's packs declare; it hangs under a station of a type its
   * type allows (a type without parents stands at the top), never under itself; its attributes
   * satisfy its type's form; it closes no earlier than it opened.
   */
  private async checkStation(countyId: string, fields: StationFields): Promise<StationInput> {
    if (!isName(fields.name)) throw invalid('name', 'name');
    const declared = this.stationTypes(countyId).get(fields.stationType);
    if (!declared) throw invalid('stationType', 'stationTypeUnknown', fields.stationType);
    const { type, pack } = declared;
    const all = await this.store.counties.listStations(countyId);
    if (fields.parentId) {
      const parent = all.find((s) => s.id === fields.parentId);
      if (!parent) throw invalid('parentId', 'stationUnknown', fields.parentId);
      if (!(type.parents ?? []).includes(parent.stationType)) throw invalid('parentId', 'parentNotAllowed', parent.name);
      const parents = new Map(all.map((s) => [s.id, s.parentId]));
      for (let at: string | null | undefined = parent.id; at; at = parents.get(at)) if (at === fields.id) throw invalid('parentId', 'parentLoop', parent.name);
    } else if (type.parents?.length) {
      throw invalid('parentId', 'parentNotAllowed', '—');
    }
    if (fields.openedOn && fields.closedOn && fields.closedOn < fields.openedOn) throw invalid('closedOn', 'closedBeforeOpened', fields.closedOn);
    let attributes = fields.attributes ?? {};
    if (type.form) {
      const result = this.registry.forms.validate(this.registry.formKey(pack, type.form), attributes);
      if (!result.valid) throw payloadInvalid(result.errors);
      attributes = result.value as Record<string, unknown>;
    }
    const villages = [...new Set((fields.villages ?? []).map((v) => v.trim()).filter(Boolean))];
    return { ...fields, countyId, name: fields.name.trim(), parentId: fields.parentId || null, attributes, villages };
  }
}

function onlyAdmin(user: User): User {
  if (!user.roles.includes('admin')) throw new EngineError('DIRECTORY_ADMIN_ONLY');
  return user;
}

function checkPassword(field: string, password: string): void {
  if ([...password].length < 8) throw invalid(field, 'password');
}
