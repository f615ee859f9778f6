import type { Store } from '../store/store.js';
import { MAX_HEADS, type Checkpoint, type CheckpointDraft, type CheckpointHead } from '../domain/checkpoint.js';
import { eventKey } from '../domain/event-record.js';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256 } from '../util/sha256.js';
import { integrityProblem, type IntegrityProblem } from './integrity-problem.js';
import { verifySignature, type RecordKeys } from './record-keys.js';

/**
 * County checkpoints: at intervals the engine signs the heads (version and newest hash) of every
 * item changed since the last checkpoint, chained to the previous checkpoint's signature. An
 * event chain alone cannot show that its newest events were cut and the item rolled back; a
 * signed checkpoint that recorded the longer chain can, and an auditor holding exported
 * checkpoints can prove it even if the checkpoints in the database were cut too.
 */

/** The digest a checkpoint signs for its heads: sha256 of [itemId, version, hash] sorted by item. */
export function headsDigest(heads: CheckpointHead[]): string {
  const sorted = [...heads].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  return sha256(canonicalJson(sorted.map((h) => [h.itemId, h.version, h.headHash])));
}

/** The exact text a checkpoint's Ed25519 signature is over (documented for offline verifiers). */
export function checkpointMessage(c: Pick<Checkpoint, 'countyId' | 'seq' | 'createdAt' | 'coveredUntil' | 'headCount' | 'digest' | 'prevSignature'>): string {
  return canonicalJson({
    countyId: c.countyId,
    seq: c.seq,
    createdAt: c.createdAt.toISOString(),
    coveredUntil: c.coveredUntil.toISOString(),
    headCount: c.headCount,
    digest: c.digest,
    prevSignature: c.prevSignature,
  });
}

/** Signs a county's next checkpoint (at most MAX_HEADS heads); undefined when nothing changed since the last one. */
export function takeCheckpoint(store: Store, keys: RecordKeys, countyId: string, at = new Date(), maxHeads = MAX_HEADS): Promise<Checkpoint | undefined> {
  return store.checkpoints.record(
    countyId,
    at,
    (draft: CheckpointDraft) => {
      const digest = headsDigest(draft.heads);
      return { digest, signature: keys.sign(checkpointMessage({ ...draft, digest })) };
    },
    maxHeads,
  );
}

/** Checkpoints of every county with changes: as many as it takes to cover them all. */
export async function takeCheckpoints(store: Store, keys: RecordKeys, at = new Date(), maxHeads = MAX_HEADS): Promise<Checkpoint[]> {
  const taken: Checkpoint[] = [];
  for (const county of await store.counties.listCounties()) {
    for (;;) {
      const checkpoint = await takeCheckpoint(store, keys, county.id, at, maxHeads);
      if (checkpoint) taken.push(checkpoint);
      if (!checkpoint || checkpoint.heads.length < maxHeads) break;
    }
  }
  return taken;
}

/** Whether a checkpoint is what was signed: its heads give its digest, its signature holds, it follows `previous`. */
export function checkCheckpoint(publicKeyPem: string, checkpoint: Checkpoint, previous?: Pick<Checkpoint, 'signature'> | null): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const intact =
    checkpoint.headCount === checkpoint.heads.length &&
    headsDigest(checkpoint.heads) === checkpoint.digest &&
    verifySignature(publicKeyPem, checkpointMessage(checkpoint), checkpoint.signature);
  if (!intact) problems.push(integrityProblem('CHECKPOINT_SIGNATURE', { checkpoint: checkpoint.seq }));
  if (previous !== undefined && checkpoint.prevSignature !== (previous?.signature ?? '')) problems.push(integrityProblem('CHECKPOINT_CHAIN', { checkpoint: checkpoint.seq }));
  return problems;
}

export interface CountyVerification {
  valid: boolean;
  checkpoints: number;
  heads: number;
  /** The newest checkpoint, for the auditor to keep (its seq and signature). */
  latest: { seq: number; signature: string; createdAt: string } | null;
  problems: IntegrityProblem[];
}

const PAGE = 200;
/** Problems listed at most: a wholesale forgery would otherwise answer with one line per item. */
const MAX_PROBLEMS = 100;

/**
 * Verifies a county's whole checkpoint chain: each checkpoint's signature and link to the one
 * before, and that every head it recorded is still in the event log with the same hash and a
 * valid seal. `held` are checkpoints an auditor kept from earlier exports (seq and signature):
 * each must still be there, unchanged — the proof that the newest checkpoints were not cut.
 */
export async function verifyCounty(store: Store, keys: RecordKeys, countyId: string, held: Array<{ seq: number; signature: string }> = []): Promise<CountyVerification> {
  const problems: IntegrityProblem[] = [];
  const report = (found: IntegrityProblem[]) => problems.push(...found.slice(0, MAX_PROBLEMS - problems.length));
  const heldBySeq = new Map(held.map((h) => [h.seq, h.signature]));
  let previous: Checkpoint | null = null;
  let count = 0;
  let heads = 0;
  for (let after = 0; ; ) {
    const page = await store.checkpoints.list(countyId, after, PAGE);
    for (const checkpoint of page) {
      count++;
      heads += checkpoint.heads.length;
      if (checkpoint.seq !== (previous?.seq ?? 0) + 1) report([integrityProblem('CHECKPOINT_CHAIN', { checkpoint: checkpoint.seq })]);
      report(checkCheckpoint(keys.publicKeyPem, checkpoint, previous));
      if (heldBySeq.has(checkpoint.seq) && heldBySeq.get(checkpoint.seq) === checkpoint.signature) heldBySeq.delete(checkpoint.seq);
      const stored = await store.checkpoints.eventHashes(countyId, checkpoint.heads.map((h) => ({ itemId: h.itemId, seq: h.version })));
      for (const head of checkpoint.heads) {
        const event = stored.get(eventKey(head.itemId, head.version));
        if (!event) report([integrityProblem('CHECKPOINT_CUT', { checkpoint: checkpoint.seq, itemId: head.itemId, version: head.version })]);
        else if (event.hash !== head.headHash || !keys.hasSeal(event.hash, event.seal)) report([integrityProblem('CHECKPOINT_HASH', { checkpoint: checkpoint.seq, itemId: head.itemId, version: head.version })]);
      }
      previous = checkpoint;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].seq;
  }
  for (const seq of heldBySeq.keys()) report([integrityProblem('CHECKPOINT_NOT_HELD', { checkpoint: seq })]);
  return {
    valid: problems.length === 0,
    checkpoints: count,
    heads,
    latest: previous && { seq: previous.seq, signature: previous.signature, createdAt: previous.createdAt.toISOString() },
    problems,
  };
}
