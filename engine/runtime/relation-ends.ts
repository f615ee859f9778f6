import type { Household } from '../domain/household.js';
import type { RelationEnd } from '../domain/relation.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';

/** An end of a relation as people read it: its name, and whether it is out of service (disabled, closed). */
export interface EndView {
  name: string;
  closed: boolean;
}

/** How an end is keyed in maps: its type and id. */
export const endKey = (end: RelationEnd) => `${end.type}:${end.id}`;

/** A household as lists name it: its head and village (王秀英（京塘坡村）). */
export const householdName = (h: Pick<Household, 'headName' | 'village'>) => `${h.headName}（${h.village}）`;

/**
 * The county's directory entries a set of relations names, found by type and id: whether each
 * exists in the county (a relation's check) and what it is called (a list shows names, never
 * ids). People, units and stations are read whole (a county has some thousands at most);
 * households only those named, a county may have tens of thousands.
 */
export class RelationEnds {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  async lookup(countyId: string, ends: readonly RelationEnd[]): Promise<Map<string, EndView>> {
    const wanted = (type: RelationEnd['type']) => ends.filter((e) => e.type === type).map((e) => e.id);
    const has = (type: RelationEnd['type']) => wanted(type).length > 0;
    const [people, units, stations, households] = await Promise.all([
      has('person') ? this.store.users.listPeople(countyId) : [],
      has('unit') ? this.store.units.listUnits(countyId) : [],
      has('station') ? this.store.counties.listStations(countyId) : [],
      this.store.households.byIds(countyId, wanted('household')),
    ]);
    const found = new Map<string, EndView>();
    for (const p of people) found.set(endKey({ type: 'person', id: p.id }), { name: p.displayName, closed: p.disabled });
    for (const u of units) found.set(endKey({ type: 'unit', id: u.id }), { name: u.name, closed: u.disabled });
    // A station closes at the end of its closing day (the clock's UTC day; dates carry no zone).
    const today = this.clock.now().toISOString().slice(0, 10);
    for (const s of stations) found.set(endKey({ type: 'station', id: s.id }), { name: s.name, closed: s.closedOn !== null && s.closedOn < today });
    for (const h of households) found.set(endKey({ type: 'household', id: h.id }), { name: householdName(h), closed: h.closed });
    return found;
  }
}
