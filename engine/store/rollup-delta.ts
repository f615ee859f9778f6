/**
 * What moving an item from the rollup rows it counted in (`before`) to those it counts in now
 * (`after`) adds to each row, as [key, n] with n ≠ 0, in key order: statements that lock the
 * same rows lock them in the same order, so two concurrent events never wait on each other in a
 * circle. Shared by item_counts (item-counts.ts) and link_counts (link-counts.ts).
 */
export function rollupDelta(
  before: string[],
  after: string[],
): Array<[key: string, n: number]> {
  const delta = new Map<string, number>();
  for (const key of before) delta.set(key, (delta.get(key) ?? 0) - 1);
  for (const key of after) delta.set(key, (delta.get(key) ?? 0) + 1);
  return [...delta]
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
