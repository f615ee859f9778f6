import { sql, type Kysely } from 'kysely';
import type { ItemRecord } from '../domain/item-record.js';
import type { ItemCountTable } from './database-schema.js';
import { rollupDelta } from './rollup-delta.js';

/**
 * item_counts: how many items of each pack version and flow have each status and, per state
 * path, are in it (path '' counts the items themselves). The statements that write an item add
 * its changes here (item-repository.ts), so a list filtered by pack, flow, status and state
 * reads its exact total from a few rows instead of counting a million items, and an inbox's
 * tabs read theirs the same way.
 */
export type CountedItem = Pick<ItemRecord, 'countyId' | 'packId' | 'packVersion' | 'flowId' | 'status' | 'statePaths' | 'assignee'>;

/** A change to one item_counts row: its key, and how many to add (negative: to take away). */
export type ItemCountChange = Omit<ItemCountTable, 'n'> & { n: number };

const places = (item: CountedItem): string[] => ['', ...item.statePaths].map((path) => `${item.status}\u0000${path}\u0000${item.assignee ?? ''}`);

/**
 * What moving an item from `before` (undefined: a new item) to `after` changes in the counts,
 * in key order: statements that lock the same rows lock them in the same order, so two
 * concurrent events never wait on each other in a circle. An event that changes neither the
 * status nor the state changes nothing.
 */
export function countChanges(before: CountedItem | undefined, after: CountedItem): ItemCountChange[] {
  return rollupDelta(before ? places(before) : [], places(after)).map(([key, n]) => {
    const [status, path, assignee] = key.split('\u0000');
    return { countyId: after.countyId, packId: after.packId, packVersion: after.packVersion, flowId: after.flowId, status, path, assignee, n };
  });
}

/**
 * Counts a county's items again from the items themselves: for data written without the
 * statements above (the migration that adds the table, the large-county generator). Runs in
 * the caller's transaction, with the county set.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the owner's or the application's connection
export async function recountItems(trx: Kysely<any>, countyId: string): Promise<void> {
  // Plain SQL: migrations run it on the owner's connection, whose queries name columns as stored.
  await sql`delete from item_counts where county_id = ${countyId}`.execute(trx);
  await sql`insert into item_counts (county_id, pack_id, pack_version, flow_id, status, path, assignee, n)
    select county_id, pack_id, pack_version, flow_id, status, path, coalesce(assignee, ''), count(*)
    from items cross join lateral unnest(array[''] || state_paths) as path
    where county_id = ${countyId}
    group by 1, 2, 3, 4, 5, 6, 7`.execute(trx);
}
