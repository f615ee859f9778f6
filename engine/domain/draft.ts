/**
 * Which form a draft belongs to: start:<packId>:<flowId> for a new item's start form,
 * event:<itemId>:<EVENT_TYPE> for an event's form on an item. The same key on every device,
 * so the browser finds the draft again; the engine clears it when the item is created or the
 * event accepted.
 */
export type DraftKey = `start:${string}:${string}` | `event:${string}:${string}`;

/** A half-filled form, saved so it survives a reload or moves to another device. */
export interface Draft {
  key: string;
  /** The form as the browser had it; not validated (it is unfinished). */
  payload: Record<string, unknown>;
  updatedAt: Date;
}

/** The draft key of a new item's start form. */
export const startDraftKey = (packId: string, flowId: string): DraftKey => `start:${packId}:${flowId}`;

/** The draft key of an event's form on an item. */
export const eventDraftKey = (itemId: string, eventType: string): DraftKey => `event:${itemId}:${eventType}`;
