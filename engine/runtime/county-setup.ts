import { v7 as uuidv7 } from 'uuid';
import type { LocalizedText } from '../../forms/index.js';
import { hashPassword } from '../auth/passwords.js';
import type { ManagedCounty } from '../domain/county.js';
import { EngineError } from '../errors/engine-error.js';
import type { FieldRule } from '../errors/error-catalogue.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';

/**
 * A county as the operator creates it: its id, its name, and its first administrator, who
 * chooses their own password at the first login (the operator knows the first one) unless
 * passwordIsFinal (the demo seed, whose passwords are published).
 */
export interface NewCounty {
  id: string;
  name: LocalizedText;
  admin: { username: string; displayName: string; password: string; passwordIsFinal?: boolean };
}

const RULES: Array<[field: string, rule: FieldRule, ok: (c: NewCounty) => boolean]> = [
  ['id', 'id', (c) => /^[a-z][a-z0-9-]{1,39}$/.test(c.id)],
  ['name.zh-CN', 'name', (c) => isName(c.name['zh-CN'])],
  ['name.en', 'name', (c) => isName(c.name.en)],
  ['admin.username', 'username', (c) => /^[A-Za-z0-9._-]{2,40}$/.test(c.admin.username)],
  ['admin.displayName', 'name', (c) => isName(c.admin.displayName)],
  ['admin.password', 'password', (c) => typeof c.admin.password === 'string' && [...c.admin.password].length >= 8],
];

const isName = (value: unknown) => typeof value === 'string' && value.trim().length > 0 && [...value].length <= 60;

/**
 * Setting up and retiring counties: what the platform's operator does (issue 10), from the
 * command line (`npm run admin`), from the web app (http/operator-routes.ts) and, through the same
 * functions, the demo seed. A county is created with its first administrator, who then sets up
 * the rest of it.
 */
export class CountySetup {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates the county and its administrator (role admin); refuses a bad field or a taken id, writing nothing. */
  async create(county: NewCounty): Promise<void> {
    for (const [field, rule, ok] of RULES) if (!ok(county)) throw new EngineError('COUNTY_FIELD_INVALID', { field, rule });
    const admin = {
      countyId: county.id,
      id: uuidv7(),
      username: county.admin.username,
      displayName: county.admin.displayName.trim(),
      roles: ['admin'],
      stationIds: [],
      passwordHash: await hashPassword(county.admin.password),
      mustChangePassword: !county.admin.passwordIsFinal,
    };
    const name = { 'zh-CN': county.name['zh-CN'].trim(), en: county.name.en.trim() };
    if (!(await this.store.counties.createCounty({ id: county.id, name }, admin, this.clock.now()))) throw new EngineError('COUNTY_EXISTS', { countyId: county.id });
  }

  /** Disables a county: its people can no longer log in, and their sessions end at the next request. */
  async disable(countyId: string): Promise<void> {
    if (!(await this.store.counties.setDisabled(countyId, this.clock.now()))) throw new EngineError('COUNTY_NOT_FOUND', { countyId });
  }

  /** Puts a disabled county back in service. */
  async enable(countyId: string): Promise<void> {
    if (!(await this.store.counties.setDisabled(countyId, null))) throw new EngineError('COUNTY_NOT_FOUND', { countyId });
  }

  list(): Promise<ManagedCounty[]> {
    return this.store.counties.listManagedCounties();
  }

  /** Every county with how many of its people may log in: the operator's list (no names, no items). */
  async overview(): Promise<Array<ManagedCounty & { activePeople: number }>> {
    const counties = await this.list();
    // One small count per county (each under its own county scope); an installation has tens of counties, not thousands.
    return Promise.all(counties.map(async (c) => ({ ...c, activePeople: await this.store.counties.countActivePeople(c.id) })));
  }

  /** One county as the operator manages it. */
  async get(countyId: string): Promise<ManagedCounty & { activePeople: number }> {
    const county = (await this.list()).find((c) => c.id === countyId);
    if (!county) throw new EngineError('COUNTY_NOT_FOUND', { countyId });
    return { ...county, activePeople: await this.store.counties.countActivePeople(countyId) };
  }
}
