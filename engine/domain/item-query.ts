import type { DueRange } from './due-window.js';
import type { ItemLink } from './item-directory.js';
import type { ItemStatus } from './item-record.js';

/**
 * What a list of items asks for. The runtime builds these (inbox, public boards, search) and
 * the store answers them; they live here, not in store/, so neither the runtime nor the routes
 * import the store's types to ask.
 */
export interface ItemFilter {
  packId?: string;
  flowId?: string;
  /** A state path; matches items in that state or any of its children. */
  state?: string;
  stationId?: string;
  /** Items at no station. */
  noStation?: boolean;
  status?: ItemStatus;
  createdBy?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Free text found anywhere in the item's data. */
  text?: string;
  /** Items this user has sent any event to (created, triaged, replied, ...). */
  actorId?: string;
  /** Items this user has sent an event to after they were created (triaged, replied, ...): what the user handled. */
  handledBy?: string;
  /** Items waiting for a user (the inbox): any of these rules. */
  waitingIn?: WaitingRule[];
  /** Items linked to this station, unit or person (item_links, domain/item-directory.ts). */
  linked?: ItemLink;
  /** Items at one of these stations, or at none. */
  atStations?: string[];
  /** A unit's items (unit_items, domain/item-scope.ts): assigned to it at some time, or acted on by its people. */
  forUnit?: string;
  /** Active items whose running deadline is in this range (domain/due-window.ts: overdue, due soon). */
  dueAt?: DueRange;
  /** Items whose current work is assigned to this unit; null: to no unit (to no one, a person or a station). */
  assignedUnit?: string | null;
  /** Items in one of these states (public boards): per pack version and flow, the state paths. */
  inStates?: Array<{ packId: string; packVersion: string; flowId: string; paths: string[] }>;
}

/** The assignees a user answers to ("unit:<id>", domain/assignment.ts); anyStation: every station's too; unassigned: work assigned to no one. */
export interface AssigneeFilter {
  keys: string[];
  anyStation: boolean;
  unassigned: boolean;
}

/**
 * Where items of one flow (one pack version) wait for a user: in `paths`, whoever created them,
 * when assigned to no one or to the user (assignedTo); in `ownPaths` (where the user's only
 * events are the creator's), only those userId created, whoever their work is assigned to.
 */
export interface WaitingRule {
  packId: string;
  packVersion: string;
  flowId: string;
  paths: string[];
  ownPaths: string[];
  userId: string;
  /** Whom the work must be assigned to; absent: anyone (the user supervises this flow's assignments). */
  assignedTo?: AssigneeFilter;
}

export type ItemSort = 'created-desc' | 'created-asc' | 'updated-desc' | 'due-asc';

export interface Page {
  offset: number;
  limit: number;
}
