/** One event of an item's append-only log: the record. */
export interface EventRecord {
  countyId: string;
  itemId: string;
  seq: number;
  type: string;
  /** Who sent it; null when the engine sent it itself (a timer's event: SYSTEM_ROLE). */
  actorId: string | null;
  role: string;
  payload: unknown;
  stateBefore: unknown;
  stateAfter: unknown;
  snapshotAfter: unknown;
  packVersion: string;
  createdAt: Date;
  idempotencyKey: string | null;
  /** Hash chain over the item's events: editing or deleting a stored event breaks it. */
  prevHash: string;
  hash: string;
  /** HMAC of hash with the record's key (RecordKeys.seal). */
  seal: string;
  /** The creation event's: where the item was started. null on every later event. */
  origin: EventOrigin | null;
}

/** Where an item was started, as its creation event records it (checked against the item). */
export interface EventOrigin {
  packId: string;
  flowId: string;
  stationId: string | null;
  /** What the engine put into the data of an item it started itself (its duty, whom it is assigned to: $-keys). */
  context?: Record<string, unknown>;
}

/** How an event is named across items: its item and its place in the item's log. */
export const eventKey = (itemId: string, seq: number) => `${itemId}#${seq}`;
