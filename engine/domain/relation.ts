/** What a relation may join, in the order the web app offers them (pack.schema.json's relationKinds from/to say the same). */
export const RELATION_END_TYPES = ['person', 'unit', 'station', 'household'] as const;
export type RelationEndType = (typeof RELATION_END_TYPES)[number];

/** One end of a relation: a person, unit, station or household of the county, by its id. */
export interface RelationEnd {
  type: RelationEndType;
  id: string;
}

/**
 * A relation of a county's directory (issue 10), of a kind a pack declares (pack.json
 * relationKinds): a unit paired with a village's station, a deputy and a household they keep in
 * touch with, a station chief and a member. It holds from startsOn to endsOn (both days
 * included; no end: still in force); ending one sets endsOn, so the past stays readable.
 */
export interface Relation {
  countyId: string;
  id: string;
  /** The relation kind's id. */
  kind: string;
  from: RelationEnd;
  to: RelationEnd;
  /** As the kind's attribute form checked them ({} when the kind has no form). */
  attributes: Record<string, unknown>;
  /** Dates, YYYY-MM-DD. */
  startsOn: string;
  endsOn: string | null;
}

/** Whether a relation is in force on a day (YYYY-MM-DD). */
export const inForceOn = (relation: Pick<Relation, 'startsOn' | 'endsOn'>, day: string) => relation.startsOn <= day && (relation.endsOn === null || relation.endsOn >= day);
