import type { LocalizedText } from '../../forms/index.js';
import { EngineError } from '../errors/engine-error.js';
import type { FieldRule } from '../errors/error-catalogue.js';
import { payloadInvalid } from '../errors/payload-invalid.js';
import { BUILT_IN_ROLE_NAMES, type StationType } from '../packs/pack-content.js';
import type { PackRegistry, RuntimePack } from '../packs/pack-registry.js';
import type { Station, StationInput } from '../domain/station.js';
import type { Unit } from '../domain/unit.js';
import { DEPUTY_LEVELS, type DeputyLevel, type User } from '../domain/user.js';
import type { PersonChanges } from '../store/user-repository.js';
import type { UnitChanges } from '../store/unit-repository.js';

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

/** A station type of the county's packs (the newest version declaring it), with that pack. */
export interface DeclaredStationType {
  type: StationType;
  pack: RuntimePack;
}

/**
 * What the directory's checks read of a county: the roles and station types its packs declare,
 * and its stations and units — as stored, or as a whole imported file would leave them
 * (directory-import.ts), so that a row may refer to another row of the same file.
 */
export interface DirectoryView {
  countyId: string;
  /** Role ids, each with its name as people read it. */
  roles: ReadonlyMap<string, LocalizedText>;
  stationTypes: ReadonlyMap<string, DeclaredStationType>;
  stations: ReadonlyMap<string, Pick<Station, 'id' | 'name' | 'stationType' | 'parentId'>>;
  unitIds: ReadonlySet<string>;
}

/** How long the directory's lists may be: the routes' schemas and an imported file are held to the same. */
export const DIRECTORY_LIMITS = { roles: 20, stationIds: 50, villages: 100, kindLength: 30 } as const;

const USERNAME = /^[A-Za-z0-9._-]{2,40}$/;
const STATION_ID = /^[A-Za-z0-9-]{1,63}$/;
const isName = (value: string) => value.trim().length > 0 && [...value].length <= 60;

/** A field refused: its name, the rule it breaks, and the value when naming it helps. */
export const fieldInvalid = (field: string, rule: FieldRule, value?: string) =>
  new EngineError('DIRECTORY_FIELD_INVALID', { field, rule, ...(value === undefined ? {} : { value }) });

/** The administrators of the person's county, and no one else, manage its directory. */
export function onlyAdmin(user: User): User {
  if (!user.roles.includes('admin')) throw new EngineError('DIRECTORY_ADMIN_ONLY');
  return user;
}

/** A first or own password: at least 8 characters. */
export function passwordProblem(field: string, password: string): EngineError | undefined {
  return [...password].length < 8 ? fieldInvalid(field, 'password') : undefined;
}

/**
 * The rules of the county's directory, for one record at a time, without writing anything:
 * every problem of the record, in the order the fields are read. DirectoryAdmin refuses with the
 * first; an import (directory-import.ts) reports them all, row by row.
 */
export class DirectoryRules {
  constructor(private readonly registry: PackRegistry) {}

  /** The county's view for the checks, from its stored (or to be stored) stations and units. */
  view(countyId: string, stations: DirectoryView['stations'], unitIds: ReadonlySet<string>): DirectoryView {
    return { countyId, roles: this.roles(countyId), stationTypes: this.stationTypes(countyId), stations, unitIds };
  }

  /** The roles people of this county may hold: the built-in ones and every role its packs declare. */
  roles(countyId: string): Map<string, LocalizedText> {
    const roles = new Map(Object.entries(BUILT_IN_ROLE_NAMES));
    for (const pack of this.registry.listLatest(countyId)) for (const role of pack.content.manifest.roles ?? []) if (!roles.has(role.id)) roles.set(role.id, role.name);
    return roles;
  }

  /** The station types of the county's packs (their newest versions), by id, with the pack that declares each. */
  stationTypes(countyId: string): Map<string, DeclaredStationType> {
    const types = new Map<string, DeclaredStationType>();
    for (const pack of this.registry.listLatest(countyId)) for (const type of Object.values(pack.content.stationTypes)) if (!types.has(type.id)) types.set(type.id, { type, pack });
    return types;
  }

  newPerson(view: DirectoryView, input: NewPerson): EngineError[] {
    const problems: EngineError[] = [];
    if (!USERNAME.test(input.username)) problems.push(fieldInvalid('username', 'username'));
    if (!isName(input.displayName)) problems.push(fieldInvalid('displayName', 'name'));
    const password = passwordProblem('password', input.password);
    if (password) problems.push(password);
    return [...problems, ...this.personFields(view, { roles: input.roles, stationIds: input.stationIds, unitId: input.unitId, deputyLevel: input.deputyLevel })];
  }

  personChanges(view: DirectoryView, changes: PersonChanges): EngineError[] {
    const name = changes.displayName !== undefined && !isName(changes.displayName) ? [fieldInvalid('displayName', 'name')] : [];
    return [...name, ...this.personFields(view, changes)];
  }

  private personFields(view: DirectoryView, fields: PersonChanges): EngineError[] {
    const problems: EngineError[] = [];
    if (fields.roles) {
      const unknown = fields.roles.find((r) => !view.roles.has(r));
      if (!fields.roles.length) problems.push(fieldInvalid('roles', 'required'));
      else if (fields.roles.length > DIRECTORY_LIMITS.roles) problems.push(fieldInvalid('roles', 'tooMany', String(fields.roles.length)));
      else if (unknown !== undefined) problems.push(fieldInvalid('roles', 'roleUnknown', unknown));
    }
    if (fields.deputyLevel != null && !DEPUTY_LEVELS.includes(fields.deputyLevel)) problems.push(fieldInvalid('deputyLevel', 'deputyLevel', fields.deputyLevel));
    if (fields.stationIds?.length) {
      const unknown = fields.stationIds.find((id) => !view.stations.has(id));
      if (fields.stationIds.length > DIRECTORY_LIMITS.stationIds) problems.push(fieldInvalid('stationIds', 'tooMany', String(fields.stationIds.length)));
      else if (unknown !== undefined) problems.push(fieldInvalid('stationIds', 'stationUnknown', unknown));
    }
    if (fields.unitId && !view.unitIds.has(fields.unitId)) problems.push(fieldInvalid('unitId', 'unitUnknown', fields.unitId));
    return problems;
  }

  /** A unit's name and kind, as they will be stored (trimmed), and their problems. */
  unit<U extends NewUnit | UnitChanges>(fields: U): { unit: U; problems: EngineError[] } {
    const problems: EngineError[] = [];
    if (fields.name !== undefined && !isName(fields.name)) problems.push(fieldInvalid('name', 'name'));
    const kind = fields.kind?.trim() || null;
    if (kind && [...kind].length > DIRECTORY_LIMITS.kindLength) problems.push(fieldInvalid('kind', 'kind'));
    return { unit: { ...fields, ...(fields.name === undefined ? {} : { name: fields.name.trim() }), ...(fields.kind === undefined ? {} : { kind }) }, problems };
  }

  /**
   * A station as it will be stored, and its problems. It is of a type the county's packs
   * declare; it hangs under a station of a type its type allows (a type without parents stands
   * at the top), never under itself; its attributes satisfy its type's form; it closes no
   * earlier than it opened. A new station's id is checked too.
   */
  station(view: DirectoryView, fields: StationFields, { isNew = false } = {}): { station: StationInput; problems: EngineError[] } {
    const problems: EngineError[] = [];
    if (isNew && !STATION_ID.test(fields.id)) problems.push(fieldInvalid('id', 'stationId'));
    if (!isName(fields.name)) problems.push(fieldInvalid('name', 'name'));
    const declared = view.stationTypes.get(fields.stationType);
    if (!declared) problems.push(fieldInvalid('stationType', 'stationTypeUnknown', fields.stationType));
    else {
      const parentProblem = this.parentProblem(view, fields, declared.type);
      if (parentProblem) problems.push(parentProblem);
    }
    if (fields.openedOn && fields.closedOn && fields.closedOn < fields.openedOn) problems.push(fieldInvalid('closedOn', 'closedBeforeOpened', fields.closedOn));
    let attributes = fields.attributes ?? {};
    if (declared?.type.form) {
      const result = this.registry.forms.validate(this.registry.formKey(declared.pack, declared.type.form), attributes);
      if (result.valid) attributes = result.value as Record<string, unknown>;
      else problems.push(payloadInvalid(result.errors));
    }
    const villages = [...new Set((fields.villages ?? []).map((v) => v.trim()).filter(Boolean))];
    if (villages.length > DIRECTORY_LIMITS.villages) problems.push(fieldInvalid('villages', 'tooMany', String(villages.length)));
    const longVillage = villages.find((v) => !isName(v));
    if (longVillage !== undefined) problems.push(fieldInvalid('villages', 'name', longVillage));
    return { station: { ...fields, countyId: view.countyId, name: fields.name.trim(), parentId: fields.parentId || null, attributes, villages }, problems };
  }

  private parentProblem(view: DirectoryView, fields: StationFields, type: StationType): EngineError | undefined {
    if (!fields.parentId) return type.parents?.length ? fieldInvalid('parentId', 'parentNotAllowed', '—') : undefined;
    const parent = view.stations.get(fields.parentId);
    if (!parent) return fieldInvalid('parentId', 'stationUnknown', fields.parentId);
    if (!(type.parents ?? []).includes(parent.stationType)) return fieldInvalid('parentId', 'parentNotAllowed', parent.name);
    // The walk up stops at a station seen before: an imported file may hold a loop elsewhere (its own rows report it).
    const seen = new Set<string>();
    for (let at: string | null | undefined = parent.id; at && !seen.has(at); at = view.stations.get(at)?.parentId) {
      if (at === fields.id) return fieldInvalid('parentId', 'parentLoop', parent.name);
      seen.add(at);
    }
    return undefined;
  }
}
