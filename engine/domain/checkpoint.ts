/** One item's head as a checkpoint recorded it. */
export interface CheckpointHead {
  itemId: string;
  version: number;
  headHash: string;
}

/** A county's signed checkpoint: the heads of the items changed since the previous one. */
export interface Checkpoint {
  countyId: string;
  seq: number;
  createdAt: Date;
  /** Items changed up to this time are covered by this checkpoint or an earlier one. */
  coveredUntil: Date;
  headCount: number;
  /** sha256 of the canonical list of this checkpoint's heads. */
  digest: string;
  /** The previous checkpoint's signature ('' for the first): checkpoints form a chain per county. */
  prevSignature: string;
  /** Ed25519 over county, seq, time, digest and prev_signature. */
  signature: string;
  heads: CheckpointHead[];
}

/** A checkpoint before it is signed. */
export type CheckpointDraft = Omit<Checkpoint, 'digest' | 'signature'>;

/**
 * Heads per checkpoint: bounds one checkpoint's transaction and memory. A county that changed
 * more (its first checkpoint, or after downtime) gets several checkpoints in a row.
 */
export const MAX_HEADS = 5000;
