import { searchBody, textTokens } from './search-text.js';

/**
 * An item's search row: every string of its data (search-text.ts) and the tokens the GIN index
 * holds. item-repository.ts writes it in the statement that writes the item, and rewrites it
 * only when the text changed: most events add no words, and an unchanged row costs no GIN entries.
 */
export function searchRow(countyId: string, itemId: string, snapshot: unknown) {
  const body = searchBody((snapshot as { context?: unknown } | null)?.context ?? {});
  return { countyId, itemId, body, tokens: textTokens(body) };
}
