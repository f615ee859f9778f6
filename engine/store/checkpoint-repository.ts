import { sql, type Kysely } from 'kysely';
import { eventKey } from '../domain/event-record.js';
import { MAX_HEADS, type Checkpoint, type CheckpointDraft, type CheckpointHead } from '../domain/checkpoint.js';
import type { Database } from './database-schema.js';
import { inCounty } from './county-scope.js';

/**
 * How far before the previous checkpoint to look for changed items. An event's transaction
 * stamps updated_at before it commits; one that commits just after a checkpoint read the items
 * must still be found by the next checkpoint. Events commit within seconds, this leaves minutes.
 */
const COMMIT_SKEW_MS = 10 * 60_000;
/** Heads per statement, well under the databases' bound-parameter limit. */
const HEADS_PER_INSERT = 1000;

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
        const last = await trx.selectFrom('checkpoints').selectAll().where('countyId', '=', countyId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const since = last ? new Date(last.coveredUntil.getTime() - COMMIT_SKEW_MS) : new Date(0);
        const changed = await trx
          .selectFrom('items as i')
          .select(['i.id as itemId', 'i.version', 'i.headHash', 'i.updatedAt'])
          .where('i.countyId', '=', countyId)
          .where('i.updatedAt', '>=', since)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('checkpointHeads as h')
                  .select(sql`1`.as('one'))
                  .whereRef('h.countyId', '=', 'i.countyId')
                  .whereRef('h.itemId', '=', 'i.id')
                  .whereRef('h.version', '=', 'i.version'),
              ),
            ),
          )
          .orderBy('i.updatedAt')
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
          .values({ countyId, seq: draft.seq, createdAt: at, coveredUntil, headCount: heads.length, digest, prevSignature: draft.prevSignature, signature })
          .execute();
        for (let i = 0; i < heads.length; i += HEADS_PER_INSERT) {
          const rows = heads.slice(i, i + HEADS_PER_INSERT).map((h) => ({ countyId, checkpointSeq: draft.seq, ...h }));
          await trx.insertInto('checkpointHeads').values(rows).execute();
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
      const rows = await trx.selectFrom('checkpoints').selectAll().where('countyId', '=', countyId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      if (!rows.length) return [];
      const heads = await trx
        .selectFrom('checkpointHeads')
        .select(['checkpointSeq', ...HEAD_COLUMNS])
        .where('countyId', '=', countyId)
        .where('checkpointSeq', '>=', rows[0].seq)
        .where('checkpointSeq', '<=', rows[rows.length - 1].seq)
        .orderBy('checkpointSeq')
        .orderBy('itemId')
        .execute();
      return rows.map((row) => ({ ...row, heads: heads.filter((h) => h.checkpointSeq === row.seq).map(({ checkpointSeq: _, ...h }) => h) }));
    });
  }

  /** The newest checkpoint that recorded this item, with all its heads (to check its signature). */
  async latestFor(countyId: string, itemId: string): Promise<Checkpoint | undefined> {
    return inCounty(this.db, countyId, async (trx) => {
      const found = await trx
        .selectFrom('checkpointHeads')
        .select('checkpointSeq')
        .where('countyId', '=', countyId)
        .where('itemId', '=', itemId)
        .orderBy('checkpointSeq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!found) return undefined;
      const row = await trx.selectFrom('checkpoints').selectAll().where('countyId', '=', countyId).where('seq', '=', found.checkpointSeq).executeTakeFirst();
      const heads = await trx
        .selectFrom('checkpointHeads')
        .select(HEAD_COLUMNS)
        .where('countyId', '=', countyId)
        .where('checkpointSeq', '=', found.checkpointSeq)
        .orderBy('itemId')
        .execute();
      // A head without its checkpoint row: the row was removed; an empty shell fails its signature check.
      const shell = { countyId, seq: found.checkpointSeq, createdAt: new Date(0), coveredUntil: new Date(0), headCount: -1, digest: '', prevSignature: '', signature: '' };
      return { ...(row ?? shell), heads };
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
          .select(['itemId', 'seq', 'hash', 'seal'])
          .where('countyId', '=', countyId)
          .where((eb) => sql<boolean>`(${eb.ref('itemId')}, ${eb.ref('seq')}) in (select * from unnest(${sql.val(chunk.map((p) => p.itemId))}::text[], ${sql.val(chunk.map((p) => p.seq))}::int[]))`)
          .execute();
        for (const r of rows) found.set(eventKey(r.itemId, r.seq), { hash: r.hash, seal: r.seal });
      }
    });
    return found;
  }
}

/** A checkpoint head's columns: the fields of CheckpointHead. */
const HEAD_COLUMNS = ['itemId', 'version', 'headHash'] as const satisfies ReadonlyArray<keyof CheckpointHead>;
