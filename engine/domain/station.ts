/** A liaison station (or other place) of a county, of a type a pack defines. */
export interface Station {
  countyId: string;
  id: string;
  stationType: string;
  name: string;
  parentId: string | null;
  attributes: Record<string, unknown>;
  /** The villages (or communities) the station serves: one station may serve several. */
  villages: string[];
  /** When it opened and closed (YYYY-MM-DD); a closed station stays in the registry and its history. */
  openedOn: string | null;
  closedOn: string | null;
}

/** A station as it is written: the dates and villages may be left out (none yet). */
export type StationInput = Omit<Station, 'villages' | 'openedOn' | 'closedOn'> & Partial<Pick<Station, 'villages' | 'openedOn' | 'closedOn'>>;

/**
 * These stations and every station under them, at any depth (a township station's people work
 * for its villages' stations too). A loop in the parents ends the walk.
 */
export function stationsUnder(own: readonly string[], stations: ReadonlyArray<Pick<Station, 'id' | 'parentId'>>): Set<string> {
  const children = new Map<string, string[]>();
  for (const s of stations) if (s.parentId) children.set(s.parentId, [...(children.get(s.parentId) ?? []), s.id]);
  const found = new Set<string>();
  const walk = (id: string) => {
    if (found.has(id)) return;
    found.add(id);
    for (const child of children.get(id) ?? []) walk(child);
  };
  own.forEach(walk);
  return found;
}

/**
 * Whether a user with these stations works at a station: it is one of theirs or hangs under one
 * of theirs. A user without stations works county-wide. The engine refuses filing elsewhere; the
 * web app offers only these stations.
 */
export function worksAtStation(stationId: string, own: readonly string[], stations: ReadonlyArray<Pick<Station, 'id' | 'parentId'>>): boolean {
  return !own.length || stationsUnder(own, stations).has(stationId);
}
