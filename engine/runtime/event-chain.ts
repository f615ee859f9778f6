import type { RecordKeys } from '../record/record-keys.js';
import type { EventRecord } from '../domain/event-record.js';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256 } from '../util/sha256.js';

/** The hash before an item's first event. */
export const CHAIN_START = '0'.repeat(64);

/**
 * Each event's hash covers all it records and the previous event's hash, so changing,
 * removing or reordering any stored event breaks every hash after it. Plain SHA-256, so anyone
 * holding an export can recompute the chain; the seal (keyed) is what the database alone cannot forge.
 */
export function eventHash(e: Omit<EventRecord, 'hash' | 'seal'>): string {
  const content = {
    countyId: e.countyId,
    itemId: e.itemId,
    seq: e.seq,
    type: e.type,
    actorId: e.actorId,
    role: e.role,
    payload: e.payload,
    stateBefore: e.stateBefore,
    stateAfter: e.stateAfter,
    snapshotAfter: e.snapshotAfter,
    packVersion: e.packVersion,
    createdAt: e.createdAt.toISOString(),
    idempotencyKey: e.idempotencyKey,
    // Absent (not null) on events recorded before origins were: their hashes stay what they were.
    origin: e.origin ?? undefined,
  };
  return sha256(e.prevHash + canonicalJson(content));
}

/** An event with its hash and seal, ready to store. */
export function sealEvent(event: Omit<EventRecord, 'hash' | 'seal'>, keys: RecordKeys): EventRecord {
  const hash = eventHash(event);
  return { ...event, hash, seal: keys.seal(hash) };
}

/** The first thing wrong with an item's chain of events, if any. */
export type ChainBreak =
  | { kind: 'sequence'; seq: number }
  | { kind: 'hash'; seq: number }
  | { kind: 'seal'; seq: number };

/** Recomputes an item's chain from its stored events (in seq order) and checks every seal. */
export function checkChain(events: EventRecord[], keys: RecordKeys): ChainBreak | undefined {
  let prev = CHAIN_START;
  for (const [index, event] of events.entries()) {
    if (event.seq !== index + 1 || event.prevHash !== prev) return { kind: 'sequence', seq: index + 1 };
    if (eventHash(event) !== event.hash) return { kind: 'hash', seq: event.seq };
    if (!keys.hasSeal(event.hash, event.seal)) return { kind: 'seal', seq: event.seq };
    prev = event.hash;
  }
  return undefined;
}
