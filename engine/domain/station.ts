/** A liaison station (or other place) of a county, of a type a pack defines. */
export interface Station {
  countyId: string;
  id: string;
  stationType: string;
  name: string;
  parentId: string | null;
  attributes: Record<string, unknown>;
}
