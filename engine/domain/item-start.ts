/**
 * One item starting another (the catalogue's startItem): the event that decides it writes the
 * start into the item's data ($ cannot begin a form field's name), the engine's timer
 * `engine.start.<n>` makes it durable (flows/schedule.ts arms it with the event, in the same
 * statement), and firing it starts the new item and records the link in both traces: the new
 * item's data holds its parent, the parent's event `engine.start.<n>` names the new item.
 */
export const STARTS_KEY = '$starts';
export const PARENT_KEY = '$parent';

/** Whose the new item is: the user who sent the event that started it, or the starting item's creator. */
export type StartedBy = 'sender' | 'creator';

export interface ItemStart {
  flow: string;
  /** The new item's data: fields copied from the starting item, and fixed values. */
  data: Record<string, unknown>;
  by: StartedBy;
  /** Who sent the event that started it (id null: the engine, as a timer). */
  sender: { id: string | null; role: string };
  /** The event's type and time. */
  event: string;
  at: string;
}

/** In a started item's data: the item that started it, and which of its starts it is. */
export interface ParentLink {
  itemId: string;
  flowId: string;
  index: number;
}

const START_PREFIX = 'engine.start.';

export function startTimerType(index: number): string {
  return `${START_PREFIX}${index}`;
}

/** The index of the start an `engine.start.<n>` event fires; undefined for any other event. */
export function startIndexOf(type: string): number | undefined {
  if (!type.startsWith(START_PREFIX)) return undefined;
  const index = Number(type.slice(START_PREFIX.length));
  return Number.isInteger(index) && index >= 0 ? index : undefined;
}

export function startsOf(context: Record<string, unknown> | undefined): ItemStart[] {
  const value = context?.[STARTS_KEY];
  return Array.isArray(value) ? (value as ItemStart[]) : [];
}

export function parentOf(context: Record<string, unknown> | undefined): ParentLink | undefined {
  const value = context?.[PARENT_KEY];
  return value && typeof value === 'object' ? (value as ParentLink) : undefined;
}
