import { stationsUnder, type Station } from './station.js';
import type { User } from './user.js';

/**
 * Which items a person sees and works on, by station (issue 10's scope table):
 *  - auditors and administrators read the whole county, and so does anyone without stations
 *    (a county department, the office's staff);
 *  - anyone with stations sees the items of their stations and of every station under them (a
 *    township station's people supervise its villages' stations), items at no station, and the
 *    items they filed themselves wherever they filed them.
 * What each role may *do* to an item in scope is the flow's to say (its roles per transition).
 */
export type StationScope = { countyWide: true } | { countyWide: false; stationIds: string[] };

export function isCountyWide(user: Pick<User, 'roles' | 'stationIds'>): boolean {
  return !user.stationIds.length || user.roles.some((r) => r === 'auditor' || r === 'admin');
}

/** The user's stations and all stations under them, from the county's station list. */
export function stationScope(user: Pick<User, 'roles' | 'stationIds'>, stations: ReadonlyArray<Pick<Station, 'id' | 'parentId'>>): StationScope {
  return isCountyWide(user) ? { countyWide: true } : { countyWide: false, stationIds: [...stationsUnder(user.stationIds, stations)] };
}

/** Whether an item is in a user's scope. */
export function inScope(item: { stationId: string | null; createdBy: string }, user: Pick<User, 'id'>, scope: StationScope): boolean {
  return scope.countyWide || item.stationId === null || item.createdBy === user.id || scope.stationIds.includes(item.stationId);
}
