/**
 * A household (农户) of a county's directory: whom deputies visit and keep in touch with (联系户).
 * Light on purpose: the head's name, the village, the station it belongs to, a phone. The head's
 * name and the phone are personal data, shown only to the county's administrators.
 */
export interface Household {
  countyId: string;
  id: string;
  /** 户编号: the county's own code for the household, by which an imported file names it. */
  code: string;
  /** 户主姓名 (personal). */
  headName: string;
  /** The village (自然村 or 行政村) it lives in, as people write it. */
  village: string;
  stationId: string | null;
  /** Personal. */
  phone: string | null;
  note: string | null;
  /** A household that moved away or merged with another stays in the directory, closed. */
  closed: boolean;
}

/** What the administrator enters for a household; the code is made when left out. */
export type HouseholdInput = Omit<Household, 'countyId' | 'id' | 'closed' | 'code'> & { code?: string };

/** One page of a household list, and how many match (capped: a county may have tens of thousands). */
export interface HouseholdPage {
  households: Household[];
  total: number;
  /** The total reached the cap: there are at least this many. */
  totalCapped: boolean;
}
