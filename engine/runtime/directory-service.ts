import type { County } from '../domain/county.js';
import type { Station } from '../domain/station.js';
import type { Unit } from '../domain/unit.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/store.js';

/** Who and where: the counties of this installation, and each county's stations and people. */
export class DirectoryService {
  constructor(private readonly store: Store) {}

  /** Every county (public: the login page lists them). */
  counties(): Promise<County[]> {
    return this.store.counties.listCounties();
  }

  /** The stations of the user's county. */
  stations(user: User): Promise<Station[]> {
    return this.store.counties.listStations(user.countyId);
  }

  /** The units of the user's county in service (for pickers and names). */
  async units(user: User): Promise<Unit[]> {
    return (await this.store.units.listUnits(user.countyId)).filter((u) => !u.disabled);
  }

  /** The people of the user's county, optionally only those with one role. */
  async people(user: User, role?: string): Promise<User[]> {
    const users = await this.store.users.listUsers(user.countyId);
    return role ? users.filter((u) => u.roles.includes(role)) : users;
  }
}
