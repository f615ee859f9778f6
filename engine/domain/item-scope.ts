import { stationsUnder, type Station } from './station.js';
import type { User } from './user.js';
import { assigneeKey } from './assignee.js';

/**
 * Which items a person sees and works on (issue 10's scope table):
 *  - auditors and administrators read the whole county, and so does anyone with neither stations
 *    nor a unit (the office's staff);
 *  - anyone with stations sees the items of their stations and of every station under them (a
 *    township station's people supervise its villages' stations), items at no station, and the
 *    items they filed themselves wherever they filed them;
 *  - a unit's people (承办单位, with a unit and no station) see the unit's items — assigned to
 *    it at some time, or acted on by one of its people (its history stays the unit's when a
 *    member hands work to a colleague) — and the items they filed.
 * What each role may *do* to an item in scope is the flow's to say (its roles per transition).
 */
export type StationScope = { countyWide: true } | { countyWide: false; stationIds: string[]; unit?: UnitScope };

/** A unit's scope: the unit, and its assignee key ("unit:<id>"). */
export interface UnitScope {
  unitId: string;
  assignee: string;
}

const readsCounty = (user: Pick<User, 'roles'>) => user.roles.some((r) => r === 'auditor' || r === 'admin');

/** Someone who works for a unit and at no station: a unit's scope (above). */
export function worksForUnit(user: Pick<User, 'roles' | 'stationIds' | 'unitId'>): user is Pick<User, 'roles' | 'stationIds'> & { unitId: string } {
  return !!user.unitId && !user.stationIds.length && !readsCounty(user);
}

export function isCountyWide(user: Pick<User, 'roles' | 'stationIds' | 'unitId'>): boolean {
  return readsCounty(user) || (!user.stationIds.length && !user.unitId);
}

/** The user's stations and all stations under them, from the county's station list. */
export function stationScope(user: Pick<User, 'roles' | 'stationIds' | 'unitId'>, stations: ReadonlyArray<Pick<Station, 'id' | 'parentId'>>): StationScope {
  return isCountyWide(user) ? { countyWide: true } : { countyWide: false, stationIds: [...stationsUnder(user.stationIds, stations)] };
}

/** A unit member's scope. */
export function unitScope(user: { unitId: string }): StationScope {
  return { countyWide: false, stationIds: [], unit: { unitId: user.unitId, assignee: assigneeKey({ kind: 'unit', id: user.unitId }) } };
}

/**
 * Whether an item is in a user's scope, as far as the item row tells: for a unit, an item not
 * assigned to it now is in scope only if it is one of the unit's (unit_items tells).
 */
export function inScope(item: { stationId: string | null; createdBy: string | null; assignee: string | null }, user: Pick<User, 'id'>, scope: StationScope): boolean {
  if (scope.countyWide || item.createdBy === user.id) return true;
  if (scope.unit) return item.assignee === scope.unit.assignee;
  return item.stationId === null || scope.stationIds.includes(item.stationId);
}
