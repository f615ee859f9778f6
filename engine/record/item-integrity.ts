import type { RuntimeFlow } from '../packs/pack-registry.js';
import { checkChain } from '../runtime/event-chain.js';
import { itemFromLog } from '../runtime/item-derivation.js';
import type { Checkpoint } from '../domain/checkpoint.js';
import type { EventRecord } from '../domain/event-record.js';
import type { ItemRecord } from '../domain/item-record.js';
import { itemLinks, type ItemLink } from '../domain/item-directory.js';
import { canonicalJson } from '../util/canonical-json.js';
import { checkCheckpoint } from './checkpoints.js';
import { integrityProblem, type IntegrityProblem } from './integrity-problem.js';
import type { RecordKeys } from './record-keys.js';
import type { WorkingDayCalendar } from '../flows/span.js';

/** What verification says about one item: the trace's verdict. */
export interface ItemIntegrity {
  valid: boolean;
  problems: IntegrityProblem[];
  /** The newest signed checkpoint that recorded this item, when there is one. */
  checkpoint?: { seq: number; at: string; version: number };
}

/** The item fields a replay of the log decides, and how to compare each. */
const REPLAYED_FIELDS: Array<keyof ItemRecord> = ['snapshot', 'statePaths', 'status', 'title', 'deadlines', 'dueAt', 'schedule', 'assignee', 'version', 'headHash', 'createdBy', 'createdAt', 'updatedAt', 'packVersion'];
/** Decided by the creation event's origin (events recorded before origins existed have none). */
const ORIGIN_FIELDS: Array<keyof ItemRecord> = ['packId', 'flowId', 'stationId'];

/**
 * Verifies an item as a whole: what the item page and the public board show must be what its
 * log says, and the log must be the one that was written.
 * 1. the event chain: order, hashes, and each event's seal (a key the database does not hold);
 * 2. the item row against a replay of the log through its flow (data, state, title, deadlines and timers,
 *    origin, head), so editing the row is seen even though the log is intact;
 * 3. the newest signed checkpoint that recorded the item: its signature, and that the event it
 *    names is still there with the same hash, so cutting the newest events is seen.
 *
 * What the item's flow did to the directory (domain/item-directory.ts) is checked as far as it is
 * the item's: the replay rebuilds the station it registers and its links in the snapshot, which
 * is compared like the rest of it, and the item_links rows (when given) must be the ones that
 * snapshot implies. The replay never writes: it does not register the station again, and the
 * registry's row is not compared, since the administrator may rename, move or close the station
 * afterwards without touching the item's record.
 */
export function checkItem(
  runtime: RuntimeFlow,
  item: ItemRecord,
  events: EventRecord[],
  keys: RecordKeys,
  calendar: WorkingDayCalendar,
  checkpoint?: Checkpoint,
  links?: ItemLink[],
): ItemIntegrity {
  const problems: IntegrityProblem[] = [];
  if (!events.length) problems.push(integrityProblem('NO_EVENTS'));
  const broken = checkChain(events, keys);
  if (broken) problems.push(integrityProblem(broken.kind === 'sequence' ? 'CHAIN_SEQUENCE' : broken.kind === 'hash' ? 'CHAIN_HASH' : 'CHAIN_SEAL', { seq: broken.seq }));

  if (events.length) {
    try {
      const replayed = itemFromLog(runtime, events, calendar);
      const fields = [...REPLAYED_FIELDS, ...(events[0].origin ? ORIGIN_FIELDS : [])];
      const differing: string[] = fields.filter((f) => canonicalJson(normalize(f, replayed[f])) !== canonicalJson(normalize(f, item[f])));
      const linkKeys = (list: ItemLink[]) => list.map((l) => `${l.kind}:${l.targetId}`).sort().join('\n');
      const context = (replayed.snapshot as { context?: Record<string, unknown> }).context;
      if (links && linkKeys(links) !== linkKeys(itemLinks(context, item.id))) differing.push('links');
      if (differing.length) problems.push(integrityProblem('ROW_MISMATCH', { fields: differing }));
    } catch {
      problems.push(integrityProblem('REPLAY_FAILED'));
    }
  }

  if (!checkpoint) return { valid: problems.length === 0, problems };
  problems.push(...checkCheckpoint(keys.publicKeyPem, checkpoint));
  const head = checkpoint.heads.find((h) => h.itemId === item.id);
  if (head) {
    const event = events[head.version - 1];
    if (!event || event.seq !== head.version) problems.push(integrityProblem('CHECKPOINT_CUT', { checkpoint: checkpoint.seq, version: head.version }));
    else if (event.hash !== head.headHash) problems.push(integrityProblem('CHECKPOINT_HASH', { checkpoint: checkpoint.seq, version: head.version }));
  }
  return {
    valid: problems.length === 0,
    problems,
    checkpoint: { seq: checkpoint.seq, at: checkpoint.createdAt.toISOString(), version: head?.version ?? 0 },
  };
}

/** State paths are a set; dates compare as instants. */
function normalize(field: keyof ItemRecord, value: unknown): unknown {
  if (field === 'statePaths' && Array.isArray(value)) return [...value].sort();
  if (value instanceof Date) return value.getTime();
  return value;
}
