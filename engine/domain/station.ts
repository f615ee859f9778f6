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
 * Whether a user with these stations works at a station: it is one of theirs or hangs, at any
 * depth, under one of theirs (a township station's people work for its villages' stations too).
 * A user without stations works county-wide. The engine refuses filing elsewhere; the web app
 * offers only these stations.
 */
export function worksAtStation(stationId: string, own: readonly string[], stations: ReadonlyArray<Pick<Station, 'id' | 'parentId'>>): boolean {
  if (!own.length) return true;
  const parents = new Map(stations.map((s) => [s.id, s.parentId]));
  const seen = new Set<string>();
  for (let at: string | null | undefined = stationId; at && !seen.has(at); at = parents.get(at)) {
    if (own.includes(at)) return true;
    seen.add(at); // a loop in the parents ends the walk
  }
  return false;
}
