import type { EventRecord } from '../store/item-repository.js';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256 } from '../util/sha256.js';

/** The hash before an item's first event. */
export const CHAIN_START = '0'.repeat(64);

/**
 * Each event's hash covers all it records and the previous event's hash, so changing,
 * removing or reordering any stored event breaks every hash after it.
 */
export function eventHash(e: Omit<EventRecord, 'hash'>): string {
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
  };
  return sha256(e.prevHash + canonicalJson(content));
}

export interface ChainCheck {
  valid: boolean;
  /** seq of the first event whose hash does not match, when invalid. */
  brokenAt?: number;
}

/** Recomputes an item's chain from its stored events (in seq order) and the item's head hash. */
export function verifyChain(events: EventRecord[], headHash: string): ChainCheck {
  let prev = CHAIN_START;
  for (const [index, event] of events.entries()) {
    if (event.seq !== index + 1 || event.prevHash !== prev || eventHash(event) !== event.hash) return { valid: false, brokenAt: event.seq };
    prev = event.hash;
  }
  return prev === headHash ? { valid: true } : { valid: false, brokenAt: events.length + 1 };
}
