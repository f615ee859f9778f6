import type { LocalizedText } from '../../forms/index.js';
import { parentOf, startIndexOf, startsOf, startTimerType } from '../domain/item-start.js';
import { startedItemId } from './started-item-id.js';
import type { ItemRecord } from '../domain/item-record.js';
import type { RuntimePack } from '../packs/pack-registry.js';

/** An item linked to another: named by its flow, which every reader of either may know. */
export interface RelatedItem {
  itemId: string;
  flowTitle: LocalizedText;
}

/** The items an item is linked with by starting (domain/item-start.ts): the one that started it, and those it started. */
export interface RelatedItems {
  parent: RelatedItem | null;
  started: RelatedItem[];
}

/** A trace event's link: the item that started this one (its creation event), or the item this event started. */
export interface TraceLink extends RelatedItem {
  relation: 'startedBy' | 'started';
}

function flowTitle(pack: RuntimePack, flowId: string): LocalizedText {
  return Object.hasOwn(pack.content.flows, flowId) ? pack.content.flows[flowId].meta.title : { 'zh-CN': flowId, en: flowId };
}

/**
 * An item's links, read from its data and schedule alone: the parent its data names, and each
 * start the engine has fired (armed, and no longer waiting), whose item's id is made from the
 * start itself. The parent ran on the same pack version: started items stay on their parent's.
 */
export function relatedItems(pack: RuntimePack, item: Pick<ItemRecord, 'countyId' | 'id' | 'schedule'>, context: Record<string, unknown>): RelatedItems {
  const parent = parentOf(context);
  const armed = item.schedule.starts ?? 0;
  const waiting = item.schedule.timers ?? {};
  const started = startsOf(context).flatMap((start, index) =>
    index < armed && !waiting[startTimerType(index)] ? [{ itemId: startedItemId(item.countyId, item.id, index, start.at), flowTitle: flowTitle(pack, start.flow) }] : [],
  );
  return { parent: parent ? { itemId: parent.itemId, flowTitle: flowTitle(pack, parent.flowId) } : null, started };
}

/**
 * The link an event of the trace carries: the creation event of a started item names its
 * parent; the engine's `engine.start.<n>` event names the item it started (its payload).
 */
export function traceLink(pack: RuntimePack, event: { seq: number; type: string; payload: unknown }, context: Record<string, unknown>): TraceLink | undefined {
  if (event.seq === 1) {
    const parent = parentOf(context);
    return parent && { relation: 'startedBy', itemId: parent.itemId, flowTitle: flowTitle(pack, parent.flowId) };
  }
  const index = startIndexOf(event.type);
  const start = index === undefined ? undefined : startsOf(context)[index];
  const itemId = (event.payload as { itemId?: unknown } | null)?.itemId;
  return start && typeof itemId === 'string' ? { relation: 'started', itemId, flowTitle: flowTitle(pack, start.flow) } : undefined;
}
