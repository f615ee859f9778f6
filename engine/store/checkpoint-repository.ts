import { sql, type Kysely, type Selectable } from 'kysely';
import type { CheckpointTable, Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/** One item's head as a checkpoint recorded it. */
export interface CheckpointHead {
  itemId: string;
  version: number;
  headHash: string;
}

export interface Checkpoint {
  countyId: string;
  seq: number;
  createdAt: Date;
  coveredUntil: Date;
  headCount: number;
  digest: string;
  prevSignature: string;
  signature: string;
  heads: CheckpointHead[];
}

/** A checkpoint before it is signed. */
export type CheckpointDraft = Omit<Checkpoint, 'digest' | 'signature'>;

/**
 * How far before the previous checkpoint to look for changed items. An event's transaction
 * stamps updated_at before it commits; one that commits just after a checkpoint read the items
 * must still be found by the next checkpoint. Events commit within seconds, this leaves minutes.
 */
const COMMIT_SKEW_MS = 10 * 60_000;
/** Heads per statement, well under the databases' bound-parameter limit. */
const HEADS_PER_INSERT = 1000;
/**
 * Heads per checkpoint: bounds one checkpoint's transaction and memory. A county that changed
 * more (its first checkpoint, or after downtime) gets several checkpoints in a row.
 */
export const MAX_HEADS = 5000;

/** Signed checkpoints of a county's item heads (insert-only for the application). */
export class CheckpointRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Records the next checkpoint of a county: the heads of the items whose head changed since the
   * last checkpoint recorded them, oldest change first, at most MAX_HEADS. sign turns the draft
   * into its digest and signature. Nothing is written (undefined) when no head changed. Two engines
   * recording at once: one wins, the other's insert of the same seq fails and is reported as
   * undefined too.
   */
  async record(countyId: string, at: Date, sign: (draft: CheckpointDraft) => { digest: string; signature: string }, maxHeads = MAX_HEADS): Promise<Checkpoint | undefined> {
    try {
      return await inCounty(this.db, countyId, async (trx) => {
        const last = await trx.selectFrom('checkpoints').selectAll().where('county_id', '=', countyId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const since = last ? new Date(last.covered_until.getTime() - COMMIT_SKEW_MS) : new Date(0);
        const changed = await trx
          .selectFrom('items as i')
          .select(['i.id as itemId', 'i.version', 'i.head_hash as headHash', 'i.updated_at as updatedAt'])
          .where('i.county_id', '=', countyId)
          .where('i.updated_at', '>=', since)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('checkpoint_heads as h')
                  .select(sql`1`.as('one'))
                  .whereRef('h.county_id', '=', 'i.county_id')
                  .whereRef('h.item_id', '=', 'i.id')
                  .whereRef('h.version', '=', 'i.version'),
              ),
            ),
          )
          .orderBy('i.updated_at')
          .orderBy('i.id')
          .limit(maxHeads)
          .execute();
        if (!changed.length) return undefined;
        // Cut at the cap: what changed after the last head taken is left for the next checkpoint.
        const coveredUntil = changed.length === maxHeads ? changed[changed.length - 1].updatedAt : at;
        const heads = changed.map(({ updatedAt: _, ...head }) => head).sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
        const draft: CheckpointDraft = { countyId, seq: (last?.seq ?? 0) + 1, createdAt: at, coveredUntil, headCount: heads.length, prevSignature: last?.signature ?? '', heads };
        const { digest, signature } = sign(draft);
        await trx
          .insertInto('checkpoints')
          .values({ county_id: countyId, seq: draft.seq, created_at: at, covered_until: coveredUntil, head_count: heads.length, digest, prev_signature: draft.prevSignature, signature })
          .execute();
        for (let i = 0; i < heads.length; i += HEADS_PER_INSERT) {
          const rows = heads.slice(i, i + HEADS_PER_INSERT).map((h) => ({ county_id: countyId, checkpoint_seq: draft.seq, item_id: h.itemId, version: h.version, head_hash: h.headHash }));
          await trx.insertInto('checkpoint_heads').values(rows).execute();
        }
        return { ...draft, digest, signature };
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return undefined;
      throw error;
    }
  }

  /** A county's checkpoints in order, with their heads, after a given seq. */
  async list(countyId: string, afterSeq: number, limit: number): Promise<Checkpoint[]> {
    return inCounty(this.db, countyId, async (trx) => {
      const rows = await trx.selectFrom('checkpoints').selectAll().where('county_id', '=', countyId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      if (!rows.length) return [];
      const heads = await trx
        .selectFrom('checkpoint_heads')
        .select(['checkpoint_seq', 'item_id as itemId', 'version', 'head_hash as headHash'])
        .where('county_id', '=', countyId)
        .where('checkpoint_seq', '>=', rows[0].seq)
        .where('checkpoint_seq', '<=', rows[rows.length - 1].seq)
        .orderBy('checkpoint_seq')
        .orderBy('item_id')
        .execute();
      return rows.map((row) => toCheckpoint(row, heads.filter((h) => h.checkpoint_seq === row.seq).map(({ checkpoint_seq: _, ...h }) => h)));
    });
  }

  /** The newest checkpoint that recorded this item, with all its heads (to check its signature). */
  async latestFor(countyId: string, itemId: string): Promise<Checkpoint | undefined> {
    return inCounty(this.db, countyId, async (trx) => {
      const found = await trx
        .selectFrom('checkpoint_heads')
        .select('checkpoint_seq')
        .where('county_id', '=', countyId)
        .where('item_id', '=', itemId)
        .orderBy('checkpoint_seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!found) return undefined;
      const row = await trx.selectFrom('checkpoints').selectAll().where('county_id', '=', countyId).where('seq', '=', found.checkpoint_seq).executeTakeFirst();
      const heads = await trx
        .selectFrom('checkpoint_heads')
        .select(['item_id as itemId', 'version', 'head_hash as headHash'])
        .where('county_id', '=', countyId)
        .where('checkpoint_seq', '=', found.checkpoint_seq)
        .orderBy('item_id')
        .execute();
      // A head without its checkpoint row: the row was removed; an empty shell fails its signature check.
      return toCheckpoint(row ?? { county_id: countyId, seq: found.checkpoint_seq, created_at: new Date(0), covered_until: new Date(0), head_count: -1, digest: '', prev_signature: '', signature: '' }, heads);
    });
  }

  /** The hash and seal of the given events (item, seq) that exist: what checkpointed heads are checked against. */
  async eventHashes(countyId: string, pairs: Array<{ itemId: string; seq: number }>): Promise<Map<string, { hash: string; seal: string }>> {
    const found = new Map<string, { hash: string; seal: string }>();
    if (!pairs.length) return found;
    await inCounty(this.db, countyId, async (trx) => {
      for (let i = 0; i < pairs.length; i += HEADS_PER_INSERT) {
        const chunk = pairs.slice(i, i + HEADS_PER_INSERT);
        const rows = await trx
          .selectFrom('events')
          .select(['item_id', 'seq', 'hash', 'seal'])
          .where('county_id', '=', countyId)
          .where(sql<boolean>`(item_id, seq) in (select * from unnest(${sql.val(chunk.map((p) => p.itemId))}::text[], ${sql.val(chunk.map((p) => p.seq))}::int[]))`)
          .execute();
        for (const r of rows) found.set(eventKey(r.item_id, r.seq), { hash: r.hash, seal: r.seal });
      }
    });
    return found;
  }
}

/** The key eventHashes answers by. */
export const eventKey = (itemId: string, seq: number) => `${itemId}#${seq}`;

function toCheckpoint(row: Selectable<CheckpointTable>, heads: CheckpointHead[]): Checkpoint {
  return {
    countyId: row.county_id,
    seq: row.seq,
    createdAt: row.created_at,
    coveredUntil: row.covered_until,
    headCount: row.head_count,
    digest: row.digest,
    prevSignature: row.prev_signature,
    signature: row.signature,
    heads,
  };
}
