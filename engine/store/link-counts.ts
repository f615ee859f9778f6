import type { ItemLink } from '../domain/item-directory.js';
import type { ItemStatus } from '../domain/item-record.js';
import type { LinkCountTable } from './database-schema.js';
import { rollupDelta } from './rollup-delta.js';

/** What link_counts needs of an item: its links, station and status. */
export interface CountedLinks {
  countyId: string;
  stationId: string | null;
  status: ItemStatus;
  links: ItemLink[];
}

/** A change to one link_counts row: its key, and how many to add (negative: to take away). */
export type LinkCountChange = Omit<LinkCountTable, 'n'> & { n: number };


const places = (item: CountedLinks): string[] => item.links.map((l) => `${l.kind}\u0000${l.targetId}\u0000${item.stationId ?? ''}\u0000${item.status}`);

/**
 * What moving an item from `before` (undefined: a new item) to `after` changes in link_counts,
 * in key order (as item-counts.ts, so concurrent statements lock rows in one order). An event
 * that changes neither the links nor the status changes nothing.
 */
export function linkCountChanges(before: CountedLinks | undefined, after: CountedLinks): LinkCountChange[] {
  return rollupDelta(before ? places(before) : [], places(after)).map(([key, n]) => {
    const [kind, targetId, stationId, status] = key.split('\u0000');
    return { countyId: after.countyId, kind: kind as ItemLink['kind'], targetId, stationId, status, n };
  });
}
