/** A unit of a county (承办单位, 市直单位, a township government …): work can be assigned to it, and its members act for it. */
export interface Unit {
  countyId: string;
  id: string;
  name: string;
  /** What kind of unit, in the county's own words (承办单位, 市直单位 …). */
  kind: string | null;
  disabled: boolean;
  /** How many people are its members. */
  memberCount: number;
}
