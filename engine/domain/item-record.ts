export type ItemStatus = 'active' | 'done';

/** An item (one flow instance) as recorded: where it is now, derived from its events. */
export interface ItemRecord {
  countyId: string;
  id: string;
  packId: string;
  packVersion: string;
  flowId: string;
  stationId: string | null;
  /** XState persisted snapshot: the only truth about where the item is. */
  snapshot: unknown;
  /** Every active state path (parents included), so lists can filter by any state. */
  statePaths: string[];
  status: ItemStatus;
  /** Optimistic lock: each event raises it by one; a writer that read an older value loses. */
  version: number;
  title: string;
  /** Who started it; null when the engine did (a recurring duty, another item's follow-up). */
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Deadline per active state that has one, and the earliest of them. */
  deadlines: Record<string, string>;
  dueAt: Date | null;
  /** Hash of the item's newest event: the head of its hash chain. */
  headHash: string;
  /** Its timers and clock (flows/schedule.ts): {} when it has none. */
  schedule: ItemSchedule;
  /** Who its current work is assigned to ("unit:<id>", domain/assignment.ts); null when no one in particular. */
  assignee: string | null;
}

/** What an event changes on its item. */
export type ItemChange = Pick<ItemRecord, 'snapshot' | 'statePaths' | 'status' | 'title' | 'deadlines' | 'dueAt' | 'schedule' | 'updatedAt' | 'headHash' | 'assignee'>;

/**
 * An item's timers and clock, as flows/schedule.ts keeps them from event to event: the timers
 * still to fire (the engine event each sends, and when), when its clock stopped while it stands,
 * the extensions granted per state during the current stay there, and how many of the items it
 * starts (domain/item-start.ts) were armed.
 */
export interface ItemSchedule {
  timers?: Record<string, string>;
  pausedAt?: string;
  extensions?: Record<string, number>;
  starts?: number;
}
