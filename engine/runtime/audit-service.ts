import type { LocalizedText } from '../../forms/index.js';
import { EngineError } from '../errors/engine-error.js';
import { checkpointMessage, verifyCounty, type CountyVerification } from '../record/checkpoints.js';
import type { RecordKeys } from '../record/record-keys.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/store.js';

export type { CountyVerification };

/** Who may read the county's checkpoints: they name every item, so not every role. */
const AUDIT_ROLES = ['auditor', 'admin'];

/** The format name an export carries, so that a kept file says how to read it. */
export const CHECKPOINT_EXPORT_FORMAT = 'renda-checkpoints/1';

/** A page of the county's signed checkpoints, as an auditor keeps it: enough to check each signature offline. */
export interface CheckpointExport {
  format: string;
  county: { id: string; name: LocalizedText };
  algorithm: 'Ed25519';
  publicKey: string;
  checkpoints: Array<{
    seq: number;
    createdAt: string;
    coveredUntil: string;
    headCount: number;
    digest: string;
    prevSignature: string;
    signature: string;
    /** The exact text the signature is over (canonical JSON). */
    signedMessage: string;
    heads: Array<{ itemId: string; version: number; hash: string }>;
  }>;
}

/** A checkpoint an auditor kept from an earlier export. */
export interface HeldCheckpoint {
  seq: number;
  signature: string;
}

/**
 * Signed checkpoints for auditors: an export to keep outside the system (verifiable offline with
 * the public key it names), and a verification of the county's whole checkpoint chain against
 * the event log, which also confirms that the checkpoints the auditor kept are still there.
 */
export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly keys: RecordKeys,
  ) {}

  /** The county's checkpoints after seq `after`, at most `limit`, in order. */
  async exportCheckpoints(user: User, after: number, limit: number): Promise<CheckpointExport> {
    requireAuditor(user);
    const checkpoints = await this.store.checkpoints.list(user.countyId, after, limit);
    const county = await this.store.counties.getCounty(user.countyId);
    return {
      format: CHECKPOINT_EXPORT_FORMAT,
      // A user's county always exists (a foreign key); its id stands in should it ever not.
      county: county ?? { id: user.countyId, name: { 'zh-CN': user.countyId, en: user.countyId } },
      algorithm: 'Ed25519',
      publicKey: this.keys.publicKeyPem,
      checkpoints: checkpoints.map((c) => ({
        seq: c.seq,
        createdAt: c.createdAt.toISOString(),
        coveredUntil: c.coveredUntil.toISOString(),
        headCount: c.headCount,
        digest: c.digest,
        prevSignature: c.prevSignature,
        signature: c.signature,
        signedMessage: checkpointMessage(c),
        heads: c.heads.map((h) => ({ itemId: h.itemId, version: h.version, hash: h.headHash })),
      })),
    };
  }

  /** Verifies the whole chain against the event log, and that every held checkpoint is still there unchanged. */
  verify(user: User, held: HeldCheckpoint[]): Promise<CountyVerification> {
    requireAuditor(user);
    return verifyCounty(this.store, this.keys, user.countyId, held);
  }
}

function requireAuditor(user: User): void {
  if (!user.roles.some((r) => AUDIT_ROLES.includes(r))) throw new EngineError('AUDIT_NOT_ALLOWED');
}
